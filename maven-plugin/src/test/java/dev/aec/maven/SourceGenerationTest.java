package dev.aec.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceGenerationTest {
    private static final String VALID = """
            model Net : 4 -> 2 {
              dense(8, activation: relu)
              dense(2)
            }
            """;

    private static final String BROKEN = """
            model Net : 4 -> 2 {
              dense(8, activation: relu)
              dnse(2)
            }
            """;

    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private final SourceGeneration.Sink sink = new SourceGeneration.Sink() {
        @Override
        public void error(String message) {
            errors.add(message);
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }

        @Override
        public void info(String message) {
        }
    };

    @Test
    void validModelBecomesAJavaFileInThePackageAndItsSubfolder(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src/main/aemodel");
        Files.createDirectories(src.resolve("nets"));
        Files.writeString(src.resolve("net.aemodel"), VALID);
        Files.writeString(src.resolve("nets/other.aemodel"), VALID.replace("Net", "Other"));
        Path out = dir.resolve("target/generated-sources/aemodel");

        SourceGeneration.Outcome outcome = SourceGeneration.generate(src, out, "com.example", sink);

        assertThat(errors).isEmpty();
        assertThat(warnings).as("no diagnostics, so no line naming `aec explain`").isEmpty();
        assertThat(outcome.ok()).isTrue();
        assertThat(out.resolve("com/example/Net.java")).exists().content().contains("package com.example;");
        assertThat(out.resolve("com/example/nets/Other.java")).exists().content().contains("package com.example.nets;");
    }

    @Test
    void outputsNewerThanEveryModelAreUpToDate(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Path model = Files.writeString(src.resolve("net.aemodel"), VALID);
        Path out = dir.resolve("out");
        SourceGeneration.generate(src, out, "com.example", sink);

        Files.setLastModifiedTime(model, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(SourceGeneration.generate(src, out, "com.example", sink).upToDate()).isTrue();

        Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(SourceGeneration.generate(src, out, "com.example", sink).upToDate()).isFalse();
    }

    @Test
    void brokenModelFailsWithErrorsAtFileLineAndColumnAndWritesNothing(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("broken.aemodel"), BROKEN);
        Files.writeString(src.resolve("good.aemodel"), VALID.replace("Net", "Good"));
        Path out = dir.resolve("out");

        SourceGeneration.Outcome outcome = SourceGeneration.generate(src, out, "com.example", sink);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.errors()).isEqualTo(1);
        assertThat(outcome.failedFiles()).isEqualTo(1);
        assertThat(errors).hasSize(2);
        String header = errors.get(0).lines().findFirst().orElseThrow();
        assertThat(header).matches(".*broken\\.aemodel:3:3: error\\[E0101\\]: .*`dnse`.*");
        assertThat(errors.get(0)).contains("dnse(2)").contains("^");
        // The same last line as the command line's diagnostics.
        assertThat(errors.get(1)).isEqualTo("For more about this error, run `aec explain E0101`.");
        assertThat(outcome.written()).isEmpty();
        assertThat(out.resolve("com/example/Good.java")).doesNotExist();
    }

    @Test
    void warningsAloneEndWithTheLineNamingTheirCodeAndStillGenerate(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("net.aemodel"), """
                model Net : 784 -> 784 {
                  dense(8, activation: relu)
                  dense(784, activation: softmax)
                }

                train Net {
                  data: mnist
                  loss: binary_crossentropy
                  optimizer: adam
                }
                """);
        Path out = dir.resolve("out");

        SourceGeneration.Outcome outcome = SourceGeneration.generate(src, out, "com.example", sink);

        assertThat(errors).isEmpty();
        assertThat(outcome.ok()).isTrue();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("warning[W0501]");
        assertThat(warnings.get(1)).isEqualTo("For more about this warning, run `aec explain W0501`.");
        assertThat(out.resolve("com/example/Net.java")).exists();
    }
}
