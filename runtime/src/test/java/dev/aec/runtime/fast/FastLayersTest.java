package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.layers.LayerKinds;
import org.junit.jupiter.api.Test;

/** The fast executor's registry holds every kind the compiler has, so none falls back to SameDiff unnoticed. */
class FastLayersTest {
    @Test
    void everyLayerKindHasAFastLowering() {
        assertThat(LayerKinds.types())
                .filteredOn(type -> !FastLayers.types().contains(type))
                .as("layer kinds without a fast lowering in FastLayers")
                .extracting(Class::getSimpleName)
                .isEmpty();
    }

    @Test
    void theRegistryLowersNothingButLayerKinds() {
        assertThat(FastLayers.types()).allSatisfy(type -> assertThat(LayerKinds.types()).contains(type));
    }
}
