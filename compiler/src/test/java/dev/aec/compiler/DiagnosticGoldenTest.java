package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Refusal;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every `diagnostics/<case>.aemodel` is compiled and its rendered diagnostics compared with
 * `<case>.stderr`. A marker comment `# @E0301` on a line says a diagnostic with that code must
 * point at that line (`# @above E0301` points at the line before); markers are checked on their
 * own, so a wrongly re-blessed golden still fails. `-Daec.bless=true` rewrites the goldens.
 */
class DiagnosticGoldenTest {
    private static final Pattern MARKER = Pattern.compile("#\\s*@(above\\s+)?([EW]\\d{4})");
    private static final Path CASES = TestPaths.testResources().resolve("diagnostics");

    @TestFactory
    Stream<DynamicTest> everyBrokenFileGivesItsExpectedDiagnostics() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList();
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    @Test
    void thereAreAtLeastTwentyFiveDistinctCases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            assertThat(files.filter(p -> p.toString().endsWith(".aemodel")).count()).isGreaterThanOrEqualTo(25);
        }
    }

    private void check(Path file) throws IOException {
        // Read as `aec check` reads a file, so a case can be a file that is not UTF-8.
        String name = file.getFileName().toString();
        SourceFile source;
        Diagnostics reported;
        SourceText.Decoded decoded = SourceText.decode(Files.readAllBytes(file), name);
        if (decoded instanceof SourceText.Refused refused) {
            source = refused.span().file();
            reported = new Diagnostics();
            Refusal.of(refused).report(reported);
        } else {
            source = new SourceFile(name, ((SourceText.Text) decoded).text());
            reported = Compiler.compile(source, file.getParent(), java.util.Optional.of(file.toAbsolutePath()))
                    .diagnostics();
        }
        List<Diagnostic> diagnostics = reported.sorted();
        assertThat(diagnostics).as("a golden case must produce at least one diagnostic").isNotEmpty();

        List<String> expectedMarkers = markers(source);
        List<String> actualMarkers = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (d.span().file() == source) {
                actualMarkers.add(d.code().name() + "@" + d.span().line());
            }
        }
        assertThat(actualMarkers).as("diagnostic codes and lines of " + file.getFileName()
                + " (markers `# @Ecode` in the file)").containsExactlyInAnyOrderElementsOf(expectedMarkers);

        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        StringBuilder rendered = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            rendered.append(renderer.render(d)).append('\n');
        }
        Path golden = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.aemodel$", ".stderr"));
        if (TestPaths.bless()) {
            Files.writeString(golden, rendered.toString(), StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file (run with -Daec.bless=true to create it)").exists();
        assertThat(rendered.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    private static List<String> markers(SourceFile source) {
        List<String> markers = new ArrayList<>();
        for (int line = 1; line <= source.lineCount(); line++) {
            Matcher m = MARKER.matcher(source.line(line));
            while (m.find()) {
                markers.add(m.group(2) + "@" + (m.group(1) != null ? line - 1 : line));
            }
        }
        return markers;
    }
}
