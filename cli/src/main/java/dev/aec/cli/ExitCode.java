package dev.aec.cli;

/** Exit codes scripts can rely on. */
public final class ExitCode {
    public static final int OK = 0;
    /** The model has errors. */
    public static final int MODEL_ERRORS = 1;
    /** Bad command line, or an input file that cannot be read. */
    public static final int USAGE = 2;
    /** Data, disk or environment problems while running; a run directory that was edited or damaged. */
    public static final int ENVIRONMENT = 3;
    /** A bug in aec. */
    public static final int INTERNAL = 4;
    /** Training diverged (a loss or gradient not finite); the last good checkpoint is kept. */
    public static final int DIVERGED = 5;
    /** Training was stopped at once by a third signal; the last complete checkpoint is kept. */
    public static final int ABORTED = 6;
    /** Stopped by SIGINT (Ctrl-C) after saving a checkpoint of where it stood. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM after saving a checkpoint of where it stood. */
    public static final int TERMINATED = 143;

    private ExitCode() {
    }
}
