package dev.aec.compiler.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.source.SourceFile;
import java.nio.file.Path;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each layer kind keeps its own facts consistent: its example compiles to a layer of its class. */
class LayerKindsTest {
    /** Inputs to try, in turn, until one is of the rank the kind takes. */
    private static final List<Shape> INPUTS = List.of(Shape.of(392), Shape.of(8, 8, 2), Shape.of(4, 98));

    /** The example in a model declared as giving its input back: E0302 (declared output differs) is expected. */
    private static Compiler.Result compile(LayerSpec spec, Shape in) {
        String source = "model M : " + in + " -> " + in + " {\n    " + spec.example() + "\n}\n";
        return Compiler.compile(new SourceFile("example.aemodel", source), Path.of("."));
    }

    static Stream<Arguments> kinds() {
        return LayerKinds.all().stream().map(s -> Arguments.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void exampleCompilesToALayerOfTheKindsClass(String name, LayerSpec spec) {
        Shape in = INPUTS.stream().filter(shape -> !compile(spec, shape).diagnostics().sorted().stream()
                .anyMatch(d -> d.code() == Code.E0304)).findFirst().orElseThrow();
        Compiler.Result result = compile(spec, in);
        assertThat(result.diagnostics().sorted()).as(spec.example() + " on " + in)
                .allMatch(d -> d.code() == Code.E0302);
        CheckedProgram program = result.program().orElseThrow();
        Layer layer = ((Op.LayerOp) program.model("M").orElseThrow().def().nodes().get(0).op()).layer();
        assertThat(layer).isInstanceOf(spec.type());
        assertThat(layer.kind()).isEqualTo(spec.name());
        ShapeResult out = layer.output(in);
        assertThat(out).isInstanceOf(ShapeResult.Ok.class);
        long weights = layer.weights(in).stream().mapToLong(w -> w.shape().elements()).sum();
        assertThat(((ShapeResult.Ok) out).params()).as("weights and count agree").isEqualTo(weights);
    }
}
