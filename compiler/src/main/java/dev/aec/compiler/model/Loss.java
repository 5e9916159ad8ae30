package dev.aec.compiler.model;

import java.util.Locale;

/** Reconstruction losses, each the per-element mean as in Keras. */
public enum Loss {
    BINARY_CROSSENTROPY,
    MSE,
    MAE;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
