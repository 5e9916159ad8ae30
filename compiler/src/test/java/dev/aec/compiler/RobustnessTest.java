package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.source.SourceFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thousands of broken inputs made from the real model files, and inputs however deep, wide, long,
 * many-errored or oddly encoded: every one must end in diagnostics or success, never an exception,
 * a stack overflow, a hang or a stack trace in a message.
 */
class RobustnessTest {
    /** No rendered diagnostic is longer than this, however long the line or the name it quotes. */
    private static final int MAX_RENDERED = 3_000;

    private static final int MUTANTS_PER_FILE = 1200;
    private static final int RANDOM_INPUTS = 600;

    private final Mutants mutants = new Mutants(20261124L);
    private final DiagnosticRenderer renderer = new DiagnosticRenderer(false);
    private int inputs;
    private long slowestNanos;

    @Test
    void everyMutatedOrRandomInputEndsInDiagnosticsOrSuccess() throws IOException {
        List<String> seeds = Mutants.seeds(TestPaths.models());
        assertThat(seeds).isNotEmpty();
        assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
            for (String seed : seeds) {
                List<String> tokens = Mutants.tokens(seed);
                for (int i = 0; i < MUTANTS_PER_FILE; i++) {
                    compileSafely(mutants.mutate(tokens));
                }
            }
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                compileSafely(mutants.randomText());
            }
            for (String special : specialInputs(seeds.get(0))) {
                compileSafely(special);
            }
        });
        assertThat(inputs).isGreaterThan(3000);
        assertThat(Duration.ofNanos(slowestNanos)).as("slowest single input").isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepInputs")
    void deepInputEndsInOneDiagnosticAtTheLevelPastTheLimit(String name, String text, Code code, int line) {
        Compiler.Result result = compileBounded(text);
        List<Diagnostic> errors = result.diagnostics().sorted();
        assertThat(errors).as(name).hasSize(1);
        assertThat(errors.get(0).code()).isEqualTo(code);
        assertThat(errors.get(0).span().line()).isEqualTo(line);
        assertThat(renderer.render(errors.get(0)).length()).isLessThan(MAX_RENDERED);
    }

    static Stream<Arguments> deepInputs() {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            chain.append("model M").append(i).append(" : 784 -> 784 { M").append(i + 1).append(" }\n");
        }
        chain.append("model M20000 : 784 -> 784 { relu }\n");
        StringBuilder cycle = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            cycle.append("model M").append(i).append(" : 784 -> 784 { M").append((i + 1) % 20_000).append(" }\n");
        }
        StringBuilder doubling = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            doubling.append("model M").append(i).append(" : 784 -> 784 {\n  M").append(i + 1).append("\n  M")
                    .append(i + 1).append("\n}\n");
        }
        doubling.append("model M60 : 784 -> 784 { relu }\n");
        return Stream.of(
                Arguments.of("100,000 opening parentheses", "model A : 784 -> 784 { dense" + "(".repeat(100_000) + " }",
                        Code.E0007, 1),
                Arguments.of("100,000 opening braces", "{".repeat(100_000), Code.E0007, 1),
                Arguments.of("calls nested 50,000 deep", "model A(x: 784) -> 784 {\n  y = "
                        + "relu(".repeat(50_000) + "x" + ")".repeat(50_000) + "\n  return y\n}\n", Code.E0007, 2),
                Arguments.of("arguments nested 50,000 deep", "model A : 784 -> 784 {\n  dense("
                        + "units: dense(".repeat(50_000) + ")".repeat(50_001) + "\n}\n", Code.E0007, 2),
                Arguments.of("models used 20,000 deep", chain.toString(), Code.E0112, 19_937),
                Arguments.of("a cycle through 20,000 models", cycle.toString(), Code.E0105, 20_000),
                Arguments.of("models doubling 60 levels deep", doubling.toString(), Code.E0113, 175));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideInputs")
    void wideInputEndsInItsDiagnosticsOrSuccess(String name, String text, List<Code> codes) {
        Compiler.Result result = compileBounded(text);
        List<Diagnostic> diagnostics = result.diagnostics().sorted();
        assertThat(diagnostics).as(name).extracting(Diagnostic::code).containsExactlyElementsOf(codes);
        assertThat(result.ok()).isEqualTo(codes.isEmpty());
        diagnostics.forEach(d -> assertThat(renderer.render(d).length()).isLessThan(MAX_RENDERED));
    }

    static Stream<Arguments> wideInputs() {
        StringBuilder models = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            models.append("model M").append(i).append(" : 784 -> 784 { relu }\n");
        }
        // Each user counts Big's layers again: the fourth takes the file past 200,000.
        StringBuilder users = new StringBuilder("model Big : 784 -> 784 {\n" + "  relu\n".repeat(60_000) + "}\n");
        for (int i = 0; i < 10; i++) {
            users.append("model U").append(i).append(" : 784 -> 784 { Big }\n");
        }
        return Stream.of(
                Arguments.of("a shape of a million sizes", "model A : " + "1x".repeat(1_000_000) + "1 -> 784 { relu }",
                        List.of(Code.E0308)),
                Arguments.of("a shape of 100,000 numbers too large", "model A : "
                        + "99999999999999999999x".repeat(100_000) + "1 -> 784 { relu }", List.of(Code.E0003)),
                Arguments.of("100,000 arguments", "model A : 784 -> 784 { flatten(" + "1, ".repeat(100_000) + ") }",
                        List.of(Code.E0204)),
                Arguments.of("50,000 layers", "model A : 784 -> 784 {\n" + "  relu\n".repeat(50_000) + "}\n",
                        List.of()),
                Arguments.of("150,000 layers", "model A : 784 -> 784 {\n" + "  relu\n".repeat(150_000) + "}\n",
                        List.of(Code.E0113)),
                Arguments.of("20,000 models", models.toString(), List.of()),
                Arguments.of("a model of 60,000 layers used by ten", users.toString(), List.of(Code.E0113)));
    }

    @Test
    void importChainOfTenThousandFilesIsLoadedWithoutRecursion(@TempDir Path dir) throws IOException {
        int files = 10_000;
        for (int i = 1; i < files; i++) {
            String next = i + 1 < files ? "import \"f" + (i + 1) + ".aemodel\"\n" : "import \"f1.aemodel\"\n";
            Files.writeString(dir.resolve("f" + i + ".aemodel"), next + "model M" + i + " : 784 -> 784 { relu }\n");
        }
        Path main = Files.writeString(dir.resolve("main.aemodel"),
                "import \"f1.aemodel\"\nmodel Net : 784 -> 784 { M1 M9999 }\n");
        Compiler.Result result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Compiler.compileFile(main));
        assertThat(result.diagnostics().sorted()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.program().orElseThrow().program().models()).hasSize(files);
    }

    @Test
    void tenThousandErrorsAreAllCountedAndEachRendersShort() {
        StringBuilder text = new StringBuilder();
        for (int m = 0; m < 100; m++) {
            text.append("model Net").append(m).append(" : 784 -> 784 {\n");
            for (int i = 0; i < 100; i++) {
                text.append("  densx").append(i).append("(16)\n");
            }
            text.append("}\n");
        }
        // Linear: a second or two here, where "did you mean" over every declared name took minutes.
        Compiler.Result result = compileBounded(text.toString());
        assertThat(result.diagnostics().errorCount()).isEqualTo(10_000);
        assertThat(result.diagnostics().sorted()).hasSize(10_000)
                .allSatisfy(d -> assertThat(d.code()).isEqualTo(Code.E0101));
        long rendered = result.diagnostics().sorted().stream().mapToLong(d -> renderer.render(d).length()).sum();
        assertThat(rendered).isLessThan(10_000L * 300);
    }

    @Test
    void tenThousandUnknownNamesAmongTenThousandModelsAreCheckedWithoutComparingEveryPair() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            text.append(String.format("model Mdl%05d : 784 -> 784 { Mld%05d }%n", i, (i + 1) % 10_000));
        }
        Compiler.Result result = compileBounded(text.toString());
        assertThat(result.diagnostics().errorCount()).isEqualTo(10_000);
        List<Diagnostic> errors = result.diagnostics().sorted();
        assertThat(errors).allSatisfy(d -> assertThat(d.code()).isEqualTo(Code.E0101));
        // The first mistakes get their suggestion; a suggestion, when given, is the right one.
        assertThat(errors.get(0).helps()).containsExactly("did you mean `Mdl00001`?");
        assertThat(errors).allSatisfy(d -> d.helps().stream().filter(h -> h.startsWith("did you mean")).forEach(h ->
                assertThat(h).isEqualTo("did you mean `Mdl" + d.span().text().substring(3) + "`?")));
    }

    @Test
    void longLinesAndLongNamesAreShownCut() {
        String line = "model A : 784 -> 784 { " + "densx(1) ".repeat(20_000) + "}\n";
        Compiler.Result many = compileBounded(line);
        assertThat(many.diagnostics().errorCount()).isEqualTo(20_000);
        Diagnostic last = many.diagnostics().sorted().get(19_999);
        String rendered = renderer.render(last);
        assertThat(rendered).startsWith("fuzz.aemodel:1:" + (24 + 9 * 19_999) + ": error[E0101]")
                .contains(" | ...").contains("densx(1) densx(1)").hasLineCount(4);
        assertThat(rendered.length()).isLessThan(MAX_RENDERED);
        // The caret sits under the name it reports, inside the cut line.
        String[] lines = rendered.split("\n");
        int caret = lines[2].indexOf('^');
        assertThat(lines[1].substring(caret, caret + 5)).isEqualTo("densx");

        Compiler.Result longName = compileBounded("model A : 784 -> 784 { " + "a".repeat(5_000_000) + " }\n");
        assertThat(longName.diagnostics().sorted()).singleElement()
                .satisfies(d -> assertThat(renderer.render(d).length()).isLessThan(MAX_RENDERED))
                .satisfies(d -> assertThat(d.message()).startsWith("unknown layer or model `aaa").contains("..."));
    }

    @Test
    void fileTooLargeIsOneDiagnosticWhateverItHolds(@TempDir Path dir) throws IOException {
        Path fifty = dir.resolve("fifty.aemodel");
        byte[] lines = "  relu\n".repeat(50 * 1024 * 1024 / 7).getBytes(StandardCharsets.UTF_8);
        Files.write(fifty, lines);
        Compiler.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Compiler.compileFile(fifty));
        assertThat(result.diagnostics().sorted()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0008);
            assertThat(d.message()).isEqualTo("file too large: more than 8,388,608 bytes");
            assertThat(d.span().line()).isEqualTo(1);
        });

        String tokens = "model A : 784 -> 784 {\n" + " relu\n".repeat(400_000) + "}\n";
        List<Diagnostic> tooMany = compileBounded(tokens).diagnostics().sorted();
        assertThat(tooMany).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0008);
            assertThat(d.message()).isEqualTo("file too large: more than 300,000 words and symbols");
            assertThat(d.span().line()).isEqualTo(299_995);
        });

        // Comments and spaces do not count: a 7 MB comment is read.
        String commented = "# " + "x".repeat(7_000_000) + "\nmodel A : 784 -> 784 { relu }\n";
        assertThat(compileBounded(commented).ok()).isTrue();
    }

    @Test
    void unclosedCommentsAndStringsAreEachReadOnce() {
        Compiler.Result comments = compileBounded("model A : 784 -> 784 {\n" + "/* ".repeat(500_000) + "x");
        assertThat(comments.diagnostics().sorted()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0004);
            assertThat(d.message()).isEqualTo("unterminated block comment");
            assertThat(d.span().location()).isEqualTo("fuzz.aemodel:2:1");
        });
        Compiler.Result strings = compileBounded("import \"" + "\\\"".repeat(500_000) + "\n");
        assertThat(strings.diagnostics().sorted()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Code.E0004);
            assertThat(d.span().location()).isEqualTo("fuzz.aemodel:1:8");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddEncodings")
    void oddlyEncodedFileIsADiagnosticAtItsFirstBadByte(String name, byte[] bytes, String location, String message,
                                                       @TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("odd.aemodel"), bytes);
        Compiler.Result result = Compiler.compileFile(file);
        assertThat(result.ok()).isFalse();
        Diagnostic d = result.diagnostics().sorted().get(0);
        assertThat(d.span().location()).endsWith("odd.aemodel:" + location);
        assertThat(d.message()).isEqualTo(message);
        String rendered = renderer.render(d);
        assertThat(rendered).doesNotContain("Exception");
        if (d.code() == Code.E0006) {
            assertThat(d.helps()).isNotEmpty();
        }
    }

    static Stream<Arguments> oddEncodings() {
        String model = "model A : 784 -> 784 {\n  relu\n}\n";
        return Stream.of(
                Arguments.of("a Latin-1 byte", bytes("model A : 784 -> 784 {\n  relu # caf", 0xE9, "\n}\n"), "2:13",
                        "invalid UTF-8: byte 0xE9"),
                Arguments.of("a UTF-8 lone surrogate", bytes("model A : 784 -> 784 {\n  ", 0xED, 0xA0, 0x80, "relu\n}\n"),
                        "2:3", "invalid UTF-8: bytes 0xED 0xA0 0x80"),
                Arguments.of("an overlong slash", bytes("model A : 784 -> 784 {\n  relu ", 0xC0, 0xAF, "\n}\n"),
                        "2:8", "invalid UTF-8: byte 0xC0"),
                Arguments.of("a sequence cut at the end", bytes(model + "# euro ", 0xE2, 0x82), "4:8",
                        "invalid UTF-8: bytes 0xE2 0x82"),
                Arguments.of("a bad byte after an emoji", bytes("# \uD83D\uDE00 ", 0xFF, "\n" + model), "1:5",
                        "invalid UTF-8: byte 0xFF"),
                Arguments.of("UTF-16 little-endian", withBom(model, StandardCharsets.UTF_16LE, 0xFF, 0xFE), "1:1",
                        "file is UTF-16 (little-endian) text, not UTF-8"),
                Arguments.of("UTF-16 big-endian", withBom(model, StandardCharsets.UTF_16BE, 0xFE, 0xFF), "1:1",
                        "file is UTF-16 (big-endian) text, not UTF-8"),
                Arguments.of("UTF-16 without a byte order mark", model.getBytes(StandardCharsets.UTF_16LE), "1:1",
                        "file is UTF-16 (little-endian) text, not UTF-8"),
                Arguments.of("UTF-32", withBom(model, Charset.forName("UTF-32LE"), 0xFF, 0xFE, 0, 0), "1:1",
                        "file is UTF-32 (little-endian) text, not UTF-8"),
                Arguments.of("a NUL byte", bytes("model A : 784 -> 784 {\n  relu ", 0, "\n}\n"), "2:8",
                        "file contains a NUL byte"),
                Arguments.of("a PNG image", bytes("", 0x89, "PNG\r\n", 0x1A, "\n", 0, 0, 0, 0x0D, "IHDR"), "1:1",
                        "not a text file: this is a PNG image"),
                Arguments.of("a gzip archive", bytes("", 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0), "1:1",
                        "not a text file: this is a gzip archive"),
                Arguments.of("an MNIST data file", bytes("", 0, 0, 0x08, 0x03, 0, 0, 0xEA, 0x60), "1:1",
                        "not a text file: this is an IDX data file (the MNIST format)"),
                Arguments.of("a UTF-8 byte order mark is dropped", bytes("", 0xEF, 0xBB, 0xBF,
                        "model A : 784 -> 784 {\n  relu\n  densx\n}\n"), "3:3", "unknown layer or model `densx`"),
                Arguments.of("old Mac line endings", bytes("model A : 784 -> 784 {\r  relu\r  \tdensx\r}\r"), "3:4",
                        "unknown layer or model `densx`"),
                Arguments.of("Windows line endings", bytes("model A : 784 -> 784 {\r\n  relu\r\n  densx\r\n}\r\n"), "3:3",
                        "unknown layer or model `densx`"),
                Arguments.of("an emoji before the mistake", bytes("model A : 784 -> 784 {\n  \uD83D\uDE00 relu\n}\n"),
                        "2:3", "unexpected character `\uD83D\uDE00`"));
    }

    /** Text and byte values in order, as the bytes of a file. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static byte[] withBom(String text, Charset charset, int... bom) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : bom) {
            out.write(b);
        }
        out.writeBytes(text.getBytes(charset));
        return out.toByteArray();
    }

    @Test
    void textThatAsksTheTerminalForAnythingIsShownInert() {
        Compiler.Result result = compileBounded("import \"\u001b[2J\u001b]0;owned\u0007\"\nmodel A : 784 -> 784 { relu }\n");
        String rendered = renderer.render(result.diagnostics().sorted().get(0));
        assertThat(rendered).doesNotContain("\u001b").doesNotContain("\u0007");
        Compiler.Result bidi = compileBounded("model A : 784 -> 784 {\n  relu \u202e\n}\n");
        assertThat(renderer.render(bidi.diagnostics().sorted().get(0))).doesNotContain("\u202e")
                .contains("unexpected character U+202E");
    }

    /** Compiles on this thread with a time limit: a stack overflow or a hang fails the test. */
    private static Compiler.Result compileBounded(String text) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Compiler.compile(new SourceFile("fuzz.aemodel", text), TestPaths.models()));
    }

    private void compileSafely(String text) {
        inputs++;
        long start = System.nanoTime();
        Compiler.Result result;
        try {
            result = Compiler.compile(new SourceFile("fuzz.aemodel", text), TestPaths.models());
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("the compiler threw on this input:\n" + text, e);
        }
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
        if (!result.ok()) {
            assertThat(result.diagnostics().hasErrors()).as("a failed compile reports an error:\n" + text).isTrue();
        }
        for (Diagnostic d : result.diagnostics().sorted()) {
            String rendered = renderer.render(d);
            assertThat(rendered).as("message for input:\n" + text)
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.lang");
            assertThat(rendered).startsWith(d.span().location() + ": ");
        }
    }

    private static List<String> specialInputs(String seed) {
        List<String> special = new ArrayList<>();
        special.add("");
        special.add("\n\n\n");
        special.add("model A : 784 -> 784 { " + "dense(".repeat(10_000) + " }");
        special.add("model A(x: 784) -> 784 { return " + "relu(".repeat(5_000) + "x" + ")".repeat(5_000) + " }");
        special.add("model A : 784 -> 784 {" + " relu\n".repeat(20_000) + "}");
        special.add("model A : 99999999999999999999999 -> 1 {}");
        special.add("model A : 2147483647x2147483647x2147483647 -> 1 { flatten }");
        special.add("model A : 16777216x16777216x16777216 -> 1 { upsample(16777216) flatten dense(16777216) }");
        special.add("model A : 784 -> 784 { dense(16777216) dense(16777216) dense(784) }");
        special.add("model A : 4x4x1 -> 4x4x1 {" + " upsample(2)\n".repeat(40) + "}");
        special.add("model A : 4x4x1 -> 4x4x1 { conv2d(1, kernel: 16777216x16777216, padding: same) }");
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            chain.append("model M").append(i).append(" : 784 -> 784 { M").append(i + 1).append(" }\n");
        }
        chain.append("model M2000 : 784 -> 784 { M0 }\n");
        special.add(chain.toString());
        special.add(seed.repeat(50));
        special.add(seed.replace("\n", "\r\n"));
        special.add(seed.replace(" ", "\t"));
        special.add("import \"" + "../".repeat(200) + "etc/passwd\"\n" + seed);
        special.add("import \"\"\n" + seed);
        special.add("import \"conv_autoencoder.aemodel\"\nimport \"conv_autoencoder.aemodel\"\n" + seed);
        return special;
    }
}
