package dev.aec.runtime.run;

import dev.aec.runtime.picture.LossChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The loss curves of runs, from their records: each run's `loss.png`, drawn again whenever an
 * epoch ends so that it can be watched while the run trains, and the picture of `aec compare`.
 */
public final class LossCurves {
    /** A run and the name it is shown by. */
    public record Named(String name, RunRecord record) {
    }

    private LossCurves() {
    }

    /**
     * Draws `loss.png` when `record` was written at the end of an epoch; a checkpoint within an
     * epoch adds no point to the curves, so it draws nothing.
     */
    public static void update(RunDirectory dir, RunRecord record) throws RunException {
        if (record.position().batch() == 0 && !record.epochs().isEmpty()) {
            write(dir.path(), record);
        }
    }

    /** Draws a run's `loss.png`; a run without a finished epoch has no curve, and gets none. */
    public static void write(Path runDir, RunRecord record) throws RunException {
        if (record.epochs().isEmpty()) {
            return;
        }
        String name = runDir.toAbsolutePath().normalize().getFileName().toString();
        // Drawn before the file is opened: a drawing failure is a bug, never reported as a disk's.
        LossChart.Drawn drawn = LossChart.draw(curves(name, record));
        RunDirectory.writeAtomically(runDir.resolve(RunDirectory.LOSS), out -> LossChart.writePng(drawn, out));
    }

    /** What a run's `loss.png` shows. */
    public static LossChart.RunCurves curves(String name, RunRecord record) {
        List<RunRecord.Epoch> epochs = record.epochs();
        boolean validated = epochs.stream().anyMatch(e -> e.validationLoss() != null);
        boolean parts = epochs.stream().anyMatch(e -> e.validationParts() != null);
        LossChart.Series train = series("training loss", epochs, RunRecord.Epoch::trainLoss);
        Optional<LossChart.Series> validation = validated
                ? Optional.of(series("validation loss", epochs, e -> orNaN(e.validationLoss())))
                : Optional.empty();
        Optional<LossChart.Series> reconstruction = parts
                ? Optional.of(series("validation reconstruction", epochs,
                        e -> e.validationParts() == null ? Double.NaN : e.validationParts().reconstruction()))
                : Optional.empty();
        Optional<LossChart.Series> kl = parts
                ? Optional.of(series("validation KL", epochs,
                        e -> e.validationParts() == null ? Double.NaN : e.validationParts().kl()))
                : Optional.empty();
        int planned = record.settings().epochs();
        // No status: the picture is drawn as an epoch ends, before the run is marked finished.
        String subtitle = String.format(Locale.ROOT, "%s: %s, %d of %d epochs", name, data(record.settings()),
                epochs.size(), planned);
        // With early stopping, the best epoch is the one its rule chose, whose weights the run keeps.
        java.util.OptionalInt kept = record.controls() != null && record.controls().bestEpoch() != null
                && record.settings().earlyStop() != null
                ? java.util.OptionalInt.of(record.controls().bestEpoch()) : java.util.OptionalInt.empty();
        return new LossChart.RunCurves(record.model() + ": loss per epoch", subtitle, lossName(record.settings()),
                planned, train, validation, reconstruction, kl, kept);
    }

    /**
     * The runs' validation loss per epoch in one picture, or their training loss when any of them
     * has no validation loss (one kind of loss on one axis, said in its label).
     */
    public static LossChart.Drawn comparison(List<Named> runs) {
        boolean validated = !runs.isEmpty() && runs.stream().allMatch(r -> r.record().epochs().stream()
                .anyMatch(e -> e.validationLoss() != null));
        List<LossChart.Series> series = new ArrayList<>();
        List<String> losses = new ArrayList<>();
        for (Named run : runs) {
            series.add(validated
                    ? series(run.name(), run.record().epochs(), e -> orNaN(e.validationLoss()))
                    : series(run.name(), run.record().epochs(), RunRecord.Epoch::trainLoss));
            String loss = lossName(run.record().settings());
            if (!losses.contains(loss)) {
                losses.add(loss);
            }
        }
        String which = validated ? "validation loss" : "training loss";
        String title = which.substring(0, 1).toUpperCase(Locale.ROOT) + which.substring(1) + " per epoch of "
                + runs.size() + (runs.size() == 1 ? " run" : " runs");
        String subtitle = losses.size() == 1 ? "" : "the runs measure different losses (" + String.join("; ", losses)
                + "), so their values do not compare";
        return LossChart.compare(title, subtitle, which + " (" + String.join("; ", losses) + ")", series);
    }

    /** `mnist`, `mnist, first 3,000` with a limit. */
    static String data(RunRecord.Settings settings) {
        return settings.limit() == null ? settings.data()
                : String.format(Locale.ROOT, "%s, first %,d", settings.data(), settings.limit());
    }

    /** The loss and, when it is not the per-element mean, how it is reduced. */
    static String lossName(RunRecord.Settings settings) {
        return "sum".equals(settings.reduction()) ? settings.loss() + ", summed per sample" : settings.loss();
    }

    private static LossChart.Series series(String name, List<RunRecord.Epoch> epochs,
                                           ToDoubleFunction<RunRecord.Epoch> value) {
        int[] at = new int[epochs.size()];
        double[] values = new double[epochs.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = epochs.get(i).epoch();
            values[i] = value.applyAsDouble(epochs.get(i));
        }
        return new LossChart.Series(name, at, values);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
