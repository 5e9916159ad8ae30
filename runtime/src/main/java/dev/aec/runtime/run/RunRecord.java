package dev.aec.runtime.run;

import java.util.List;
import java.util.Map;

/**
 * What `run.json` holds: where the model came from, its shapes, the hyper-parameters, where
 * training stands and what it measured. Plain data, written and read with Jackson.
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
        String updated) {

    public static final String RUNNING = "running";
    public static final String INTERRUPTED = "interrupted";
    public static final String FINISHED = "finished";

    /** The training settings after command-line overrides. */
    public record Settings(String data, String validation, String loss, String reduction, String optimizer,
                           Map<String, Double> optimizerParameters, int batch, int epochs, boolean shuffle,
                           long seed, Integer limit) {
    }

    /** The next batch to train and the running loss of the current epoch. */
    public record Position(int epoch, int batch, double lossSum, long lossSamples, long samplesSeen,
                           double secondsInEpoch) {
    }

    /** One finished epoch; `validationParts` only for a model with a gaussian layer. */
    public record Epoch(int epoch, double trainLoss, Double validationLoss, LossParts validationParts, double seconds,
                        double samplesPerSecond) {
    }

    /** A gaussian layer's loss in its two parts, per sample: loss = reconstruction + beta * kl (nats). */
    public record LossParts(double reconstruction, double kl) {
    }

    public RunRecord with(String newStatus, Position newPosition, List<Epoch> newEpochs, Double newTestLoss,
                          LossParts newTestParts, double newWallSeconds, long newPeak, String newUpdated) {
        return new RunRecord(aecVersion, model, sourceFile, sourceSha256, input, output, parameters, settings,
                newStatus, newPosition, List.copyOf(newEpochs), newTestLoss, newTestParts, newWallSeconds, newPeak,
                created, newUpdated);
    }
}
