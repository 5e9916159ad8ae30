package dev.aec.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DiagnosticTag;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler's diagnostics in the editor: where they point, when they come, and what they say. */
class LspDiagnosticsTest {
    @TempDir
    Path dir;

    private LspSession session;

    @BeforeEach
    void start() {
        session = LspSession.start();
    }

    @AfterEach
    void stop() {
        session.close();
        assertThat(session.problems()).isEmpty();
    }

    @Test
    void aBrokenModelGetsItsDiagnosticOnTheExactName() {
        String uri = session.open(dir.resolve("net.aemodel"), "model Net : 784 -> 64 {\n  densx(64)\n}\n");

        List<Diagnostic> diagnostics = session.awaitDiagnostics(uri);

        assertThat(diagnostics).singleElement().satisfies(d -> {
            assertThat(d.getRange()).isEqualTo(range(1, 2, 1, 7));
            assertThat(d.getCode().getLeft()).isEqualTo("E0101");
            assertThat(d.getSource()).isEqualTo("aec");
            assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
            assertThat(d.getMessage()).isEqualTo("unknown layer or model `densx`\n"
                    + "not a layer, and no model has this name\n"
                    + "help: did you mean `dense`?");
            JsonObject data = (JsonObject) d.getData();
            assertThat(data.get("code").getAsString()).isEqualTo("E0101");
            assertThat(data.get("helps").getAsJsonArray().get(0).getAsString()).isEqualTo("did you mean `dense`?");
        });
    }

    @Test
    void fixingTheTextPublishesAnEmptyList() {
        String uri = session.open(dir.resolve("net.aemodel"), "model Net : 784 -> 64 {\n  densx(64)\n}\n");
        assertThat(session.awaitDiagnostics(uri)).hasSize(1);

        session.change(uri, "model Net : 784 -> 64 {\n  dense(64)\n}\n");

        assertThat(session.awaitDiagnostics(uri)).isEmpty();
    }

    @Test
    void anIncrementalEditIsAppliedWhereItSays() {
        String uri = session.open(dir.resolve("net.aemodel"), "model Net : 784 -> 64 {\n  densx(64)\n}\n");
        assertThat(session.awaitDiagnostics(uri)).hasSize(1);

        session.edit(uri, range(1, 6, 1, 7), "e");

        assertThat(session.text(uri)).isEqualTo("model Net : 784 -> 64 {\n  dense(64)\n}\n");
        assertThat(session.awaitDiagnostics(uri)).isEmpty();
        session.edit(uri, range(1, 8, 1, 10), "16");
        assertThat(session.awaitDiagnostics(uri)).singleElement()
                .satisfies(d -> assertThat(d.getCode().getLeft()).isEqualTo("E0302"));
    }

    @Test
    void aShapeMismatchPointsAtTheDeclaredOutputAndExplainsWhereTheOtherShapeCameFrom() {
        String uri = session.open(dir.resolve("net.aemodel"), "model Net : 784 -> 32 {\n  dense(64)\n}\n");

        Diagnostic mismatch = session.awaitDiagnostics(uri).get(0);

        assertThat(mismatch.getCode().getLeft()).isEqualTo("E0302");
        assertThat(mismatch.getRange()).isEqualTo(range(0, 19, 0, 21));
        assertThat(mismatch.getMessage())
                .startsWith("model `Net` is declared to produce 32, but its body produces 64\ndeclared 32");
        assertThat(mismatch.getRelatedInformation()).singleElement().satisfies(r -> {
            assertThat(r.getLocation().getUri()).isEqualTo(uri);
            assertThat(r.getLocation().getRange()).isEqualTo(range(1, 2, 1, 11));
            assertThat(r.getMessage()).isEqualTo("produces 64");
        });
    }

