package dev.aec.runtime.latent;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Corruption of clean images for denoising, written as in a train block: `gaussian(0.5)`. */
public sealed interface Noise {
    /** A noisy copy of `clean` (values in [0, 1]), the same for the same seed. */
    INDArray apply(INDArray clean, long seed);

    /** The setting as written. */
    String describe();

    /** Added normal noise of standard deviation `std`, clipped to [0, 1] as the Keras tutorial. */
    record Gaussian(double std) implements Noise {
        @Override
        public INDArray apply(INDArray clean, long seed) {
            Random random = new Random(seed);
            float[] x = clean.dup('c').data().asFloat();
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.max(0, Math.min(1, x[i] + std * random.nextGaussian()));
            }
            return Nd4j.create(x, clean.shape(), 'c');
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "gaussian(%s)", std);
        }
    }

    /** A share `fraction` of the pixels set to 0 or 1, half each. */
    record SaltAndPepper(double fraction) implements Noise {
        @Override
        public INDArray apply(INDArray clean, long seed) {
            Random random = new Random(seed);
            float[] x = clean.dup('c').data().asFloat();
            for (int i = 0; i < x.length; i++) {
                if (random.nextDouble() < fraction) {
                    x[i] = random.nextBoolean() ? 1f : 0f;
                }
            }
            return Nd4j.create(x, clean.shape(), 'c');
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "salt_and_pepper(%s)", fraction);
        }
    }

    Pattern FORM = Pattern.compile("(gaussian|salt_and_pepper)\\(\\s*([0-9]*\\.?[0-9]+)\\s*\\)");

    /** Parses `gaussian(STD)` or `salt_and_pepper(FRACTION)`. */
    static Noise parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--noise must be gaussian(STD) or salt_and_pepper(FRACTION), found `"
                    + text + "`");
        }
        double value = Double.parseDouble(m.group(2));
        if (m.group(1).equals("gaussian")) {
            return new Gaussian(value);
        }
        if (value > 1) {
            throw new IllegalArgumentException("salt_and_pepper's fraction must be at most 1, found " + value);
        }
        return new SaltAndPepper(value);
    }
}
