package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.latent.LatentModel;
import dev.aec.runtime.run.RunData;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.score.Percentile;
import dev.aec.runtime.score.Scores;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntFunction;

/**
 * What `aec encode` and `aec score` compute with a saved run, in plain arrays. Kept out of the
 * command classes: picocli reflects on a command's methods, and a signature naming ND4J-backed
 * types would load ND4J for `aec check`.
 */
final class RunWork {
    private RunWork() {
    }

    /** Each sample's latent, `size` values per sample, and what each sample is called. */
    record Encoded(float[] latents, int size, int count, IntFunction<String> names, boolean variational,
                   String description) {
    }

    /**
     * Each sample's reconstruction error, the threshold and how it was chosen, and what each
     * sample is called.
     */
    record Scored(double[] errors, double threshold, String thresholdSource, IntFunction<String> names,
                  String description) {
        long above() {
            return java.util.Arrays.stream(errors).filter(e -> e > threshold).count();
        }
    }

    static Encoded encode(SavedRun saved, RunDataOptions data, Path path, TrainingProgress progress)
            throws DataException, RunException, LatentException {
        LatentModel latent = LatentModel.of(saved);
        RunExamples.Chosen chosen = RunExamples.examples(data, saved, path, progress);
        float[] z = latent.encodeAll(chosen.examples());
        return new Encoded(z, latent.size(), chosen.examples().count(), chosen.names(), latent.variational(),
                chosen.description());
    }

    /**
     * The errors of the samples at `path`; the threshold is `given`, or the `percentile`-th
     * percentile of the errors on the run's training share.
     */
    static Scored score(SavedRun saved, RunDataOptions data, Path path, TrainingProgress progress,
                        OptionalDouble given, double percentile) throws DataException, RunException {
        RunExamples.Chosen chosen = RunExamples.examples(data, saved, path, progress);
        double[] errors = Scores.of(saved.model(), chosen.examples(), saved.spec().loss(), saved.spec().reduction());
        if (given.isPresent()) {
            return new Scored(errors, given.getAsDouble(), "given", chosen.names(), chosen.description());
        }
        RunData.Loaded loaded;
        try {
            loaded = RunData.load(saved.spec(), saved.model().graph().input(), Optional.empty(),
                    data.location.access(progress), saved.facts(), () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(saved.spec().data().toString(), "interrupted while reading");
        }
        double[] training = Scores.of(saved.model(), loaded.train(), saved.spec().loss(), saved.spec().reduction());
        double threshold = Percentile.of(training, percentile);
        return new Scored(errors, threshold, String.format(Locale.ROOT, "%s percentile of the errors on the %,d "
                + "training samples", ordinal(percentile), training.length), chosen.names(), chosen.description());
    }

    /** `99th`, `99.5th`, `1st`, `2nd`, `3rd`. */
    static String ordinal(double p) {
        String number = p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
        if (p != Math.rint(p)) {
            return number + "th";
        }
        long n = (long) p;
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return number + suffix;
    }
}
