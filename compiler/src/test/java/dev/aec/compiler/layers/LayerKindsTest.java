package dev.aec.compiler.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.ShapeResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each layer kind keeps its own facts consistent: its example compiles to a layer of its class. */
class LayerKindsTest {
    static Stream<Arguments> kinds() {
        return LayerKinds.all().stream().map(s -> Arguments.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void exampleCompilesToALayerOfTheKindsClass(String name, LayerSpec spec) {
        LayerExamples.Example example = LayerExamples.of(spec);
        Layer layer = example.layer();
        assertThat(layer).isInstanceOf(spec.type());
        assertThat(layer.kind()).isEqualTo(name);
        ShapeResult out = example.output();
        assertThat(out).isInstanceOf(ShapeResult.Ok.class);
        long weights = layer.weights(example.in()).stream().mapToLong(w -> w.shape().elements()).sum();
        assertThat(((ShapeResult.Ok) out).params()).as("weights and count agree").isEqualTo(weights);
        assertThat(example.libraryCall().method()).isNotBlank();
    }
}
