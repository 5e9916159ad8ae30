package dev.aec.compiler.model;

import java.util.Locale;

/**
 * The losses a train block can name, each as Keras defines it. The reconstruction losses compare
 * the output with the input, element by element (the per-element mean); categorical cross-entropy
 * compares a model's class probabilities with the dataset's labels, one-hot (the mean over
 * samples of `-sum(label * log(probability))`, as Keras's `categorical_crossentropy`).
 */
public enum Loss {
    BINARY_CROSSENTROPY,
    MSE,
    MAE,
    CATEGORICAL_CROSSENTROPY;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the loss measures, in one line for the reference and the editor. */
    public String summary() {
        return switch (this) {
            case BINARY_CROSSENTROPY -> "binary cross-entropy of each output value against the input's, for values "
                    + "in [0, 1] such as a sigmoid's";
            case MSE -> "mean squared error of the output against the input";
            case MAE -> "mean absolute error of the output against the input";
            case CATEGORICAL_CROSSENTROPY -> "cross-entropy of the class probabilities (a softmax's) against the "
                    + "dataset's labels, one-hot";
        };
    }

    /** True when the targets are the dataset's labels rather than the inputs. */
    public boolean classifies() {
        return this == CATEGORICAL_CROSSENTROPY;
    }
}
