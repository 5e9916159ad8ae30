package dev.aec.runtime.run;

/**
 * A run directory problem the user can act on: it exists, is locked by another process, cannot be
 * written, is not a run, or was edited or damaged since it was written.
 */
public final class RunException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of problem, so the CLI can choose its exit code. */
    public enum Kind {
        /** The directory exists and was not to be replaced. */
        EXISTS,
        /** Not a run directory at all, or not one this command can use as asked. */
        NOT_A_RUN,
        /** Another process trains the run. */
        LOCKED,
        /** A file of the run differs from what run.json recorded, or cannot be read as what it should be. */
        DAMAGED,
        /** The disk: cannot write, full, permission denied. */
        IO
    }

    private final Kind kind;

    public RunException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RunException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
