package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compile says where every file it read lies, so a tool can point at a mistake in an imported file. */
class CompilerPathsTest {
    @Test
    void aMistakeInAnImportedFileLeadsToThatFilesPath(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Path lib = Files.writeString(dir.resolve("lib/parts.aemodel"), "model Part : 784 -> 784 { densx }\n");
        Path mainPath = dir.resolve("main.aemodel");
        SourceFile main = new SourceFile("main.aemodel", "import \"lib/../lib/parts.aemodel\"\nmodel Net : 784 -> 784 { Part }\n");

        Compiler.Result result = Compiler.compile(main, dir, Optional.of(mainPath));

        Diagnostic unknown = result.diagnostics().sorted().get(0);
        assertThat(unknown.code()).isEqualTo(Code.E0101);
        assertThat(unknown.span().file().displayPath()).isEqualTo("lib/parts.aemodel");
        assertThat(result.pathOf(unknown.span().file())).contains(lib.toAbsolutePath().normalize());
        assertThat(result.pathOf(main)).contains(mainPath.toAbsolutePath().normalize());
    }

    @Test
    void aFileOfTheSameTextThatTheCompileDidNotReadHasNoPath(@TempDir Path dir) throws IOException {
        String text = "model Part : 784 -> 784 { relu }\n";
        Files.writeString(dir.resolve("parts.aemodel"), text);
        Compiler.Result result = Compiler.compile(new SourceFile("main.aemodel", "import \"parts.aemodel\"\n"), dir,
                Optional.of(dir.resolve("main.aemodel")));

        assertThat(result.imports()).hasSize(1);
        assertThat(result.pathOf(new SourceFile("parts.aemodel", text))).isEmpty();
    }

    @Test
    void textCompiledWithoutAPathHasNone(@TempDir Path dir) {
        SourceFile main = new SourceFile("untitled", "model Net : 784 -> 784 { relu }\n");
        assertThat(Compiler.compile(main, dir).pathOf(main)).isEmpty();
    }

    @Test
    void anImportedFileThatIsNotTextLeadsToItsPath(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("picture.aemodel"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        Compiler.Result result = Compiler.compile(new SourceFile("main.aemodel", "import \"picture.aemodel\"\n"), dir,
                Optional.of(dir.resolve("main.aemodel")));

        Diagnostic refused = result.diagnostics().sorted().get(0);
        assertThat(refused.code()).isEqualTo(Code.E0006);
        assertThat(result.pathOf(refused.span().file())).contains(binary.toAbsolutePath().normalize());
    }

    @Test
    void aFileRefusedBeforeParsingLeadsToItsOwnPath(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("main.aemodel"), new byte[] {'m', 0, '\n'});
        Compiler.Result result = Compiler.compileFile(binary);

        Diagnostic refused = result.diagnostics().sorted().get(0);
        assertThat(result.pathOf(refused.span().file())).contains(binary.toAbsolutePath().normalize());
    }
}
