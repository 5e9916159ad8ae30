package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.rows.SampleCache;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cap on the cache of decoded samples, as `aec` reads it from the environment. */
class DataOptionsTest {
    @Test
    void theCacheCapIsTheDefaultUnlessTheEnvironmentSetsASize() throws DataException {
        assertThat(DataOptions.cacheMaxBytes(Map.of())).isEqualTo(20_000_000_000L);
        assertThat(DataOptions.cacheMaxBytes(Map.of(SampleCache.MAX_VARIABLE, "50g"))).isEqualTo(50_000_000_000L);
    }

    @Test
    void aCacheCapThatIsNotASizeIsADataProblemNamingTheVariableWithAFix() {
        assertThatThrownBy(() -> DataOptions.cacheMaxBytes(Map.of(SampleCache.MAX_VARIABLE, "lots")))
                .isInstanceOfSatisfying(DataException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("AEC_SAMPLE_CACHE_MAX=lots: is not a size");
                    assertThat(e.help()).contains("write a size such as AEC_SAMPLE_CACHE_MAX=50g, or unset it for "
                            + "the default, 20g");
                });
    }
}
