package dev.aec.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.TestPaths;
import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.OptimizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `docs/reference/train.md` is exactly what the compiler's tables say; `-Daec.bless=true` rewrites it. */
class TrainReferenceTest {
    private static final Path PAGE = TestPaths.repo().resolve("docs/reference/train.md");

    @Test
    void referencePageIsMadeFromTheCompilersTables() throws IOException {
        String made = TrainReference.markdown();
        if (TestPaths.bless()) {
            Files.createDirectories(PAGE.getParent());
            Files.writeString(PAGE, made);
        }
        assertThat(PAGE).as("run with -Daec.bless=true to write it").exists();
        assertThat(Files.readString(PAGE))
                .as("docs/reference/train.md differs from what the compiler's tables make; rewrite it with"
                        + " mvn -pl compiler -am test -Dtest=TrainReferenceTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Daec.bless=true")
                .isEqualTo(made);
    }

    @Test
    void everySettingHasARowAndASection() {
        String page = TrainReference.markdown();
        for (TrainSettings.Setting setting : TrainSettings.ALL) {
            assertThat(page).as(setting.name()).contains("| `" + setting.name() + "` | ")
                    .contains("\n## `" + setting.name() + "`\n")
                    .contains("`" + setting.name() + ": " + setting.example() + "`");
        }
    }

    @Test
    void everyValueWordOfEverySettingIsOnThePage() {
        String page = TrainReference.markdown();
        for (TrainSettings.Setting setting : TrainSettings.ALL) {
            for (SettingValues.Value value : SettingValues.of(setting.name())) {
                assertThat(page).as(setting.name() + " " + value.word()).contains("| `" + value.word() + "` | `"
                        + value.example() + "` |");
                value.parameters().forEach(p -> assertThat(page).as(value.word() + " " + p).contains("`" + p + "`"));
            }
        }
    }

    @Test
    void pageSaysWhatTheFilesOfACheckpointRuleAreAndWhenATestSplitIsTaken() {
        assertThat(TrainReference.markdown())
                .contains("| `test` | the named dataset's test split; none for your files |")
                .contains("also `best.sd`, the weights of the epoch with the best monitored loss")
                .contains("also `epoch-NNN.sd`, the weights after every N-th epoch")
                .contains("the first may go without its name, as the learning rate: `adam(0.0005)`");
    }

    @Test
    void everyOptionOfEveryKindOfFileIsOnThePageWithItsDefault() {
        String page = TrainReference.markdown();
        for (DataSource.Format format : DataSource.Format.values()) {
            String section = page.substring(page.indexOf("\n### `" + format.keyword() + "`\n"));
            for (DataOptions.Option option : DataOptions.of(format)) {
                assertThat(section).as(format.keyword() + " " + option.name()).contains("| `" + option.name() + "` | "
                        + option.takes() + " | " + option.defaultText() + " | `" + option.name() + ": ");
            }
        }
        assertThat(page).contains("| `scale` | `none`, `pixels`, `minmax`, `standard` | `pixels` for bytes, else"
                + " `none` |");
    }

    @Test
    void everyOptimizerHasItsParametersWithTheirDefaults() {
        String page = TrainReference.markdown();
        assertThat(page).contains("| `adadelta` | `learning_rate` (`1`), `rho` (`0.95`), `epsilon` (`0.0000001`) |")
                .contains("`nesterov` (`false`)");
        for (OptimizerKind kind : OptimizerKind.values()) {
            assertThat(page).as(kind.keyword()).contains("| `" + kind.keyword() + "` |");
            kind.defaults().keySet().forEach(p -> assertThat(page).as(kind + " " + p).contains("`" + p + "` (`"));
        }
    }

    @Test
    void everyActivationAndDatasetIsOnThePage() {
        String page = TrainReference.markdown();
        for (ActivationKind kind : ActivationKind.values()) {
            assertThat(page).as(kind.keyword()).contains("| `" + kind.keyword() + "` | " + kind.summary());
        }
        for (Datasets.Info info : Datasets.ALL) {
            assertThat(page).as(info.name()).contains("| `" + info.name() + "` | " + info.sampleShape() + " | ");
        }
    }

    @Test
    void defaultsOfControlsAreWhatTheResolverReadsForTheBareWord() {
        assertThat(TrainReference.markdown())
                .contains("Written alone, each takes its defaults: `patience` is `patience(5, min_delta: 0,"
                        + " restore_best: true)`.")
                .contains("`step` is `step(every: 10, factor: 0.5)`")
                .contains("`cosine` is `cosine(alpha: 0)` over the train block's `epochs`")
                .contains("`on_plateau` is `on_plateau(patience: 10, factor: 0.1, min_lr: 0, min_delta: 0.0001,"
                        + " cooldown: 0)`; `warmup` is 0 unless given.");
    }

    @Test
    void everyScheduleKindHasItsDefaultsOnThePage() {
        String page = TrainReference.markdown();
        for (dev.aec.compiler.model.Schedule.Kind kind : dev.aec.compiler.model.Schedule.Kind.values()) {
            assertThat(page).as(kind.keyword()).contains("`" + kind.keyword() + "` is `" + kind.keyword() + "(");
        }
    }
}
