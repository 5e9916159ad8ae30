package dev.aec.cli;

/** Exit codes scripts can rely on. */
public final class ExitCode {
    public static final int OK = 0;
    /** The model has errors. */
    public static final int MODEL_ERRORS = 1;
    /** Bad command line, or an input file that cannot be read. */
    public static final int USAGE = 2;
    /** Data, disk or environment problems while running. */
    public static final int ENVIRONMENT = 3;
    /** A bug in aec. */
    public static final int INTERNAL = 4;

    private ExitCode() {
    }
}
