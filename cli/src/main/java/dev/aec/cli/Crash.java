package dev.aec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An internal error, told as one line: that it is a bug in aec, where its full trace was written
 * (a crash file in {@code $TMPDIR}, named with the time and the process id) and how to report
 * it. The stack trace itself never reaches the terminal, unless {@code -Daec.debug=true}.
 */
final class Crash {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private Crash() {
    }

    /** Writes the crash file, prints the line, and returns the exit code (4). */
    static int report(Throwable error, String[] args, PrintWriter err) {
        return report(error, args, err, Thread.currentThread().getName(), directory(System.getenv()));
    }

    static int report(Throwable error, String[] args, PrintWriter err, String thread, Path directory) {
        String what = error.getClass().getName() + ": " + OutOfMemory.firstLine(error.getMessage());
        Optional<Path> file = write(error, args, thread, directory);
        if (file.isPresent()) {
            err.println("aec: internal error: this is a bug in aec (" + what + "); its trace is in " + file.get()
                    + "; please report it with the command you ran and that file");
        } else {
            err.println("aec: internal error: this is a bug in aec (" + what + "); its trace could not be written to "
                    + directory + ", run again with AEC_JAVA_OPTS=-Daec.debug=true to see it; please report it with"
                    + " the command you ran");
        }
        if (Boolean.getBoolean("aec.debug")) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL;
    }

    /** {@code $TMPDIR} when it names a directory, else Java's temporary directory. */
    static Path directory(Map<String, String> environment) {
        String tmp = environment.getOrDefault("TMPDIR", "");
        if (!tmp.isBlank() && Files.isDirectory(Path.of(tmp))) {
            return Path.of(tmp);
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** {@code aec-crash-20261202-203000-4242.txt}: the version, the command line, the system, the trace. */
    static Optional<Path> write(Throwable error, String[] args, String thread, Path directory) {
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            error.printStackTrace(out);
        }
        String report = "aec crash report\n"
                + "version:  " + VersionProvider.line() + "\n"
                + "command:  " + commandLine(args) + "\n"
                + "time:     " + LocalDateTime.now() + "\n"
                + "thread:   " + thread + "\n"
                + "java:     " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")\n"
                + "system:   " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " processors\n"
                + "memory:   heap " + Runtime.getRuntime().maxMemory() + " bytes, limit " + MemoryLimit.inForce().describe()
                + "\n\n" + trace;
        String base = "aec-crash-" + LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid();
        for (int attempt = 0; attempt < 100; attempt++) {
            Path file = directory.resolve(base + (attempt == 0 ? "" : "-" + attempt) + ".txt");
            try {
                Files.writeString(Files.createFile(file), report, StandardCharsets.UTF_8);
                return Optional.of(file);
            } catch (FileAlreadyExistsException e) {
                // Two crashes in one second of one process (another thread's): take the next name.
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The command line as a shell would take it back: {@code aec train 'my model.aemodel'}. */
    static String commandLine(String[] args) {
        return Stream.concat(Stream.of("aec"), Stream.of(args).map(Crash::quoted)).collect(Collectors.joining(" "));
    }

    private static String quoted(String arg) {
        return arg.matches("[\\w@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
