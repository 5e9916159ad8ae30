package dev.aec.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.model.EarlyStop;
import dev.aec.compiler.model.Retention;
import dev.aec.compiler.model.Schedule;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `early_stop`, `lr_schedule` and `checkpoint` resolve with Keras's defaults to what the runtime reads. */
class TrainingControlsTest {
    private static final String MODEL = """
            model Autoencoder : 784 -> 784 {
              dense(64, activation: relu)
              dense(784, activation: sigmoid)
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aBlockWithoutControlsKeepsItsLastCheckpointOnlyAndHasNoScheduleOrEarlyStop() {
        TrainSpec spec = compile("");
        assertThat(spec.earlyStop()).isEmpty();
        assertThat(spec.schedule()).isEmpty();
        assertThat(spec.retention().kind()).isEqualTo(Retention.Kind.LAST);
        assertThat(spec.keepsBest()).isFalse();
    }

    @Test
    void patienceAloneTakesKerasDefaultsButRestoresTheBest() {
        EarlyStop stop = compile("early_stop: patience(3)").earlyStop().orElseThrow();
        assertThat(stop.patience()).isEqualTo(3);
        assertThat(stop.minDelta()).isEqualTo(0.0);
        assertThat(stop.restoreBest()).isTrue();
        assertThat(compile("early_stop: patience").earlyStop().orElseThrow().patience()).isEqualTo(5);
    }

    @Test
    void earlyStopReadsEveryArgument() {
        TrainSpec spec = compile("early_stop: patience(2, min_delta: 0.001, restore_best: false)");
        EarlyStop stop = spec.earlyStop().orElseThrow();
        assertThat(stop.patience()).isEqualTo(2);
        assertThat(stop.minDelta()).isEqualTo(0.001);
        assertThat(stop.restoreBest()).isFalse();
        assertThat(spec.keepsBest()).as("nothing asks for the best weights").isFalse();
        assertThat(compile("early_stop: patience(2)").keepsBest()).as("restore_best needs them").isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "step()                                          | step(every: 10, factor: 0.5)",
        "step(every: 3, factor: 0.2, warmup: 100)        | step(every: 3, factor: 0.2, warmup: 100)",
        "exponential()                                   | exponential(decay: 0.96, every: 1000, staircase: false)",
        "exponential(decay: 0.5, every: 10, staircase: true) | exponential(decay: 0.5, every: 10, staircase: true)",
        "cosine                                          | cosine(alpha: 0)",
        "cosine(epochs: 20, alpha: 0.1, warmup: 5)       | cosine(epochs: 20, alpha: 0.1, warmup: 5)",
        "on_plateau                                      | on_plateau(patience: 10, factor: 0.1, min_lr: 0, min_delta: 0.0001, cooldown: 0)",
        "on_plateau(patience: 2, factor: 0.5, min_lr: 0.001, cooldown: 1) | on_plateau(patience: 2, factor: 0.5, min_lr: 0.001, min_delta: 0.0001, cooldown: 1)"
    })
    void schedulesTakeKerasDefaults(String written, String resolved) {
        assertThat(compile("lr_schedule: " + written).schedule().orElseThrow()).hasToString(resolved);
    }

    @Test
    void cosineWithoutEpochsDecaysOverTheRun() {
        Schedule.Cosine cosine = (Schedule.Cosine) compile("lr_schedule: cosine").schedule().orElseThrow();
        assertThat(cosine.epochs()).isEqualTo(OptionalInt.empty());
        assertThat(cosine.warmup()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"last, LAST, 0", "best, BEST, 0", "every(2), EVERY, 2", "every(epochs: 5), EVERY, 5"})
    void checkpointRules(String written, Retention.Kind kind, int every) {
        Retention retention = compile("checkpoint: " + written).retention();
        assertThat(retention.kind()).isEqualTo(kind);
        assertThat(retention.every()).isEqualTo(every);
    }

    @Test
    void noneSwitchesScheduleAndEarlyStopOff() {
        TrainSpec spec = compile("early_stop: none\n  lr_schedule: none");
        assertThat(spec.earlyStop()).isEmpty();
        assertThat(spec.schedule()).isEmpty();
    }

    @Test
    void theRecordedSpecKeepsTheControls() {
        TrainSpec spec = compile("early_stop: patience(4)\n  lr_schedule: cosine\n  checkpoint: every(3)");
        TrainSpec recorded = spec.with(10, 7, false, 5);
        assertThat(recorded.earlyStop()).isEqualTo(spec.earlyStop());
        assertThat(recorded.schedule()).isEqualTo(spec.schedule());
        assertThat(recorded.retention()).isEqualTo(spec.retention());
        assertThat(recorded.epochs()).isEqualTo(7);
        assertThat(spec.with(10, 7, 5).schedule()).isEqualTo(spec.schedule());
    }

    private TrainSpec compile(String settings) {
        String text = MODEL + """
                train Autoencoder {
                  data: mnist
                  loss: binary_crossentropy
                  optimizer: adadelta
                  %s
                }
                """.formatted(settings);
        Compiler.Result result = Compiler.compile(new SourceFile("controls.aemodel", text), dir);
        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        assertThat(result.ok()).as(() -> result.diagnostics().sorted().stream().map(renderer::render)
                .reduce("", String::concat)).isTrue();
        return result.program().orElseThrow().trains().get(0);
    }
}
