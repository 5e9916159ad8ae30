package dev.aec.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The repository's own models are clean in the editor as they are for `aec check`. */
class LspModelsTest {
    @Test
    void everyModelInTheRepositoryOpensWithoutDiagnostics() throws IOException {
        List<Path> models;
        try (Stream<Path> files = Files.list(TestPaths.models())) {
            models = files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList();
        }
        assertThat(models).isNotEmpty();
        try (LspSession session = LspSession.start()) {
            for (Path model : models) {
                String uri = session.open(model, Files.readString(model));
                assertThat(session.awaitDiagnostics(uri)).as(model.getFileName().toString()).isEmpty();
                assertThat(session.symbols(uri)).as(model.getFileName().toString()).isNotEmpty()
                        .allSatisfy(s -> assertThat(s.getName()).isNotBlank());
            }
            assertThat(session.problems()).isEmpty();
        }
    }
}
