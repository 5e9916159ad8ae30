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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each layer kind keeps its own facts consistent: its example compiles to a layer of its class. */
class LayerKindsTest {
    /** An input each kind accepts: images for the spatial kinds, vectors for the rest. */
    private static final Map<String, Shape> INPUTS = Map.of(
            "conv2d", Shape.of(8, 8, 2), "maxpool", Shape.of(8, 8, 2), "upsample", Shape.of(8, 8, 2),
            "reshape", Shape.of(7 * 7 * 8));

    static Stream<Arguments> kinds() {
        return LayerKinds.all().stream().map(s -> Arguments.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void exampleCompilesToALayerOfTheKindsClass(String name, LayerSpec spec) {
        Shape in = INPUTS.getOrDefault(name, Shape.of(16));
        // Declared as giving its input back: only E0302 (declared output differs) may be reported.
        String source = "model M : " + in + " -> " + in + " {\n    " + spec.example() + "\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("example.aemodel", source), Path.of("."));
        assertThat(result.diagnostics().sorted()).as(source).allMatch(d -> d.code() == Code.E0302);
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
