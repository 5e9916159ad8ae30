package dev.aec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of the benchmark harness, in process and on generated data: every measurement runs
 * and reports what the suite reads. Speed itself is measured by `bench/run`, never here.
 */
class BenchmarkSmokeTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void generatedMnist() throws Exception {
        TestData.writeIdx(data, TestData.synthetic(Split.TRAIN, 400, 1), TestData.synthetic(Split.TEST, 100, 2));
        System.setProperty("aec.data", data.toString());
    }

    @AfterAll
    static void forget() {
        System.clearProperty("aec.data");
    }

    @Test
    void flopCountsAreTheIssuesFigures() throws Exception {
        // One epoch: 81 GFLOP for the dense model and 271 GFLOP for the conv model (issue 5).
        assertThat(flopsPerEpoch("dense_autoencoder")).isCloseTo(81, within(1.0));
        assertThat(flopsPerEpoch("conv_autoencoder")).isCloseTo(271, within(3.0));
    }

    @Test
    void throughputRunsForEveryVersion() throws Exception {
        for (String version : List.of("aec", "handwritten", "samediff")) {
            Map<String, Object> r = Measure.run("throughput", model("conv_autoencoder"), version, "2", "10");
            assertThat((double) r.get("samples_per_second")).as(version).isPositive();
            assertThat((long) r.get("peak_rss_bytes")).as(version).isPositive();
        }
    }

    @Test
    void throughputOfAVariationalModelDrawsItsNoise() throws Exception {
        // Two steps after one warm-up step of keras.io's conv VAE, whose sampling layer needs a noise per step.
        Map<String, Object> r = Measure.run("throughput", model("vae_conv"), "aec", "2", "10", "1");
        assertThat((double) r.get("samples_per_second")).isPositive();
        assertThat((double) r.get("gflop_per_sample")).isGreaterThan(0.03);
    }

    @Test
    void theSgemmCeilingIsMeasuredThroughBothLibrariesAndNamesTheirKernels() {
        Map<String, Object> r = SgemmCeiling.run("128");
        assertThat((double) r.get("openblas_gflops_128")).isPositive();
        assertThat((double) r.get("onednn_gflops_128")).isPositive();
        assertThat((double) r.get("ceiling_gflops")).isEqualTo(
                Math.max((double) r.get("openblas_gflops_128"), (double) r.get("onednn_gflops_128")));
        assertThat((String) r.get("onednn_isa")).doesNotStartWith("0x").isNotEqualTo("all");
        assertThat((String) r.get("openblas_core")).isNotEqualTo("unknown");
    }

    @Test
    void growthReportsEverySegment() throws Exception {
        Map<String, Object> r = Measure.run("growth", model("dense_autoencoder"), "aec", "3", "2");
        assertThat((List<?>) r.get("segment_samples_per_second")).hasSize(3);
        assertThat((List<?>) r.get("segment_rss_bytes")).hasSize(3);
    }

    @Test
    void fastAndPlainPathsLearnTheSame() throws Exception {
        Map<String, Object> fast = Measure.run("learning", model("conv_autoencoder"), "aec", "2", "300");
        Map<String, Object> plain = Measure.run("learning", model("conv_autoencoder"), "samediff", "2", "300");
        assertThat(fast.get("step")).isEqualTo("Fast");
        assertThat(plain.get("step")).isEqualTo("Fit");
        List<?> a = (List<?>) fast.get("epoch_test_loss");
        List<?> b = (List<?>) plain.get("epoch_test_loss");
        assertThat(a).hasSize(2);
        for (int e = 0; e < a.size(); e++) {
            double x = (double) a.get(e);
            double y = (double) b.get(e);
            assertThat(Math.abs(x - y) / y).as("epoch " + (e + 1)).isLessThan(0.01);
        }
    }

    @Test
    void checkLatencyIsMeasured() throws Exception {
        Map<String, Object> r = Measure.run("check", model("conv_autoencoder"), "3");
        assertThat(r.get("ok")).isEqualTo(true);
        assertThat((double) r.get("warm_check_ms")).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dataMeasurementsDecodeReopenCompareAndTrainEpochs(@TempDir Path dir) throws Exception {
        System.setProperty("aec.repo", TestData.repo().toString());
        try {
            Map<String, Object> prepared = DataMeasure.run("prepare", dir.toString(), "200", "100", "5");
            assertThat(prepared.get("digits_from")).isEqualTo("mnist");
            String digits = dir.resolve("digits_folder.aemodel").toString();
            String cache = dir.resolve("cache").toString();
            Map<String, Object> first = DataMeasure.run("decode", digits, cache);
            Map<String, Object> second = DataMeasure.run("decode", digits, cache);
            assertThat(first).containsEntry("built", true).containsEntry("samples", 200).containsEntry("rows", "MappedRows");
            assertThat(second).containsEntry("built", false);

            Map<String, Object> compared = DataMeasure.run("compare", digits, cache, "1", "2", "1", "1000",
                    "digits_folder.aemodel", "digits_npy.aemodel", "memory");
            Map<String, ?> contenders = (Map<String, ?>) compared.get("contenders");
            assertThat(contenders.keySet()).containsExactly("digits_folder.aemodel", "digits_npy.aemodel", "memory");
            for (Object c : contenders.values()) {
                Map<?, ?> r = (Map<?, ?>) c;
                assertThat((double) r.get("wait_share")).isStrictlyBetween(0.0, 1.0);
                assertThat((List<?>) r.get("round_samples_per_second")).hasSize(1);
            }
            assertThat(((Map<?, ?>) contenders.get("digits_npy.aemodel")).get("rows")).isEqualTo("MemoryRows");

            Map<String, Object> epochs = DataMeasure.run("epochs", dir.resolve("scenes_folder.aemodel").toString(),
                    cache, "2", "warm");
            assertThat(epochs.get("outcome")).isEqualTo("FINISHED");
            assertThat((List<?>) epochs.get("epochs")).hasSize(2);
            assertThat(epochs.get("samples")).isEqualTo(100);
        } finally {
            System.clearProperty("aec.repo");
        }
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> BenchmarkSuite.Options.parse(new String[] {"--fast"}))
                .hasMessageContaining("usage: bench/run");
        assertThat(BenchmarkSuite.Options.parse(new String[] {"--quick", "--steps", "7"}).steps()).isEqualTo(7);
    }

    private static double flopsPerEpoch(String name) throws Exception {
        var program = Compiler.compileFile(Path.of(model(name))).program().orElseThrow();
        return TrainingFlops.perSample(Lowerer.lower(program, "Autoencoder")) * 60_000 / 1e9;
    }

    private static String model(String name) {
        return TestData.repo().resolve("models").resolve(name + ".aemodel").toString();
    }
}
