package dev.aec.compiler.layers;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Each kind's example call compiled on the first of a few inputs it accepts: the reference shows what
 * it gives, and the tests of every backend run every kind through it.
 */
public final class LayerExamples {
    /** Inputs tried in turn: a vector, an image, a matrix. */
    private static final List<Shape> INPUTS = List.of(Shape.of(392), Shape.of(8, 8, 2), Shape.of(4, 98));

    private LayerExamples() {
    }

    /** A kind's example as a layer on `in`, giving `out`. */
    public record Example(LayerSpec spec, Layer layer, Shape in, Shape out) {
    }

    public static List<Example> all() {
        return LayerKinds.all().stream().map(LayerExamples::of).toList();
    }

    /**
     * The example of `spec` on the first input it accepts; an example that does not compile on any is
     * a bug in the kind (LayerKindsTest names it).
     */
    public static Example of(LayerSpec spec) {
        for (Shape in : INPUTS) {
            Optional<Example> example = compile(spec, in);
            if (example.isPresent()) {
                return example.get();
            }
        }
        throw new IllegalStateException("the example `" + spec.example() + "` of `" + spec.name()
                + "` takes none of " + INPUTS);
    }

    /** The example in a model declared as giving its input back, so only E0302 (declared output differs) may be said. */
    private static Optional<Example> compile(LayerSpec spec, Shape in) {
        String source = "model M : " + in + " -> " + in + " {\n    " + spec.example() + "\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("example.aemodel", source), Path.of("."));
        List<Diagnostic> problems = result.diagnostics().sorted();
        if (result.program().isEmpty() || !problems.stream().allMatch(d -> d.code() == Code.E0302)) {
            return Optional.empty();
        }
        Layer layer = ((Op.LayerOp) result.program().get().model("M").orElseThrow().def().nodes().get(0).op()).layer();
        return layer.output(in) instanceof ShapeResult.Ok ok
                ? Optional.of(new Example(spec, layer, in, ok.shape())) : Optional.empty();
    }
}
