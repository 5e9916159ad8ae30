package dev.aec.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A source of broken model texts for robustness tests: real model files with a few of their words
 * and symbols removed, repeated, swapped or replaced, and random text. Seeded, so a failure repeats.
 */
public final class Mutants {
    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|#[^\\n]*|//[^\\n]*|[A-Za-z_][A-Za-z_0-9]*|\\d+(?:x\\d+)*|\\d*\\.\\d+|->|.", Pattern.DOTALL);
    /** Words and symbols a mutant may gain: the language's own, values at its limits, and characters it refuses. */
    private static final String[] POOL = {
        "{", "}", "(", ")", ",", ":", "=", "->", ".", "-", "model", "train", "import", "return", "x", "relu",
        "dense", "conv2d", "maxpool", "upsample", "flatten", "reshape", "Encoder", "Decoder", "Autoencoder",
        "0", "-1", "1", "3x3", "0x0", "28x28x1x1", "99999999999999999999", "2147483648", "16777217",
        "1e400", "0.0", "\"unterminated", "\"x.aemodel\"", "@", ";", "\u0000", "\u00e9", "\ud83d\ude00",
        "padding", "same", "valid", "kernel", "stride", "activation", "softmax", "data", "loss", "mnist.test",
    };

    private final Random random;

    public Mutants(long seed) {
        this.random = new Random(seed);
    }

    /** The texts of the `.aemodel` files in `folder`, in the order of their names. */
    public static List<String> seeds(Path folder) throws IOException {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList()) {
                seeds.add(Files.readString(file));
            }
        }
        return seeds;
    }

    /** The text cut into words, numbers, symbols, comments and spaces; joined again they are the text. */
    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /** The tokens with one to three edits, joined into a text. */
    public String mutate(List<String> tokens) {
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

    /** Random text of 1 to 400 characters. */
    public String randomText() {
        return randomText(1 + random.nextInt(400));
    }

    /** Random text of `length` characters: printable ASCII, the language's words, control characters and others. */
    public String randomText(int length) {
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
}
