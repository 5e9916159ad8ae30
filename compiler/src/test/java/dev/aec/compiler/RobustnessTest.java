package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of broken inputs made from the real model files: every one must end in diagnostics or
 * success, never an exception, a hang or a stack trace in a message.
 */
class RobustnessTest {
    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|#[^\\n]*|//[^\\n]*|[A-Za-z_][A-Za-z_0-9]*|\\d+(?:x\\d+)*|\\d*\\.\\d+|->|.", Pattern.DOTALL);
    private static final String[] POOL = {
        "{", "}", "(", ")", ",", ":", "=", "->", ".", "-", "model", "train", "import", "return", "x", "relu",
        "dense", "conv2d", "maxpool", "upsample", "flatten", "reshape", "Encoder", "Decoder", "Autoencoder",
        "0", "-1", "1", "3x3", "0x0", "28x28x1x1", "99999999999999999999", "2147483648", "16777217",
        "1e400", "0.0", "\"unterminated", "\"x.aemodel\"", "@", ";", "\u0000", "\u00e9", "\ud83d\ude00",
        "padding", "same", "valid", "kernel", "stride", "activation", "softmax", "data", "loss", "mnist.test",
    };
    private static final int MUTANTS_PER_FILE = 1200;
    private static final int RANDOM_INPUTS = 600;

    private final Random random = new Random(20261124L);
    private final DiagnosticRenderer renderer = new DiagnosticRenderer(false);
    private int inputs;
    private long slowestNanos;

    @Test
    void everyMutatedOrRandomInputEndsInDiagnosticsOrSuccess() throws IOException {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestPaths.models())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList()) {
                seeds.add(Files.readString(file));
            }
        }
        assertThat(seeds).isNotEmpty();
        assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
            for (String seed : seeds) {
                List<String> tokens = tokens(seed);
                for (int i = 0; i < MUTANTS_PER_FILE; i++) {
                    compileSafely(mutate(tokens));
                }
            }
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                compileSafely(randomText(1 + random.nextInt(400)));
            }
            for (String special : specialInputs(seeds.get(0))) {
                compileSafely(special);
            }
        });
        assertThat(inputs).isGreaterThan(3000);
        assertThat(Duration.ofNanos(slowestNanos)).as("slowest single input").isLessThan(Duration.ofSeconds(5));
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

    private String mutate(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !out.isEmpty(); e++) {
            int at = random.nextInt(out.size());
            switch (random.nextInt(7)) {
                case 0 -> out.remove(at);
                case 1 -> out.add(at, out.get(at));
                case 2 -> {
                    int other = random.nextInt(out.size());
                    String t = out.get(at);
                    out.set(at, out.get(other));
                    out.set(other, t);
                }
                case 3 -> out.set(at, POOL[random.nextInt(POOL.length)]);
                case 4 -> out.add(at, POOL[random.nextInt(POOL.length)]);
                case 5 -> out.subList(at, out.size()).clear();
                default -> out.add(at, randomText(1 + random.nextInt(8)));
            }
        }
        return String.join("", out);
    }

    private String randomText(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                sb.append((char) (32 + random.nextInt(95)));
            } else if (kind < 8) {
                sb.append(POOL[random.nextInt(POOL.length)]).append(' ');
            } else if (kind < 9) {
                sb.append((char) random.nextInt(32));
            } else {
                sb.appendCodePoint(128 + random.nextInt(0x2000));
            }
        }
        return sb.toString();
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

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}
