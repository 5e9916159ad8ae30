package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.resolve.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The language guide, the layer reference and the error catalogue cover everything the compiler knows, and the README leads to them. */
class ReferenceDocsTest {
    @Test
    void languageGuideLinksTheGeneratedReferencesForLayersSettingsAndOptimizers() throws IOException {
        String guide = Files.readString(TestPaths.repo().resolve("docs/reference/language-guide.md"));
        // The layers are documented by the generated page (LayerReferenceTest keeps it current).
        assertThat(guide).contains("(layers.md)");
        // So are the train settings (TrainReferenceTest keeps train.md current and checks that every
        // setting has its row and section); a table of them by hand beside it would drift.
        assertThat(guide).contains("(train.md#settings)").doesNotContain("| setting |");
        String train = Files.readString(TestPaths.repo().resolve("docs/reference/train.md"));
        for (TrainSettings.Setting setting : TrainSettings.ALL) {
            assertThat(train).as("setting " + setting.name()).contains("| `" + setting.name() + "` | ");
        }
        // The optimizers' parameters and defaults are on the generated train reference, which the guide links.
        assertThat(guide).contains("(train.md#optimizers)");
        for (OptimizerKind kind : OptimizerKind.values()) {
            assertThat(guide).as("optimizer " + kind.keyword()).contains("`" + kind.keyword() + "`");
            assertThat(train).as("optimizer " + kind.keyword()).contains("| `" + kind.keyword() + "` |");
            kind.defaults().keySet().forEach(p -> assertThat(train).as(kind + " " + p).contains("`" + p + "`"));
        }
    }

    @Test
    void readmeLinksTheReferenceTheErrorCatalogueAndTheOwnImagesTutorialDirectly() throws IOException {
        // A newcomer finds these from the README in one click, and every flag of a command in two
        // (the reference index lists the command-line pages); DocLinksTest checks that the targets exist.
        String readme = Files.readString(TestPaths.repo().resolve("README.md"));
        assertThat(readme).contains("(docs/reference/README.md)", "(docs/reference/language-guide.md)",
                "(docs/reference/layers.md)", "(docs/errors.md)", "(docs/tutorials/own-images.md)");
        String index = Files.readString(TestPaths.repo().resolve("docs/reference/README.md"));
        assertThat(index).contains("(language-guide.md)", "(layers.md)", "(../errors.md)", "(command-line.md)");
    }

    @Test
    void errorCatalogueDocumentsEveryCode() throws IOException {
        String errors = Files.readString(TestPaths.repo().resolve("docs/errors.md"));
        for (Code code : Code.values()) {
            assertThat(errors).as(code.name()).contains("## " + code.name());
        }
    }
}
