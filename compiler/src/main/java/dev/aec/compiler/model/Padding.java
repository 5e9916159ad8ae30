package dev.aec.compiler.model;

import java.util.Locale;

/** Keras's padding modes: `same` keeps ceil(in/stride), `valid` only uses full windows. */
public enum Padding {
    SAME,
    VALID;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
