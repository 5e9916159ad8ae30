package dev.aec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RooflineTest {
    @Test
    void aStepsShareOfTheCeilingIsItsFlopsTimesItsRateOverTheCeiling() {
        // The dense autoencoder's 1.35 MFLOP per sample at 30,000 samples/s is 40.5 GFLOP/s.
        Roofline roof = new Roofline(81);
        assertThat(Roofline.achieved(1.35e-3, 30_000)).isCloseTo(40.5, within(1e-9));
        assertThat(roof.fraction(1.35e-3, 30_000)).isCloseTo(0.5, within(1e-9));
        assertThat(roof.cell(1.35e-3, 30_000)).isEqualTo("40.5 (50%)");
        assertThat(roof.line("aec", 1.35e-3, 30_000)).contains("1.35 MFLOP", "30,000 samples/s", "40.5 GFLOP/s",
                "50.0% of this run's SGEMM ceiling of 81.0 GFLOP/s");
    }

    @Test
    void aCeilingMustHaveBeenMeasured() {
        assertThatThrownBy(() -> new Roofline(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Roofline(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDenseStackCountsEveryWeightAndBias() {
        // 784-256-32-256-784: the depth table's one-layer autoencoder, 419,120 parameters.
        assertThat(BenchmarkSuite.denseParameters(new int[] {256, 32, 256})).isEqualTo(419_120);
        assertThat(BenchmarkSuite.denseModel(new int[] {512, 32}, 100)).contains("dense(512, activation: relu)",
                "dense(32, activation: relu)", "dense(784, activation: sigmoid)", "batch: 100");
    }

    @Test
    void theAvx2CapIsAnOptionAndNoOtherIsaIsAccepted() {
        assertThat(BenchmarkSuite.Options.parse(new String[] {"--quick", "--isa", "avx2"}).capToAvx2()).isTrue();
        assertThat(BenchmarkSuite.Options.parse(new String[] {"--quick"}).capToAvx2()).isFalse();
        assertThatThrownBy(() -> BenchmarkSuite.Options.parse(new String[] {"--isa", "avx512"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BenchmarkSuite.AVX2_CAP).containsEntry("ONEDNN_MAX_CPU_ISA", "AVX2")
                .containsEntry("OPENBLAS_CORETYPE", "Haswell");
        assertThat(BenchmarkSuite.Options.parse(new String[] {"--only", "models,stacks"}).sections())
                .isEqualTo(List.of("models", "stacks"));
    }
}
