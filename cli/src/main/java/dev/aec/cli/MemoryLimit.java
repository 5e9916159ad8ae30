package dev.aec.cli;

import dev.aec.compiler.ir.TrainingMemory;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much memory aec may use, and who said so. ND4J allocates its arrays through JavaCPP, which
 * refuses to let the process's resident memory pass {@code org.bytedeco.javacpp.maxphysicalbytes};
 * JavaCPP's default is four times the Java heap (1.5 GB under the launcher's 384 MB heap), which
 * a 94-million-parameter model passes. So aec sets the limit before ND4J loads: from {@code
 * --max-memory}, else {@code AEC_MAX_MEMORY}, else what the user set with {@code -D}, else 90% of
 * what the machine (or its control group) has.
 */
record MemoryLimit(long bytes, String origin) {

    static final String VARIABLE = "AEC_MAX_MEMORY";
    static final String FLAG = "--max-memory";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    /** The share of the machine aec takes by default; the rest is the system's and other programs'. */
    static final double SHARE_OF_MACHINE = 0.9;
    /** Below this, not even ND4J's libraries fit. */
    static final long MINIMUM = 300_000_000L;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)b?");

    /** Where the limit aec set came from, kept beside the properties it set. */
    private static final String ORIGIN = "aec.memory.origin";
    /** Marks, beside a property, that aec set it itself: it is then not the user's choice. */
    private static final String SET_BY_AEC = "aec.set.";

    MemoryLimit {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a memory limit must be positive, got " + bytes);
        }
    }

    /**
     * The limit from the environment, the system properties the user set, or the machine.
     *
     * @throws IllegalArgumentException when {@value #VARIABLE} is not a size
     */
    static MemoryLimit choose(Map<String, String> environment, Properties properties, MachineMemory machine) {
        String value = environment.getOrDefault(VARIABLE, "").strip();
        if (!value.isEmpty()) {
            return new MemoryLimit(parse(value, VARIABLE + "=" + value), VARIABLE + "=" + value);
        }
        String set = userProperty(properties, MAX_PHYSICAL_BYTES);
        if (set != null) {
            try {
                return new MemoryLimit(parse(set, set), "-D" + MAX_PHYSICAL_BYTES + "=" + set);
            } catch (IllegalArgumentException e) {
                // JavaCPP reads forms we do not; the limit is then JavaCPP's to report.
                return new MemoryLimit(machine.usable(), "-D" + MAX_PHYSICAL_BYTES + "=" + set);
            }
        }
        return new MemoryLimit((long) (machine.usable() * SHARE_OF_MACHINE),
                Math.round(SHARE_OF_MACHINE * 100) + "% of " + machine.describe());
    }

    /** The limit `--max-memory SIZE` sets. */
    static MemoryLimit fromFlag(String value) {
        return new MemoryLimit(parse(value, FLAG + " " + value), FLAG + " " + value);
    }

    /**
     * Makes this the limit ND4J will use: JavaCPP reads the properties once, when ND4J first
     * allocates, so this must run before any ND4J class loads. JavaCPP's own byte count (the
     * memory it allocates itself, beside the heap) gets what the heap leaves.
     */
    void apply(Properties properties, long maxHeap) {
        if (!origin.startsWith("-D")) {
            set(properties, MAX_PHYSICAL_BYTES, bytes);
        }
        if (userProperty(properties, MAX_BYTES) == null) {
            set(properties, MAX_BYTES, Math.max(MINIMUM, bytes - maxHeap));
        }
        properties.setProperty(ORIGIN, origin);
        properties.setProperty(ORIGIN + ".bytes", Long.toString(bytes));
    }

    /** JavaCPP reads the lowercase name, then lets the camel-case one override it: both are set. */
    private static void set(Properties properties, String name, long value) {
        properties.setProperty(name, Long.toString(value));
        properties.setProperty(camelCase(name), Long.toString(value));
        properties.setProperty(SET_BY_AEC + name, "true");
    }

    private static String camelCase(String name) {
        return name.replace("maxphysicalbytes", "maxPhysicalBytes").replace("maxbytes", "maxBytes");
    }

    /** The limit this process set (in its system properties), or the one it would choose now. */
    static MemoryLimit inForce() {
        String origin = System.getProperty(ORIGIN);
        String bytes = System.getProperty(ORIGIN + ".bytes");
        if (origin != null && bytes != null) {
            try {
                return new MemoryLimit(Long.parseLong(bytes), origin);
            } catch (IllegalArgumentException e) {
                // Not ours after all (someone set the property by hand): choose again.
            }
        }
        try {
            return choose(System.getenv(), System.getProperties(), MachineMemory.read());
        } catch (IllegalArgumentException e) {
            return choose(Map.of(), System.getProperties(), MachineMemory.read());
        }
    }

    /** "1.5 GB (AEC_MAX_MEMORY=1500m)". */
    String describe() {
        return TrainingMemory.bytes(bytes) + " (" + origin + ")";
    }

    /**
     * A size: {@code 12g}, {@code 800m}, {@code 1.5g}, {@code 4000k}, with an optional {@code b};
     * decimal units (12g is 12 GB, as aec prints sizes), a bare number is bytes.
     *
     * @param what how the value was given, for the message
     */
    static long parse(String value, String what) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(what + ": expected a size such as 12g, 1.5g or 800m");
        }
        double unit = switch (m.group(2)) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            case "t" -> 1e12;
            default -> 1;
        };
        double bytes = Double.parseDouble(m.group(1)) * unit;
        if (bytes < MINIMUM) {
            throw new IllegalArgumentException(what + ": too small; aec needs at least 300m");
        }
        if (bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException(what + ": larger than any machine");
        }
        return (long) bytes;
    }

    /** A value the user set for a JavaCPP property, in either of the spellings JavaCPP reads (camel case wins). */
    private static String userProperty(Properties properties, String name) {
        if (properties.getProperty(SET_BY_AEC + name) != null) {
            return null;
        }
        for (String spelling : new String[] {camelCase(name), name}) {
            String value = properties.getProperty(spelling);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
