package dev.aec.runtime.train;

import java.util.Optional;

/**
 * How the batches of an epoch are trained: one at a time on this machine ({@link LocalSteps}), or a
 * round of several at once on other machines whose weights are then averaged. The {@link Trainer}
 * around them keeps the epochs, checkpoints, stops, validation and controls the same for both.
 */
public interface Steps {
    /**
     * How many batches an epoch has, as a run's position counts them: the batches of the whole
     * training set here, those of one worker's share when the set is split between workers.
     */
    int batches();

    /**
     * Trains from batch `batch` of `epoch`, at least one batch and never past the epoch's end, and
     * says how far it got. The model's weights and optimizer state hold the result when it returns.
     */
    Advance take(int epoch, int batch);

    /**
     * What one {@link #take} did: how many batches it trained, the loss summed over the samples of
     * the batches that measured it, the samples trained on, the seconds it took, and what was not
     * finite when the run diverged (then nothing of it counts, and `batch` names where).
     */
    record Advance(int batches, double lossSum, long lossSamples, long samples, double seconds,
                   Optional<String> divergence, int batch) {
        public Advance {
            if (batches < 1 && divergence.isEmpty()) {
                throw new IllegalArgumentException("a step trains at least one batch");
            }
        }

        public static Advance diverged(String what, int batch) {
            return new Advance(0, 0, 0, 0, 0, Optional.of(what), batch);
        }
    }
}
