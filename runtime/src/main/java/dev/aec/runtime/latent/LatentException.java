package dev.aec.runtime.latent;

/** A run whose model cannot do what was asked of its latent (no latent, no prior); the user's to fix. */
public final class LatentException extends Exception {
    private static final long serialVersionUID = 1L;

    public LatentException(String message) {
        super(message);
    }
}
