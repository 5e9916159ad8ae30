package dev.aec.runtime.run;

/** A run directory problem the user can act on: it exists, cannot be written, or is not a run. */
public final class RunException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of problem, so the CLI can choose its exit code. */
    public enum Kind {
        EXISTS,
        NOT_A_RUN,
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
