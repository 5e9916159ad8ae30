package dev.aec.runtime.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What `run.json` holds: where the model came from, its shapes, the hyper-parameters, where
 * training stands and what it measured. `evaluation` says in words what the validation and test
 * losses compare (noisy inputs against clean targets, for a denoising run). `sources` lists every
 * source file the run keeps, with its SHA-256; `checkpoint` the SHA-256 of each checkpoint file, so
 * every command can tell an intact run from an edited or damaged one. `controls` is where early
 * stopping and the learning-rate schedule stand, saved with each checkpoint. Plain data, written and
 * read with Jackson; fields added later read as null from older runs.
 */
public record RunRecord(
        String aecVersion,
        String model,
        String sourceFile,
        String sourceSha256,
        String input,
        String output,
        long parameters,
        Settings settings,
        String status,
        Position position,
        List<Epoch> epochs,
        Double testLoss,
        LossParts testParts,
        double wallSeconds,
        long peakResidentBytes,
        String created,
        String updated,
        Double testAccuracy,
        String evaluation,
        List<Source> sources,
        Map<String, String> checkpoint,
        String failure,
        Controls controls,
        Distributed distributed) {

    /** Training, or stopped without a word (killed): with no process holding the lock, it can be resumed. */
    public static final String RUNNING = "running";
    /** Stopped by a signal after saving its position: `--resume` carries on. */
    public static final String INTERRUPTED = "interrupted";
    public static final String FINISHED = "finished";
    /** Stopped by an error (`failure` says which); the last checkpoint is intact and can be resumed. */
    public static final String FAILED = "failed";
    /** Stopped because the loss or a gradient stopped being finite; the last good checkpoint is kept. */
    public static final String DIVERGED = "diverged";
    private static final Set<String> STATUSES = Set.of(RUNNING, INTERRUPTED, FINISHED, FAILED, DIVERGED);

    /**
     * The training settings after command-line overrides; `noise` is null without noise;
     * `checkpointEvery` is how often a checkpoint is written within an epoch (null in older runs);
     * `earlyStop` and `lrSchedule` as the train block set them (null when it did not), `checkpoint`
     * which checkpoints the run keeps (null in older runs, which kept the last).
     */
    public record Settings(String data, String validation, String loss, String reduction, String optimizer,
                           Map<String, Double> optimizerParameters, int batch, int epochs, boolean shuffle,
                           long seed, Integer limit, String noise, String checkpointEvery, String earlyStop,
                           String lrSchedule, String checkpoint) {
    }

    /**
     * Where early stopping and the schedule stand after the last finished epoch: the best monitored
     * loss and its epoch (from 1; both null before any), epochs since it improved, `on_plateau`'s
     * best, wait and cooldown, the learning rate it has reached (null without `on_plateau`),
     * whether early stopping ended the run, and the epoch whose weights were restored at the end
     * (null until then).
     */
    public record Controls(Double best, Integer bestEpoch, int waited, Double plateauBest, int plateauWait, int cooldown,
                           Double learningRate, boolean stopped, Integer restoredEpoch) {
    }

    /**
     * How a run trained on several workers (null for one trained on one machine): the Spark
     * master, the workers sharing each batch, the batches between averagings, and whether the
     * optimizer state was averaged. A resumed run takes them as its own unless told otherwise.
     */
    public record Distributed(String master, int workers, int syncEvery, boolean averageOptimizer) {
    }

    /** The next batch to train and the running loss of the current epoch. */
    public record Position(int epoch, int batch, double lossSum, long lossSamples, long samplesSeen,
                           double secondsInEpoch) {
    }

    /**
     * One finished epoch; `validationParts` only for a model with a gaussian layer, the validation
     * accuracy only for a classifier; the learning rate of its last step (null in older runs).
     */
    public record Epoch(int epoch, double trainLoss, Double validationLoss, LossParts validationParts, double seconds,
                        double samplesPerSecond, Double validationAccuracy, Double learningRate) {
    }

    /** A gaussian layer's loss in its two parts, per sample: loss = reconstruction + beta * kl (nats). */
    public record LossParts(double reconstruction, double kl) {
    }

    /**
     * One source file kept in the run: `file` inside the run directory, `origin` the absolute path it
     * was read from when training started (imports are resolved against it), and its SHA-256.
     */
    public record Source(String file, String origin, String sha256) {
    }

    public RunRecord with(String newStatus, Position newPosition, List<Epoch> newEpochs, Double newTestLoss,
                          LossParts newTestParts, double newWallSeconds, long newPeak, String newUpdated) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings,
                newStatus, newPosition, List.copyOf(newEpochs), newTestLoss, newTestParts, newWallSeconds, newPeak,
                created, newUpdated, testAccuracy, evaluation, sources, checkpoint, failure, controls, distributed);
    }

    /** The same record with the test accuracy of a classifier. */
    public RunRecord withTestAccuracy(Double accuracy) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings, status,
                position, epochs, testLoss, testParts, wallSeconds, peakResidentBytes, created, updated, accuracy,
                evaluation, sources, checkpoint, failure, controls, distributed);
    }

    /** The same record pointing at a new checkpoint's files. */
    public RunRecord withCheckpoint(Map<String, String> files) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings, status,
                position, epochs, testLoss, testParts, wallSeconds, peakResidentBytes, created, updated, testAccuracy,
                evaluation, sources, Map.copyOf(files), failure, controls, distributed);
    }

    /** The same record with where early stopping and the schedule stand. */
    public RunRecord withControls(Controls newControls) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings, status,
                position, epochs, testLoss, testParts, wallSeconds, peakResidentBytes, created, updated, testAccuracy,
                evaluation, sources, checkpoint, failure, newControls, distributed);
    }

    /** The same record trained on several workers as `how` says (null for one machine). */
    public RunRecord withDistributed(Distributed how) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings, status,
                position, epochs, testLoss, testParts, wallSeconds, peakResidentBytes, created, updated, testAccuracy,
                evaluation, sources, checkpoint, failure, controls, how);
    }

    /** The same record with a status and the reason for it (null for none). */
    public RunRecord withStatus(String newStatus, String reason, String newUpdated) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings,
                newStatus, position, epochs, testLoss, testParts, wallSeconds, peakResidentBytes, created, newUpdated,
                testAccuracy, evaluation, sources, checkpoint, reason, controls, distributed);
    }

    /**
     * What is wrong with a record read from disk, in words; empty when it is whole. A record that
     * parses but says something impossible (a batch of 0, an epoch past the end) is as damaged as
     * one that does not parse.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        require(problems, model != null && !model.isBlank(), "`model` is missing");
        require(problems, status != null && STATUSES.contains(status), "`status` is not one of " + STATUSES);
        require(problems, input != null && output != null, "`input` or `output` is missing");
        require(problems, parameters >= 0, "`parameters` is negative");
        require(problems, sourceSha256 != null || sources != null, "no source hash");
        if (settings == null) {
            problems.add("`settings` is missing");
        } else {
            require(problems, settings.data() != null, "`settings.data` is missing");
            require(problems, settings.loss() != null, "`settings.loss` is missing");
            require(problems, settings.batch() >= 1 && settings.batch() <= 1_000_000,
                    "`settings.batch` is out of range: " + settings.batch());
            require(problems, settings.epochs() >= 1 && settings.epochs() <= 1_000_000,
                    "`settings.epochs` is out of range: " + settings.epochs());
            require(problems, settings.seed() >= 0, "`settings.seed` is negative");
            require(problems, settings.limit() == null || settings.limit() >= 1, "`settings.limit` is below 1");
        }
        if (position == null) {
            problems.add("`position` is missing");
        } else if (settings != null) {
            require(problems, position.epoch() >= 0 && position.epoch() <= settings.epochs(),
                    "`position.epoch` is out of range: " + position.epoch());
            require(problems, position.batch() >= 0, "`position.batch` is negative");
            require(problems, position.lossSamples() >= 0 && position.samplesSeen() >= 0,
                    "`position` counts are negative");
            require(problems, Double.isFinite(position.lossSum()), "`position.lossSum` is not finite");
            // The first batch of an epoch always measures the loss, so a run past it has a loss to average.
            require(problems, position.batch() == 0 || position.lossSamples() > 0,
                    "`position.lossSamples` is 0 past the first batch");
        }
        if (epochs == null) {
            problems.add("`epochs` is missing");
        } else {
            for (int i = 0; i < epochs.size(); i++) {
                Epoch e = epochs.get(i);
                require(problems, e != null && e.epoch() == i + 1, "`epochs` entry " + (i + 1) + " is out of order");
            }
            if (position != null) {
                require(problems, epochs.size() == position.epoch(), "`epochs` has " + epochs.size()
                        + " entries, but `position.epoch` is " + position.epoch());
            }
        }
        if (distributed != null) {
            require(problems, distributed.workers() >= 1 && distributed.syncEvery() >= 1
                    && (settings == null || distributed.workers() <= settings.batch()),
                    "`distributed` has " + distributed.workers() + " workers averaging every " + distributed.syncEvery()
                            + " batches");
        }
        if (controls != null) {
            int finished = epochs == null ? 0 : epochs.size();
            require(problems, controls.waited() >= 0 && controls.plateauWait() >= 0 && controls.cooldown() >= 0,
                    "`controls` counts are negative");
            require(problems, (controls.best() == null) == (controls.bestEpoch() == null)
                    && (controls.bestEpoch() == null || controls.bestEpoch() >= 1 && controls.bestEpoch() <= finished),
                    "`controls.bestEpoch` is out of range: " + controls.bestEpoch());
            require(problems, controls.learningRate() == null || controls.learningRate() >= 0,
                    "`controls.learningRate` is negative");
        }
        if (sources != null) {
            require(problems, !sources.isEmpty() && sources.stream().allMatch(RunRecord::wellFormed),
                    "`sources` is malformed");
        }
        if (checkpoint != null) {
            require(problems, checkpoint.entrySet().stream().allMatch(e -> e.getKey() != null
                    && RunDirectory.CHECKPOINT_FILES.contains(e.getKey()) && sha(e.getValue())),
                    "`checkpoint` is malformed");
        }
        return problems;
    }

    private static boolean wellFormed(Source s) {
        return s != null && s.file() != null && sha(s.sha256()) && !s.file().contains("..")
                && !s.file().startsWith("/") && s.file().endsWith(".aemodel");
    }

    private static boolean sha(String value) {
        return value != null && value.matches("[0-9a-f]{64}");
    }

    private static void require(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