    @Test
    void aMistakeInAnImportedFileIsShownOnTheImportLineAndLeadsToItsPlace() throws IOException {
        Path parts = write("lib/parts.aemodel", "model Part : 784 -> 784 {\n  densx\n}\n");
        String uri = session.open(dir.resolve("main.aemodel"),
                "import \"lib/parts.aemodel\"\nmodel Net : 784 -> 784 { Part }\n");

        Diagnostic shown = session.awaitDiagnostics(uri).get(0);

        assertThat(shown.getCode().getLeft()).isEqualTo("E0101");
        assertThat(shown.getRange()).isEqualTo(range(0, 7, 0, 26));
        assertThat(shown.getMessage()).startsWith("lib/parts.aemodel:2:3: unknown layer or model `densx`");
        assertThat(shown.getRelatedInformation().get(0).getLocation().getUri()).isEqualTo(parts.toUri().toString());
        assertThat(shown.getRelatedInformation().get(0).getLocation().getRange()).isEqualTo(range(1, 2, 1, 7));
        assertThat(((JsonObject) shown.getData()).get("uri").getAsString()).isEqualTo(parts.toUri().toString());
        assertThat(session.client().queue(parts.toUri().toString())).isEmpty();
    }

    @Test
    void anUnsavedChangeToAnOpenImportedFileChecksTheFileImportingIt() throws IOException {
        String encoder = "model Encoder : 784 -> 64 {\n  dense(64)\n}\n";
        Path encoderPath = write("enc.aemodel", encoder);
        String main = session.open(dir.resolve("main.aemodel"),
                "import \"enc.aemodel\"\nmodel Net : 784 -> 64 {\n  Encoder\n}\n");
        assertThat(session.awaitDiagnostics(main)).isEmpty();
        String enc = session.open(encoderPath, encoder);
        assertThat(session.awaitDiagnostics(enc)).isEmpty();

        session.change(enc, encoder.replace("64", "32"));

        Diagnostic broken = awaitUntil(main, d -> !d.isEmpty()).get(0);
        assertThat(broken.getCode().getLeft()).isEqualTo("E0302");
        assertThat(broken.getRange()).isEqualTo(range(1, 19, 1, 21));
        session.change(enc, encoder);
        assertThat(awaitUntil(main, List::isEmpty)).isEmpty();
    }

    @Test
    void aChangeDeepInTheImportsChecksEveryOpenFileAboveIt() throws IOException {
        String encoder = "model Encoder : 784 -> 64 {\n  dense(64)\n}\n";
        Path encoderPath = write("enc.aemodel", encoder);
        write("mid.aemodel", "import \"enc.aemodel\"\nmodel Middle : 784 -> 64 { Encoder }\n");
        String main = session.open(dir.resolve("main.aemodel"),
                "import \"mid.aemodel\"\nmodel Net : 784 -> 64 {\n  Middle\n}\n");
        assertThat(session.awaitDiagnostics(main)).isEmpty();
        String enc = session.open(encoderPath, encoder);
        assertThat(session.awaitDiagnostics(enc)).isEmpty();

        session.change(enc, encoder.replace("64", "32"));

        // Middle, in the file between, now gets 32 where it declares 64: shown on the import that leads there.
        assertThat(awaitUntil(main, d -> !d.isEmpty())).singleElement().satisfies(d -> {
            assertThat(d.getCode().getLeft()).isEqualTo("E0302");
            assertThat(d.getRange()).isEqualTo(range(0, 7, 0, 20));
            assertThat(d.getMessage()).startsWith("mid.aemodel:2:");
        });
    }

