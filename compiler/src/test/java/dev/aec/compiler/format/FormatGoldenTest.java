package dev.aec.compiler.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.TestPaths;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every `format/<case>.aemodel` is formatted and compared with `<case>.formatted`; the result must
 * also be a fixed point and hold the input's tokens. `-Daec.bless=true` rewrites the goldens.
 */
class FormatGoldenTest {
    private static final Path CASES = TestPaths.testResources().resolve("format");

    @TestFactory
    Stream<DynamicTest> everyCaseFormatsToItsGolden() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(7);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private void check(Path input) throws IOException {
        String text = Files.readString(input, StandardCharsets.UTF_8);
        Diagnostics diagnostics = new Diagnostics();
        String formatted = Formatter.format(new SourceFile(input.getFileName().toString(), text), diagnostics)
                .orElseThrow(() -> new AssertionError("a format case must parse: " + diagnostics.sorted()));

        assertThat(Tokens.of(formatted)).as("the tokens of the result").isEqualTo(Tokens.of(text));
        assertThat(FormatterTest.format(formatted)).as("formatting the result again").isEqualTo(formatted);

        Path golden = input.resolveSibling(input.getFileName().toString().replaceFirst("\\.aemodel$", ".formatted"));
        if (TestPaths.bless()) {
            Files.writeString(golden, formatted, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file (run with -Daec.bless=true to create it)").exists();
        assertThat(formatted).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
