package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;

/**
 * Stops training when the monitored loss (the validation loss, else the training loss) has not
 * improved for `patience` epochs, as Keras's `EarlyStopping` in mode `min`: an epoch improves when
 * its loss is below the best so far minus `minDelta`. With `restoreBest` the best epoch's weights
 * are put back at the end of training, stopped early or not.
 */
public record EarlyStop(int patience, double minDelta, boolean restoreBest, Span span) {
    public static final int DEFAULT_PATIENCE = 5;
    public static final double DEFAULT_MIN_DELTA = 0;
    /** Keras's default is false; here the run keeps its best epoch anyway, so it is what one wants. */
    public static final boolean DEFAULT_RESTORE_BEST = true;

    public EarlyStop {
        if (patience < 0 || !(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("patience and min_delta must be at least 0: " + patience + ", " + minDelta);
        }
    }

    @Override
    public String toString() {
        return "patience(" + patience + ", min_delta: " + Numbers.format(minDelta) + ", restore_best: " + restoreBest + ")";
    }
}
