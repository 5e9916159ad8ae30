package dev.aec.runtime.run;

import java.util.List;
import java.util.Map;

/**
 * What `run.json` holds: where the model came from, its shapes, the hyper-parameters, where
 * training stands and what it measured. `evaluation` says in words what the validation and test
 * losses compare (noisy inputs against clean targets, for a denoising run). Plain data, written
 * and read with Jackson; fields added later read as null from older runs.
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
        String evaluation) {

    public static final String RUNNING = "running";
    public static final String INTERRUPTED = "interrupted";
    public static final String FINISHED = "finished";

    /** The training settings after command-line overrides; `noise` is null without noise. */
    public record Settings(String data, String validation, String loss, String reduction, String optimizer,
                           Map<String, Double> optimizerParameters, int batch, int epochs, boolean shuffle,
                           long seed, Integer limit, String noise) {
    }

    /** The next batch to train and the running loss of the current epoch. */
    public record Position(int epoch, int batch, double lossSum, long lossSamples, long samplesSeen,
                           double secondsInEpoch) {
    }

    /**
     * One finished epoch; `validationParts` only for a model with a gaussian layer, the validation
     * accuracy only for a classifier.
     */
    public record Epoch(int epoch, double trainLoss, Double validationLoss, LossParts validationParts, double seconds,
                        double samplesPerSecond, Double validationAccuracy) {
    }

    /** A gaussian layer's loss in its two parts, per sample: loss = reconstruction + beta * kl (nats). */
    public record LossParts(double reconstruction, double kl) {
    }

    public RunRecord with(String newStatus, Position newPosition, List<Epoch> newEpochs, Double newTestLoss,
                          LossParts newTestParts, double newWallSeconds, long newPeak, String newUpdated) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings,
                newStatus, newPosition, List.copyOf(newEpochs), newTestLoss, newTestParts, newWallSeconds, newPeak,
                created, newUpdated, testAccuracy, evaluation);
    }

    /** The same record with the test accuracy of a classifier. */
    public RunRecord withTestAccuracy(Double accuracy) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings, status,
                position, epochs, testLoss, testParts, wallSeconds, peakResidentBytes, created, updated, accuracy,
                evaluation);
    }
}
