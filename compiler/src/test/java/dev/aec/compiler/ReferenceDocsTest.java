package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.resolve.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's language reference, the layer reference and the error catalogue cover everything the compiler knows. */
class ReferenceDocsTest {
    @Test
    void readmeDocumentsEverySettingAndOptimizerAndLinksTheLayerReference() throws IOException {
        String readme = Files.readString(TestPaths.repo().resolve("README.md"));
        // The layers are documented by the generated page (LayerReferenceTest keeps it current).
        assertThat(readme).contains("(docs/reference/layers.md)");
        for (TrainSettings.Setting setting : TrainSettings.ALL) {
            assertThat(readme).as("setting " + setting.name()).contains("| `" + setting.name() + "` | ");
        }
        for (OptimizerKind kind : OptimizerKind.values()) {
            assertThat(readme).as("optimizer " + kind.keyword()).contains("| `" + kind.keyword() + "` |");
            kind.defaults().keySet().forEach(p -> assertThat(readme).as(kind + " " + p).contains("`" + p + "`"));
        }
    }

    @Test
    void errorCatalogueDocumentsEveryCode() throws IOException {
        String errors = Files.readString(TestPaths.repo().resolve("docs/errors.md"));
        for (Code code : Code.values()) {
            assertThat(errors).as(code.name()).contains("## " + code.name());
        }
    }
}
