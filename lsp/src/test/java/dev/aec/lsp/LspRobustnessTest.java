package dev.aec.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Mutants;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server survives whatever the user types: thousands of broken texts, each answered, nothing
 * escaping, every range inside its document; and it holds no more than what is open, however long
 * it runs.
 */
class LspRobustnessTest {
    private static final int MUTANTS = 2_500;

    @TempDir
    Path dir;

    @Test
    void thousandsOfBrokenTextsAreCheckedAndAnsweredWithoutAnythingEscaping() throws IOException {
        List<String> seeds = Mutants.seeds(TestPaths.models());
        Mutants mutants = new Mutants(20261204L);
        Random random = new Random(7);
        Files.writeString(dir.resolve("x.aemodel"), "model Encoder : 784 -> 64 { dense(64) }\n");
        Map<Integer, String> texts = new HashMap<>();
        try (LspSession session = LspSession.start()) {
            String uri = session.open(dir.resolve("fuzz.aemodel"), seeds.get(0));
            texts.put(1, seeds.get(0));
            for (int i = 0; i < MUTANTS; i++) {
                String before = session.text(uri);
                String after = i % 10 == 9 ? mutants.randomText()
                        : mutants.mutate(Mutants.tokens(seeds.get(random.nextInt(seeds.size()))));
                // Most as the smallest range edit an editor would send, some as the whole text.
                if (i % 4 == 0) {
                    session.change(uri, after);
                } else {
                    editTo(session, uri, before, after);
                }
                assertThat(session.text(uri)).isEqualTo(after);
                texts.put(session.version(uri), after);
                SourceFile source = new SourceFile("", after);
                // A request checks the version it is about, so every text is checked and published.
                for (DocumentSymbol symbol : session.symbols(uri)) {
                    assertInside(symbol.getRange(), source, after);
                    assertThat(symbol.getName()).isNotBlank();
                }
                Position somewhere = Positions.position(source, random.nextInt(after.length() + 1));
                session.definition(uri, somewhere).forEach(l -> assertThat(l.getUri()).isNotBlank());
                session.references(uri, somewhere, true).forEach(l -> {
                    if (l.getUri().equals(uri)) {
                        assertInside(l.getRange(), source, after);
                    }
                });
            }
            session.change(uri, seeds.get(0));
            texts.put(session.version(uri), seeds.get(0));
            assertThat(session.awaitDiagnostics(uri)).isEmpty();

            List<PublishDiagnosticsParams> published = session.client().published();
            assertThat(published).hasSizeGreaterThan(MUTANTS / 2);
            for (PublishDiagnosticsParams params : published) {
                String text = texts.get(params.getVersion());
                assertThat(text).as("the text of version %s", params.getVersion()).isNotNull();
                SourceFile source = new SourceFile("", text);
                for (Diagnostic d : params.getDiagnostics()) {
                    assertInside(d.getRange(), source, text);
                    assertThat(d.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
                    for (DiagnosticRelatedInformation related : d.getRelatedInformation() == null
                            ? List.<DiagnosticRelatedInformation>of() : d.getRelatedInformation()) {
                        if (related.getLocation().getUri().equals(uri)) {
                            assertInside(related.getLocation().getRange(), source, text);
                        }
                    }
                }
            }
            assertThat(session.problems()).isEmpty();
        }
    }

    @Test
    void thousandsOfEditsAndOpenedAndClosedDocumentsLeaveOnlyWhatIsOpen() throws IOException {
        Path library = Files.writeString(dir.resolve("lib.aemodel"), "model Encoder : 784 -> 64 { dense(64) }\n");
        try (LspSession session = LspSession.start()) {
            String uri = session.open(dir.resolve("main.aemodel"), "import \"lib.aemodel\"\nmodel Net : 784 -> 64 { Encoder }\n");
            for (int i = 0; i < 3_000; i++) {
                Range end = new Range(new Position(2, 0), new Position(2, 0));
                session.edit(uri, end, i % 2 == 0 ? "# " + i : "");
                if (i % 2 == 1) {
                    session.change(uri, "import \"lib.aemodel\"\nmodel Net : 784 -> 64 { Encoder }\n");
                }
                if (i % 500 == 0) {
                    session.symbols(uri);
                }
            }
            for (int i = 0; i < 500; i++) {
                String other = session.open(dir.resolve("doc" + i + ".aemodel"),
                        "import \"lib.aemodel\"\nmodel M" + i + " : 784 -> 64 { Encoder }\n");
                if (i % 3 == 0) {
                    session.symbols(other);
                }
                session.close(other);
            }
            assertThat(session.awaitDiagnostics(uri)).isEmpty();
            // Answered after every notification before it: the closes are all handled.
            session.symbols(uri);

            Workspace.Footprint footprint = session.server().footprint();
            assertThat(footprint.documents()).isEqualTo(1);
            assertThat(footprint.checked()).isLessThanOrEqualTo(1);
            assertThat(footprint.requested()).isLessThanOrEqualTo(1);
            assertThat(footprint.pendingChecks()).isLessThanOrEqualTo(1);
            assertThat(footprint.importers()).isLessThanOrEqualTo(1);
            assertThat(footprint.importedFiles()).isLessThanOrEqualTo(1);
            assertThat(session.problems()).isEmpty();

            session.close(uri);
            session.symbols(uri);
            assertThat(session.server().footprint()).isEqualTo(new Workspace.Footprint(0, 0, 0, 0, 0, 0));
            assertThat(library).exists();
        }
    }

    /** Sends the one range edit that turns `before` into `after`: what lies between their common start and end. */
    private static void editTo(LspSession session, String uri, String before, String after) {
        int prefix = 0;
        int most = Math.min(before.length(), after.length());
        while (prefix < most && before.charAt(prefix) == after.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < most - prefix
                && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
            suffix++;
        }
        // No position lies between the `\r` and the `\n` of a line break: an edit starts or ends around both.
        if (prefix > 0 && prefix < before.length() && before.charAt(prefix - 1) == '\r' && before.charAt(prefix) == '\n') {
            prefix--;
        }
        int end = before.length() - suffix;
        if (end > 0 && end < before.length() && before.charAt(end - 1) == '\r' && before.charAt(end) == '\n') {
            suffix--;
        }
        SourceFile old = new SourceFile("", before);
        Range range = new Range(Positions.position(old, prefix), Positions.position(old, before.length() - suffix));
        session.edit(uri, range, after.substring(prefix, after.length() - suffix));
    }

    private static void assertInside(Range range, SourceFile source, String text) {
        List<Position> ends = new ArrayList<>(List.of(range.getStart(), range.getEnd()));
        for (Position p : ends) {
            assertThat(p.getLine()).as("line of %s in %s", range, text).isBetween(0, source.lineCount() - 1);
            int length = source.lineEnd(p.getLine() + 1) - source.lineStart(p.getLine() + 1);
            assertThat(p.getCharacter()).as("character of %s in %s", range, text).isBetween(0, length);
        }
        assertThat(Positions.offset(source, range.getStart())).as("%s in %s", range, text)
                .isLessThanOrEqualTo(Positions.offset(source, range.getEnd()));
    }
}
