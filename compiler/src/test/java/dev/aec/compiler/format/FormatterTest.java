package dev.aec.compiler.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Mutants;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceText;
import dev.aec.compiler.syntax.Lexer;
import dev.aec.compiler.syntax.Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FormatterTest {
    static String format(String text) {
        Diagnostics diagnostics = new Diagnostics();
        return Formatter.format(new SourceFile("t.aemodel", text), diagnostics)
                .orElseThrow(() -> new AssertionError("does not parse: " + diagnostics.sorted()));
    }

    static Stream<Path> modelFiles() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.models())) {
            return files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void modelFilesAreAlreadyCanonical(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(format(text)).isEqualTo(text);
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("an empty file stays empty", "", ""),
                Arguments.of("blank lines alone leave nothing", "\n\n  \n", ""),
                Arguments.of("a comment alone gets one final newline", "  # only this   ", "# only this\n"),
                Arguments.of("an empty body is two braces", "model A : 1 -> 1 {\n\n}", "model A : 1 -> 1 {}\n"),
                Arguments.of("layers on one line go one per line", "model A : 784 -> 10 { flatten dense(10) relu }",
                        "model A : 784 -> 10 {\n  flatten\n  dense(10)\n  relu\n}\n"),
                Arguments.of("an argument list over lines is joined", "model A : 784 -> 10 {\n  dense(\n    10,\n"
                        + "    activation: relu,\n  )\n}\n", "model A : 784 -> 10 {\n  dense(10, activation: relu,)\n}\n"),
                Arguments.of("declarations get one blank line between them", "model A : 1 -> 1 {}\n\n\n\nmodel B : 1 "
                        + "-> 1 {} train B {}", "model A : 1 -> 1 {}\n\nmodel B : 1 -> 1 {}\n\ntrain B {}\n"),
                Arguments.of("a sign and a dotted name touch what follows",
                        "train A { shift : - 1.5 validation : mnist . train }",
                        "train A {\n  shift: -1.5\n  validation: mnist.train\n}\n"),
                Arguments.of("a line comment inside a call continues the call one step in",
                        "model A : 1 -> 1 {\n  dense(1, # units\n  activation: relu)\n}\n",
                        "model A : 1 -> 1 {\n  dense(1, # units\n    activation: relu)\n}\n"),
                Arguments.of("trailing comments of a run share a column", "model A : 1 -> 1 {\n  relu # a\n"
                        + "  dense(1, activation: relu) # b\n\n  relu    # c\n}\n",
                        "model A : 1 -> 1 {\n  relu                       # a\n  dense(1, activation: relu) # b\n\n"
                        + "  relu # c\n}\n"),
                Arguments.of("a comment before a closing brace keeps the body's indent",
                        "model A : 1 -> 1 {\nrelu\n# end\n}", "model A : 1 -> 1 {\n  relu\n  # end\n}\n"),
                Arguments.of("line endings become \\n, also inside block comments",
                        "/* a  \r\n b */\rmodel A : 1 -> 1 {}\r\n", "/* a\n b */\nmodel A : 1 -> 1 {}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void layoutOfSmallFiles(String name, String input, String expected) {
        assertThat(format(input)).isEqualTo(expected);
        assertThat(format(expected)).isEqualTo(expected);
    }

    @Test
    void fileThatDoesNotParseIsRefusedWithItsSyntaxErrors() {
        Diagnostics diagnostics = new Diagnostics();
        Optional<String> result = Formatter.format(new SourceFile("t.aemodel", "model A : 1 -> 1 {\n  dense(1\n}\n"),
                diagnostics);
        assertThat(result).isEmpty();
        assertThat(diagnostics.sorted()).extracting(Diagnostic::code).containsExactly(Code.E0001);
    }

    /**
     * Every parseable model file and diagnostic case, each laid out again many times with random
     * spaces, line breaks and comments between its tokens: formatting keeps the tokens and is a fixed
     * point.
     */
    @Test
    void formattingKeepsEveryTokenAndIsAFixedPointWhateverTheSpacing() throws IOException {
        List<String> seeds = new ArrayList<>();
        for (Path file : modelFiles().toList()) {
            seeds.add(Files.readString(file, StandardCharsets.UTF_8));
        }
        try (Stream<Path> files = Files.list(TestPaths.testResources().resolve("diagnostics"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList()) {
                if (SourceText.decode(Files.readAllBytes(file), "t") instanceof SourceText.Text text
                        && parses(text.text())) {
                    seeds.add(text.text());
                }
            }
        }
        assertThat(seeds).hasSizeGreaterThan(100);
        Random random = new Random(20261204L);
        int checked = 0;
        for (String seed : seeds) {
            for (int i = 0; i < 20; i++) {
                String variant = i == 0 ? seed : respace(seed, random);
                assertThat(parses(variant)).as("a respaced file still parses:\n" + variant).isTrue();
                String formatted = format(variant);
                assertThat(Tokens.of(formatted)).as("tokens of\n" + variant).isEqualTo(Tokens.of(variant));
                assertThat(format(formatted)).as("formatting again\n" + variant).isEqualTo(formatted);
                assertThat(formatted).doesNotContain(" \n").doesNotContain("\r");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(2000);
    }

    /**
     * The robustness test's mutants of the model files (same seed, same count): each one that still
     * parses formats to a fixed point with its tokens unchanged.
     */
    @Test
    void everyParseableMutantKeepsItsTokensAndIsAFixedPoint() throws IOException {
        Mutants mutants = new Mutants(20261124L);
        int parseable = 0;
        for (String seed : Mutants.seeds(TestPaths.models())) {
            List<String> tokens = Mutants.tokens(seed);
            for (int i = 0; i < 1200; i++) {
                String mutant = mutants.mutate(tokens);
                if (!parses(mutant)) {
                    continue;
                }
                String formatted = format(mutant);
                assertThat(Tokens.of(formatted)).as("tokens of\n" + mutant).isEqualTo(Tokens.of(mutant));
                assertThat(format(formatted)).as("formatting again\n" + mutant).isEqualTo(formatted);
                parseable++;
            }
        }
        assertThat(parseable).as("mutants that parse").isGreaterThan(2000);
    }

    /** Comments dropped between tokens: inline, ending a line, on lines of their own, over lines. */
    private static final String[] COMMENTS = {
        " /* b */ ", "/*b*/", " # l\n", "// l\n\n", "\n  # own line\n", "\n/* over\n   lines */\n", " /* \u00e9 \ud83d\ude00 */",
    };

    /**
     * The same tokens with other spaces between them (some gaps emptied or widened, lines broken or
     * joined) and comments dropped into some of the gaps.
     */
    private static String respace(String text, Random random) {
        List<Lexer.Token> tokens = Lexer.tokens(new SourceFile("t.aemodel", text));
        StringBuilder out = new StringBuilder();
        int end = 0;
        for (Lexer.Token token : tokens) {
            String gap = text.substring(end, token.span().start());
            out.append(gap.isEmpty() && random.nextInt(4) > 0 ? "" : randomSpace(random, gap.isEmpty()));
            if (gap.contains("\n") && random.nextInt(3) == 0) {
                out.append('\n');
            }
            if (random.nextInt(8) == 0) {
                out.append(COMMENTS[random.nextInt(COMMENTS.length)]);
            }
            out.append(token.text());
            end = token.span().end();
            if (token.kind() == Lexer.Kind.LINE_COMMENT) {
                out.append(random.nextBoolean() ? "\n" : "  \r\n");
                end = Math.min(text.length(), end + (text.startsWith("\r\n", end) ? 2 : 1));
            }
        }
        return out.toString();
    }

    private static String randomSpace(Random random, boolean mayBeEmpty) {
        String[] pieces = {" ", "  ", "\t", "\n", "\n\n", "\r\n", " \n   "};
        StringBuilder space = new StringBuilder(mayBeEmpty ? "" : " ");
        for (int n = random.nextInt(3); n >= 0; n--) {
            space.append(pieces[random.nextInt(pieces.length)]);
        }
        return space.toString();
    }

    private static boolean parses(String text) {
        return Parser.parse(new SourceFile("t.aemodel", text), new Diagnostics()).isPresent();
    }
}