    @Test
    void aFileChangedOnDiskChecksTheOpenFilesImportingIt() throws IOException {
        String encoder = "model Encoder : 784 -> 64 {\n  dense(64)\n}\n";
        Path encoderPath = write("enc.aemodel", encoder);
        String main = session.open(dir.resolve("main.aemodel"),
                "import \"enc.aemodel\"\nmodel Net : 784 -> 64 {\n  Encoder\n}\n");
        assertThat(session.awaitDiagnostics(main)).isEmpty();

        Files.writeString(encoderPath, encoder.replace("64", "32"));
        session.remote().getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                List.of(new FileEvent(encoderPath.toUri().toString(), FileChangeType.Changed))));

        assertThat(awaitUntil(main, d -> !d.isEmpty())).extracting(d -> d.getCode().getLeft())
                .containsExactly("E0302");
    }

    @Test
    void aCreatedFileThatAnImportWasMissingIsFound() throws IOException {
        String main = session.open(dir.resolve("main.aemodel"),
                "import \"enc.aemodel\"\nmodel Net : 784 -> 64 {\n  Encoder\n}\n");
        assertThat(session.awaitDiagnostics(main)).extracting(d -> d.getCode().getLeft()).contains("E0107");

        Path encoderPath = write("enc.aemodel", "model Encoder : 784 -> 64 {\n  dense(64)\n}\n");
        session.remote().getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                List.of(new FileEvent(encoderPath.toUri().toString(), FileChangeType.Created))));

        assertThat(awaitUntil(main, List::isEmpty)).isEmpty();
    }

    @Test
    void editsInQuickSuccessionAreCheckedOnceAfterTheLast() {
        // A delay far longer than sending six edits takes, even on a busy machine.
        try (LspSession slow = LspSession.start(Duration.ofMillis(800))) {
            String uri = slow.open(dir.resolve("net.aemodel"), "model Net : 784 -> 64 {\n  dense(64)\n}\n");
            assertThat(slow.awaitDiagnostics(uri)).isEmpty();

            for (int units = 1; units <= 5; units++) {
                slow.change(uri, "model Net : 784 -> 64 {\n  densx(" + units + ")\n}\n");
            }
            slow.change(uri, "model Net : 784 -> 64 {\n  dense(64)\n}\n");

            PublishDiagnosticsParams next = slow.awaitPublication(uri);
            assertThat(next.getVersion()).isEqualTo(7);
            assertThat(next.getDiagnostics()).isEmpty();
            assertThat(poll(slow, uri, Duration.ofMillis(1000))).isEmpty();
            assertThat(slow.problems()).isEmpty();
        }
    }

    @Test
    void anUntitledBufferIsCheckedAgainstTheWorkingDirectory() {
        String uri = "untitled:Untitled-1";
        session.open(uri, "model Net : 784 -> 784 { densx }\n");

        assertThat(session.awaitDiagnostics(uri)).extracting(d -> d.getCode().getLeft()).containsExactly("E0101");
    }

    @Test
    void closingADocumentClearsItsDiagnostics() {
        String uri = session.open(dir.resolve("net.aemodel"), "model Net : 784 -> 784 { densx }\n");
        assertThat(session.awaitDiagnostics(uri)).hasSize(1);

        session.close(uri);

        assertThat(session.awaitPublication(uri).getDiagnostics()).isEmpty();
    }

    @Test
    void anUnusedValueIsAWarningTheEditorFades() {
        String uri = session.open(dir.resolve("net.aemodel"),
                "model Net(x: 784) -> 784 {\n  h = relu(x)\n  return relu(x)\n}\n");

        assertThat(session.awaitDiagnostics(uri)).singleElement().satisfies(d -> {
            assertThat(d.getCode().getLeft()).isEqualTo("W0502");
            assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Warning);
            assertThat(d.getTags()).containsExactly(DiagnosticTag.Unnecessary);
            assertThat(d.getRange()).isEqualTo(range(1, 2, 1, 3));
        });
    }

    private List<Diagnostic> awaitUntil(String uri, Predicate<List<Diagnostic>> wanted) {
        List<List<Diagnostic>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + LspSession.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Diagnostic> next = session.awaitPublication(uri).getDiagnostics();
            if (wanted.test(next)) {
                return next;
            }
            seen.add(next);
        }
        throw new AssertionError("never published the diagnostics wanted for " + uri + "; published " + seen);
    }

    private static List<PublishDiagnosticsParams> poll(LspSession session, String uri, Duration wait) {
        List<PublishDiagnosticsParams> more = new ArrayList<>();
        try {
            PublishDiagnosticsParams next = session.client().queue(uri).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (next != null) {
                more.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return more;
    }

    private Path write(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }

    static Range range(int startLine, int startCharacter, int endLine, int endCharacter) {
        return new Range(new Position(startLine, startCharacter), new Position(endLine, endCharacter));
    }
}
