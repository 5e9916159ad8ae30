package dev.aec.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/** Entry point of `aec`; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(args);
        // No option takes a java.sql or java.time type; picocli would otherwise load and initialise
        // forty of their classes, by reflection, for the converters of every command line.
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        // picocli looks for Groovy's closure class once; a class that is on no jar is looked for in
        // every one of the fifty-odd jars of the class path, 50-150 ms of a check that takes 200.
        System.setProperty("picocli.disable.closures", "true");
        PrintWriter err = new PrintWriter(System.err, true);
        // For the threads that outlive a command (ND4J's, while the JVM exits): one line, no trace.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (OutOfMemory.find(e).isPresent()) {
                OutOfMemory.report(OutOfMemory.find(e).get(), err, Optional.empty());
            } else {
                Crash.report(e, args, err, thread.getName(), Crash.directory(System.getenv()));
            }
        });
        OptionalInt refused = configureMemory(System.getenv(), System.getProperties(), MachineMemory.read(), err);
        if (refused.isPresent()) {
            System.exit(refused.getAsInt());
        }
        System.exit(run(args, new PrintWriter(System.out, true), err));
    }

    /**
     * Runs a command line and returns its exit code; tests call this. Whatever a command throws,
     * on this thread or another, ends here as one line and an exit code: running out of memory is
     * 3, anything else a bug in aec (4) with its trace in a crash file, never on the terminal.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(AecCommand.commandLine(args), args, out, err);
    }

    /** Runs {@code cli} as {@link #run(String[], PrintWriter, PrintWriter)} runs `aec`. */
    static int run(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        AtomicInteger elsewhere = new AtomicInteger(ExitCode.OK);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            int code = OutOfMemory.find(e).isPresent()
                    ? OutOfMemory.report(OutOfMemory.find(e).get(), err, Optional.empty())
                    : Crash.report(e, args, err, thread.getName(), Crash.directory(System.getenv()));
            elsewhere.compareAndSet(ExitCode.OK, code);
        });
        try {
            cli.setOut(out);
            cli.setErr(err);
            // A user's mistake is handled in the commands; anything reaching here is a bug in aec,
            // or memory running out.
            cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, args, commandLine.getErr()));
            cli.setParameterExceptionHandler((ex, argsGiven) -> {
                CommandLine failed = ex.getCommandLine();
                failed.getErr().println("aec: " + ex.getMessage());
                CommandLine.UnmatchedArgumentException.printSuggestions(ex, failed.getErr());
                failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
                return ExitCode.USAGE;
            });
            int code = cli.execute(args);
            return code == ExitCode.OK ? elsewhere.get() : code;
        } catch (Throwable e) {
            // Errors (stack overflow, out of memory) pass picocli's handler, which only sees Exceptions.
            return failed(e, args, err);
        } finally {
            out.flush();
            err.flush();
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static int failed(Throwable e, String[] args, PrintWriter err) {
        Optional<OutOfMemoryError> oom = OutOfMemory.find(e);
        if (oom.isPresent()) {
            if (Boolean.getBoolean("aec.debug")) {
                e.printStackTrace(err);
            }
            return OutOfMemory.report(oom.get(), err, Optional.empty());
        }
        return Crash.report(e, args, err);
    }

    /**
     * Sets the memory ND4J may use (see {@link MemoryLimit}) before any ND4J class loads; an
     * unusable {@code AEC_MAX_MEMORY} is refused with exit 3.
     */
    static OptionalInt configureMemory(Map<String, String> environment, Properties properties, MachineMemory machine,
                                       PrintWriter err) {
        try {
            MemoryLimit.choose(environment, properties, machine).apply(properties, Runtime.getRuntime().maxMemory());
            return OptionalInt.empty();
        } catch (IllegalArgumentException e) {
            err.println("aec: error: " + e.getMessage());
            return OptionalInt.of(ExitCode.ENVIRONMENT);
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
        // Spark (`aec train --spark`) logs its every stage at INFO and a retried task with its stack
        // trace; aec says itself what a user needs (a retried task, a job Spark gave up on).
        for (String chatty : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject"}) {
            System.setProperty("org.slf4j.simpleLogger.log." + chatty, verbose ? "info" : "off");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", verbose ? "true" : "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
