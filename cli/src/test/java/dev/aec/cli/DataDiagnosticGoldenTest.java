package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every `data-diagnostics/<case>/` holds a `model.aemodel`, the data files it names, and
 * `expected.stderr`, what `aec check` prints for it. The case is copied to a temporary folder,
 * checked there in process, and the temporary folder is written `.` in the output, so that the
 * golden holds no machine's paths. As in the compiler's diagnostics goldens, a marker comment
 * `# @E0408` says a diagnostic with that code must point at that line of `model.aemodel`, checked
 * on its own so that a wrongly re-blessed golden still fails; `-Daec.bless=true` rewrites the goldens.
 * These cases need the runtime's probe, which reads the data files, hence they live in the cli.
 */
class DataDiagnosticGoldenTest {
    private static final Path CASES = TestPaths.repo().resolve("cli/src/test/resources/data-diagnostics");
    private static final Pattern MARKER = Pattern.compile("#\\s*@(above\\s+)?([EW]\\d{4})");
    private static final Pattern REPORTED = Pattern.compile("(?m)^\\./model\\.aemodel:(\\d+):\\d+: (?:error|warning)\\[([EW]\\d{4})\\]");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyDataErrorGivesItsExpectedDiagnostics() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    @Test
    void everyCodeOfAProbeFindingHasACase() throws IOException {
        Set<String> codes = new TreeSet<>();
        for (Path c : cases()) {
            codes.addAll(markers(Files.readString(c.resolve("model.aemodel"))).stream()
                    .map(m -> m.substring(0, m.indexOf('@'))).toList());
        }
        assertThat(codes).contains("E0306", "E0408", "E0409", "E0410");
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(16);
    }

    private static List<Path> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private void check(Path caseDir) throws IOException {
        Path work = copy(caseDir, tmp.toRealPath().resolve(caseDir.getFileName().toString()));
        CliRun run = CliRun.of("check", work.resolve("model.aemodel").toString());
        String stderr = run.err().replace(work.toString(), ".");

        assertThat(run.exitCode()).as(stderr).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(stderr).as("no path of the machine the test ran on").doesNotContain(tmp.toString());

        List<String> reported = new ArrayList<>();
        Matcher m = REPORTED.matcher(stderr);
        while (m.find()) {
            reported.add(m.group(2) + "@" + m.group(1));
        }
        assertThat(reported).as("diagnostic codes and lines of " + caseDir.getFileName()
                        + " (markers `# @Ecode` in model.aemodel)")
                .containsExactlyInAnyOrderElementsOf(markers(Files.readString(caseDir.resolve("model.aemodel"))));

        Path golden = caseDir.resolve("expected.stderr");
        if (TestPaths.bless()) {
            Files.writeString(golden, stderr, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file (run with -Daec.bless=true to create it)").exists();
        assertThat(stderr).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /** The case's files, `expected.stderr` left out, so the data is all the check can see. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("expected.stderr")) {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static List<String> markers(String model) {
        List<String> markers = new ArrayList<>();
        String[] lines = model.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            while (m.find()) {
                markers.add(m.group(2) + "@" + (m.group(1) != null ? i : i + 1));
            }
        }
        return markers;
    }
}
