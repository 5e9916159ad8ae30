package dev.aec.compiler.layers;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.MergeLayer;
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

    /**
     * A kind's example as a layer on `ins` (one input, or a merge's several), giving `out`; `in` is
     * the first.
     */
    public record Example(LayerSpec spec, Layer layer, List<Shape> ins, Shape out) {
        public Example {
            ins = List.copyOf(ins);
        }

        public Shape in() {
            return ins.get(0);
        }

        /** The layer's rule on the example's inputs. */
        public ShapeResult output() {
            return layer instanceof MergeLayer merge ? merge.output(ins) : layer.output(in());
        }

        /** The layer's library call on the example's inputs. */
        public LibraryCall libraryCall() {
            return layer instanceof MergeLayer merge ? merge.libraryCall(ins, out) : layer.libraryCall(in(), out);
        }
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

    /**
     * The example in a model declared as giving its input back, so only E0302 (declared output differs)
     * may be said; a merge's example reads the functional model's input `x`.
     */
    private static Optional<Example> compile(LayerSpec spec, Shape in) {
        boolean merge = MergeLayer.class.isAssignableFrom(spec.type());
        String source = merge ? "model M(x: " + in + ") -> " + in + " {\n    return " + spec.example() + "\n}\n"
                : "model M : " + in + " -> " + in + " {\n    " + spec.example() + "\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("example.aemodel", source), Path.of("."));
        List<Diagnostic> problems = result.diagnostics().sorted();
        if (result.program().isEmpty() || !problems.stream().allMatch(d -> d.code() == Code.E0302)) {
            return Optional.empty();
        }
        var nodes = result.program().get().model("M").orElseThrow().def().nodes();
        var node = nodes.get(nodes.size() - 1);
        Layer layer = ((Op.LayerOp) node.op()).layer();
        List<Shape> ins = node.inputs().stream().map(i -> in).toList();
        ShapeResult out = layer instanceof MergeLayer m ? m.output(ins) : layer.output(in);
        return out instanceof ShapeResult.Ok ok ? Optional.of(new Example(spec, layer, ins, ok.shape())) : Optional.empty();
    }
}
