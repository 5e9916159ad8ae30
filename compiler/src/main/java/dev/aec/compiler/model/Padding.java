package dev.aec.compiler.model;

import java.util.Locale;

/** Keras's padding modes: `same` keeps ceil(in/stride), `valid` only uses full windows. */
public enum Padding {
    SAME,
    VALID;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the mode does at the edges, in one line for the reference and the editor. */
    public String summary() {
        return switch (this) {
            case SAME -> "pads the edges so that the output is `ceil(in / stride)`";
            case VALID -> "no padding: only windows that fit, `(in - window) / stride + 1`";
        };
    }
}
