package dev.aec.runtime.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Run records made up for tests of what reads runs, written through the run directory's own API. */
public final class SyntheticRuns {
    private static final String SHA = "0".repeat(64);

    private SyntheticRuns() {
    }

    /** An epoch of a plain autoencoder: 1,000 samples a second for 2 seconds. */
    public static RunRecord.Epoch epoch(int n, double train, Double validation) {
        return new RunRecord.Epoch(n, train, validation, null, 2.0, 1000.0, null, null);
    }

    /** An epoch of a VAE: its validation loss and that loss's two parts. */
    public static RunRecord.Epoch vaeEpoch(int n, double train, double reconstruction, double kl) {
        return new RunRecord.Epoch(n, train, reconstruction + kl, new RunRecord.LossParts(reconstruction, kl), 2.0,
                1000.0, null, null);
    }

    /** Epochs 1.. with these training losses and, where `validation` is not null, validation losses. */
    public static List<RunRecord.Epoch> epochs(double[] train, double[] validation) {
        List<RunRecord.Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            epochs.add(epoch(i + 1, train[i], validation == null ? null : validation[i]));
        }
        return epochs;
    }

    /**
     * A whole record of `model` trained on `data` with `planned` epochs, standing after the last of
     * `epochs` (at its first batch), with the given status and test loss (null for none).
     */
    public static RunRecord record(String model, String data, Integer limit, int planned, List<RunRecord.Epoch> epochs,
                                   String status, Double testLoss) {
        RunRecord.Settings settings = new RunRecord.Settings(data, null, "binary_crossentropy", "mean", "adam",
                Map.of("learning_rate", 0.001), 100, planned, true, 42, limit, null, "5m", null, null, null);
        RunRecord.Position position = new RunRecord.Position(epochs.size(), 0, 0, 0, 0, 0);
        String created = "2026-12-03T10:00:0" + Math.min(9, epochs.size()) + "Z";
        return new RunRecord("development", model, "models/" + model + ".aemodel", SHA, "784", "784", 1234, settings,
                status, position, List.copyOf(epochs), testLoss, null, 12.5, 1 << 20, created, created, null,
                "test inputs against the clean images", null, null, null, null, null);
    }

    /**
     * The same record trained with `early_stop: patience(3, min_delta: 0.01)`, whose rule chose
     * `bestEpoch` (a later epoch may be lower by less than the delta).
     */
    public static RunRecord withEarlyStop(RunRecord r, int bestEpoch) {
        RunRecord.Settings s = r.settings();
        RunRecord.Settings settings = new RunRecord.Settings(s.data(), s.validation(), s.loss(), s.reduction(),
                s.optimizer(), s.optimizerParameters(), s.batch(), s.epochs(), s.shuffle(), s.seed(), s.limit(),
                s.noise(), s.checkpointEvery(), "patience(3, min_delta: 0.01)", null, null);
        RunRecord.Epoch best = r.epochs().get(bestEpoch - 1);
        return new RunRecord(r.aecVersion(), r.model(), r.sourceFile(), r.sourceSha256(), r.input(), r.output(),
                r.parameters(), settings, r.status(), r.position(), r.epochs(), r.testLoss(), r.testParts(),
                r.wallSeconds(), r.peakResidentBytes(), r.created(), r.updated(), r.testAccuracy(), r.evaluation(),
                r.sources(), r.checkpoint(), r.failure(), new RunRecord.Controls(
                        best.validationLoss() != null ? best.validationLoss() : best.trainLoss(), bestEpoch, 0, null, 0,
                        0, null, false, null), null);
    }

    /** The same record standing at `batch` of the epoch after its last, as a checkpoint within an epoch leaves it. */
    public static RunRecord withinEpoch(RunRecord record, int batch) {
        RunRecord.Position p = new RunRecord.Position(record.epochs().size(), batch, 1.0, 100, 100, 1.0);
        return record.with(record.status(), p, record.epochs(), record.testLoss(), record.testParts(),
                record.wallSeconds(), record.peakResidentBytes(), record.updated());
    }

    /** Writes `record` as the run.json of a new run directory `dir`, and lets go of its lock. */
    public static Path write(Path dir, RunRecord record) throws RunException {
        try (RunDirectory run = RunDirectory.create(dir, false)) {
            run.writeRecord(record);
        }
        return dir;
    }
}
