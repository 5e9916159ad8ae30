package dev.aec.cli;

import dev.aec.compiler.model.Noise;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `--noise` as a train block writes `noise:`: `gaussian(0.5)`, `salt_and_pepper(rate: 0.2)`. */
final class NoiseOption {
    private static final Pattern FORM = Pattern.compile(
            "(gaussian|salt_and_pepper)\\(\\s*(?:(stddev|rate)\\s*:\\s*)?([0-9]*\\.?[0-9]+)\\s*\\)");

    private NoiseOption() {
    }

    static Noise parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        String usage = "--noise must be gaussian(STDDEV) or salt_and_pepper(RATE), as in a train block, found `"
                + text + "`";
        if (!m.matches()) {
            throw new IllegalArgumentException(usage);
        }
        boolean gaussian = m.group(1).equals("gaussian");
        if (m.group(2) != null && !m.group(2).equals(gaussian ? "stddev" : "rate")) {
            throw new IllegalArgumentException(usage);
        }
        double value = Double.parseDouble(m.group(3));
        // The span points into the command line, as a train block's points into its file.
        Span span = new Span(new SourceFile("--noise", text), 0, text.length());
        return gaussian ? new Noise.Gaussian(value, span) : new Noise.SaltAndPepper(value, span);
    }
}
