package dev.aec.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of `aec`; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns its exit code; tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AecCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // A user's mistake is handled in the commands; anything reaching here is a bug in aec.
            commandLine.getErr().println("aec: internal error: " + ex);
            commandLine.getErr().println("aec: this is a bug; please report it with the command you ran");
            if (Boolean.getBoolean("aec.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ExitCode.INTERNAL;
        });
        cli.setParameterExceptionHandler((ex, argsGiven) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("aec: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, failed.getErr());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE;
        });
        try {
            return cli.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // The compiler bounds what it builds, so this is a bug in aec; the user still gets no stack trace.
            err.println("aec: internal error: " + (e instanceof StackOverflowError ? "out of stack" : "out of memory"));
            err.println("aec: this is a bug; please report it with the command you ran");
            err.flush();
            return ExitCode.INTERNAL;
        }
    }

    /** Logging is set before ND4J loads: warnings only, unless `-v`/`--verbose` asks for more. */
    static void configureLogging(String[] args) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        boolean quiet = Arrays.stream(args).anyMatch(a -> a.equals("-q") || a.equals("--quiet"));
        String level = verbose ? "info" : quiet ? "error" : "warn";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        // ND4J warns about its own internals (duplicate op mappings, unused loss fields) on every run.
        System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", verbose ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", verbose ? "true" : "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
