package dev.aec.graph;

/**
 * The losses of an aec train block, each as Keras defines it: binary cross-entropy, mean squared and
 * mean absolute error per element, and categorical cross-entropy per sample (the mean over samples of
 * {@code -sum(label * log(probability))}).
 */
public enum Loss {
    BINARY_CROSSENTROPY,
    MSE,
    MAE,
    CATEGORICAL_CROSSENTROPY
}
