package dev.aec.cli;

import dev.aec.compiler.ir.TrainingMemory;
import java.io.PrintWriter;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Running out of memory, told as an environment problem (exit 3) rather than a crash: which
 * memory ran out (ND4J's native memory under JavaCPP's limit, or the Java heap), what the work
 * needs when that is known, the limit in force and where it came from, and how to raise it.
 */
final class OutOfMemory {

    /** JavaCPP's "physicalBytes (1566M) > maxPhysicalBytes (1536M)" and "totalBytes (..) > maxBytes (..)". */
    private static final Pattern JAVACPP = Pattern.compile(
            "(physicalBytes|totalBytes) \\((\\S+)\\) > (maxPhysicalBytes|maxBytes) \\((\\S+)\\)");

    private OutOfMemory() {
    }

    /** The {@link OutOfMemoryError} in {@code thrown} or among its causes (ND4J wraps some). */
    static Optional<OutOfMemoryError> find(Throwable thrown) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = thrown; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return Optional.of(oom);
            }
        }
        return Optional.empty();
    }

    /**
     * Prints what ran out and how to give aec more, and returns the exit code.
     *
     * @param estimate what the training was estimated to need, when the caller knows
     */
    static int report(OutOfMemoryError error, PrintWriter err, Optional<TrainingMemory> estimate) {
        String messages = messages(error);
        MemoryLimit limit = MemoryLimit.inForce();
        MachineMemory machine = MachineMemory.read();
        long heap = Runtime.getRuntime().maxMemory();
        Matcher javacpp = JAVACPP.matcher(messages);
        boolean matched = javacpp.find();
        boolean nativeMemory = matched || messages.contains("Cannot allocate");
        boolean javaHeap = !nativeMemory && (messages.contains("Java heap space") || messages.contains("GC overhead")
                || messages.contains("Requested array size"));
        if (nativeMemory) {
            err.println("aec: error: out of memory: ND4J's native memory reached the limit of "
                    + TrainingMemory.bytes(limit.bytes()) + (matched ? " (JavaCPP: " + javacpp.group() + ")" : ""));
        } else if (javaHeap) {
            err.println("aec: error: out of memory: the Java heap (" + xmx(heap) + ") is full");
        } else {
            err.println("aec: error: out of memory: " + firstLine(error.getMessage()));
        }
        estimate.ifPresent(e -> err.println("aec: the training needs " + MemoryBudget.line(e)));
        if (!javaHeap) {
            err.println("aec: the limit is " + limit.describe() + "; this is " + machine.describe());
            long wanted = estimate.map(e -> MemoryBudget.total(e) * 5 / 4).orElse(2 * limit.bytes());
            if (wanted > machine.usable()) {
                err.println("help: this machine cannot give that much; make the model or its batch smaller, or train"
                        + " on a machine with more memory");
            } else {
                String size = gigabytes(wanted);
                err.println("help: raise it with " + MemoryLimit.VARIABLE + "=" + size + " or `aec " + MemoryLimit.FLAG
                        + " " + size + " <command> ...`, or make the model or its batch smaller");
            }
        }
        if (!nativeMemory) {
            String size = heap(Math.max(4 * heap, 2L << 30));
            err.println("help: give Java a larger heap with AEC_JAVA_OPTS=\"-Xmx" + size
                    + " -XX:TieredStopAtLevel=1\" (the launcher's default heap is -Xmx384m)");
        }
        err.flush();
        return ExitCode.ENVIRONMENT;
    }

    /** A size rounded up to whole gigabytes, as AEC_MAX_MEMORY takes it: {@code 4g}. */
    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%dg", Math.max(1, (bytes + 999_999_999L) / 1_000_000_000L));
    }

    /** A heap size as -Xmx gives it: {@code -Xmx384m}. */
    static String xmx(long bytes) {
        return "-Xmx" + (bytes % (1L << 30) == 0 ? (bytes >> 30) + "g" : (bytes >> 20) + "m");
    }

    /** A heap size rounded up to whole gibibytes, as -Xmx takes it: {@code 2g}. */
    static String heap(long bytes) {
        return String.format(Locale.ROOT, "%dg", Math.max(1, (bytes + (1L << 30) - 1) >> 30));
    }

    private static String messages(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = thrown; t != null && seen.put(t, true) == null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** The first line of a message, lowercase start, at most 200 characters. */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no details";
        }
        String line = message.strip().lines().findFirst().orElse("no details");
        String shortened = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return Character.toLowerCase(shortened.charAt(0)) + shortened.substring(1);
    }
}
