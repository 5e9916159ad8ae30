package dev.aec.compiler.model;

/** The distribution of the random values a layer reads while training, one per value of its input. */
public enum TrainingDraws {
    /** U[0, 1): dropout keeps a value when its draw is at least the rate. */
    UNIFORM,
    /** N(0, 1): gaussian noise scales them by its deviation. */
    NORMAL
}
