package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSourcesTest {
    private static final String BLOCKS = """
            model Block : 784 -> 784 {
              dense(32, activation: relu)
              dense(784, activation: sigmoid)
            }
            """;
    private static final String MAIN = """
            import "lib/blocks.aemodel"

            model Net : 784 -> 784 {
              Block
            }

            train Net {
              data: mnist
              loss: binary_crossentropy
              optimizer: adam
              batch: 32
              epochs: 1
            }
            """;

    @Test
    void compilesKeptSourcesWithoutReadingAnyFile(@TempDir Path dir) {
        // Paths where the files once were; nothing is there now (another machine).
        Path main = dir.resolve("project/net.aemodel");
        Path imported = dir.resolve("project/lib/blocks.aemodel");
        RunSources sources = new RunSources(MAIN, "net.aemodel", Optional.of(main),
                List.of(new Compiler.Imported(imported, BLOCKS)));

        Compiler.Result result = sources.compile();

        assertThat(Files.exists(imported)).isFalse();
        assertThat(result.diagnostics().hasErrors()).as(result.diagnostics().sorted().toString()).isFalse();
        assertThat(result.program()).isPresent();
        assertThat(result.program().get().train("Net")).isPresent();
    }

    @Test
    void anImportNotKeptIsAnErrorNotAFileRead(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("net.aemodel");
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/blocks.aemodel"), BLOCKS);
        RunSources sources = new RunSources(MAIN, "net.aemodel", Optional.of(main), List.of());

        Compiler.Result result = sources.compile();

        assertThat(result.diagnostics().hasErrors()).isTrue();
        assertThat(result.program()).isEmpty();
    }
}
