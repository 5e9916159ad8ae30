package dev.aec.cli;

import dev.aec.runtime.run.RunRecord;
import java.util.Locale;
import java.util.Optional;

/**
 * How a loss is worded for people: per pixel for `reduction: mean`, per image in nats for `sum`
 * and for a classifier's categorical cross-entropy, and for a model with a gaussian layer the two
 * parts it adds up.
 */
final class LossUnits {
    private LossUnits() {
    }

    /** `(binary_crossentropy, mean per pixel over the mnist test images)` and its forms. */
    static String describe(String loss, String reduction, String over) {
        if (loss.equals("categorical_crossentropy")) {
            return "(" + loss + ", mean per image over " + over + ")";
        }
        return "sum".equals(reduction)
                ? "(" + loss + " summed over each image's pixels" + (loss.equals("binary_crossentropy") ? ", in nats" : "")
                + ", mean over " + over + ")"
                : "(" + loss + ", mean per pixel over " + over + ")";
    }

    /** `reconstruction 150.1234 + KL 6.5432` (with beta when it is not 1), or empty without parts. */
    static Optional<String> parts(RunRecord.LossParts parts, double total) {
        if (parts == null) {
            return Optional.empty();
        }
        double beta = parts.kl() == 0 ? 1 : (total - parts.reconstruction()) / parts.kl();
        String weight = Math.abs(beta - 1) < 1e-3 ? "" : String.format(Locale.ROOT, "%.3g x ", beta);
        return Optional.of(String.format(Locale.ROOT, "reconstruction %.4f + %sKL %.4f", parts.reconstruction(),
                weight, parts.kl()));
    }
}
