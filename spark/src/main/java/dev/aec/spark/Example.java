package dev.aec.spark;

import java.io.Serializable;

/**
 * One training example as it travels to an executor: its input, already scaled as the model takes
 * it, flattened row-major; and its target when it is not the input itself (a classifier's one-hot
 * label), else null.
 */
public record Example(float[] input, float[] target) implements Serializable {
}
