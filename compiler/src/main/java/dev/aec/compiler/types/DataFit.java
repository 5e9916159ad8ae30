package dev.aec.compiler.types;

/**
 * How a dataset's samples meet a model's input. Images (28x28x1) feed a model whose input is
 * the same shape, the same without its trailing channel (28x28), or a vector of the same number
 * of elements (784), which receives the pixels row-major as Keras's `x.reshape(-1, 784)`.
 */
public final class DataFit {
    private DataFit() {
    }

    /** The ways a sample can be fed; {@link #NONE} when it cannot. */
    public enum Feed {
        AS_IS,
        DROP_CHANNEL,
        FLATTENED,
        NONE
    }

    public static Feed feed(Shape data, Shape input) {
        if (data.equals(input)) {
            return Feed.AS_IS;
        }
        if (data.rank() == 3 && data.channels() == 1 && input.rank() == 2
                && input.dim(0) == data.height() && input.dim(1) == data.width()) {
            return Feed.DROP_CHANNEL;
        }
        if (input.rank() == 1 && input.dim(0) == data.elements()) {
            return Feed.FLATTENED;
        }
        return Feed.NONE;
    }
}
