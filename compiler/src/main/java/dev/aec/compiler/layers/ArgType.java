package dev.aec.compiler.layers;

/** The types an argument or setting can have, with how they are written in messages. */
public enum ArgType {
    /** A positive whole number: units, filters. */
    COUNT("a positive whole number like `64`"),
    /** `3x3` or `3` (square). */
    SIZE2("a size like `3x3`"),
    /** `1x0` or `1` (square), each at least 0: rows and columns added to an output. */
    EXTRA_SIZE2("a size at least 0 like `1x1`"),
    /** `28x28x1`, `784`. */
    SHAPE("a shape like `7x7x8`"),
    ACTIVATION("an activation like `relu`"),
    PADDING("`same` or `valid`"),
    BOOL("`true` or `false`"),
    /** Any real number. */
    NUMBER("a number like `0.5`"),
    /** A real number at least 0: a weight. */
    WEIGHT("a number at least 0 like `1.0`"),
    /** A fraction at least 0 and below 1: a dropout rate (1 would drop everything and divide by 0). */
    RATE("a number at least 0 and below 1 like `0.2`"),
    /** A fraction from 0 to 1, both included: a moving average's momentum. */
    FRACTION("a number from 0 to 1 like `0.99`"),
    /** A real number above 0: a small constant that keeps a division away from zero. */
    POSITIVE("a number above 0 like `0.001`"),
    /** An axis of a sample, counted from the end when negative (`-1` is the channels), as Keras's `axis`. */
    AXIS("an axis like `-1`");

    private final String expected;

    ArgType(String expected) {
        this.expected = expected;
    }

    public String expected() {
        return expected;
    }
}
