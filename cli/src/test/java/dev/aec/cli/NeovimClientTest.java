package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Diagnostic;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `aec lsp` driven by a language client nobody here wrote: Neovim's own, headless, through the
 * script in `neovim/drive.lua`. It opens a model with a shape error, waits for the diagnostics,
 * hovers over a layer and writes what it received. Skipped where Neovim is not installed (CI
 * installs Debian's `neovim`).
 */
class NeovimClientTest {
    private static final String MODEL = """
            model Encoder : 784 -> 32 {
              dense(64, activation: relu)
              dense(32, activation: relu)
            }

            model Decoder : 32 -> 784 {
              dense(64, activation: relu)
              dense(78, activation: sigmoid)
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void neovimsClientShowsTheCompilersDiagnosticsAndHovers() throws Exception {
        Optional<Path> nvim = onPath("nvim");
        assumeTrue(nvim.isPresent(), "Neovim (nvim) is not on the PATH; install Debian's neovim to run this test");
        Path model = Files.writeString(tmp.resolve("shapes.aemodel"), MODEL, StandardCharsets.UTF_8);
        Path script = Path.of(NeovimClientTest.class.getResource("/neovim/drive.lua").toURI());
        Path out = tmp.resolve("received.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String server = String.join("\n", java, "-Xshare:off", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "lsp");

        ProcessBuilder builder = new ProcessBuilder(nvim.get().toString(), "--headless", "-u", "NONE", "-i", "NONE", "-n",
                "-c", "luafile " + script).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("nvim.log").toFile());
        builder.environment().put("AEC_LSP_CMD", server);
        builder.environment().put("AEC_MODEL", model.toString());
        builder.environment().put("AEC_OUT", out.toString());
        builder.environment().put("AEC_HOVER_LINE", "1");
        builder.environment().put("AEC_HOVER_CHAR", "3");
        builder.environment().put("HOME", tmp.toString());
        builder.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("Neovim finished").isTrue();
        assertThat(out).as(Files.readString(tmp.resolve("nvim.log"))).isRegularFile();

        JsonNode received = new ObjectMapper().readTree(out.toFile());
        assertThat(received.path("error").isMissingNode()).as(received.toString()).isTrue();
        assertThat(received.path("diagnostics_arrived").asBoolean()).as(received.toString()).isTrue();

        // What the compiler itself says about the file, to compare the client's view with.
        List<Diagnostic> expected = Compiler.compileFile(model).diagnostics().sorted();
        assertThat(expected).isNotEmpty();
        Diagnostic compilers = expected.get(0);
        JsonNode first = null;
        for (JsonNode shown : received.path("diagnostics")) {
            if (shown.path("code").asText().equals(compilers.code().name())) {
                first = shown;
            }
        }
        assertThat(first).as("the client's diagnostic %s among %s", compilers.code(), received).isNotNull();
        assertThat(first.path("line").asInt()).isEqualTo(compilers.span().line() - 1);
        assertThat(first.path("col").asInt()).isEqualTo(compilers.span().column() - 1);
        assertThat(first.path("code").asText()).isEqualTo(compilers.code().name());
        assertThat(first.path("message").asText()).contains(compilers.message());
        assertThat(received.path("diagnostics")).hasSize(expected.size());

        assertThat(received.path("capabilities").path("hover").asBoolean()).isTrue();
        assertThat(received.path("hover").asText()).as(received.toString()).contains("64");
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
