package dev.aec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The memory of the machine aec runs on: its physical memory, and the memory limit of the
 * control group it runs in (cgroup v2's {@code memory.max}, v1's {@code memory.limit_in_bytes}),
 * which a container or a systemd slice sets and which is then what the process may really use.
 */
record MachineMemory(long physical, OptionalLong groupLimit) {

    /** What the process may use: the physical memory, or the control group's limit when lower. */
    long usable() {
        return groupLimit.isPresent() ? Math.min(physical, groupLimit.getAsLong()) : physical;
    }

    /** "the machine's 25 GB" or "the 4.0 GB limit of its control group". */
    String describe() {
        return groupLimit.isPresent() && groupLimit.getAsLong() < physical
                ? "the " + dev.aec.compiler.ir.TrainingMemory.bytes(groupLimit.getAsLong()) + " limit of its control group"
                : "the machine's " + dev.aec.compiler.ir.TrainingMemory.bytes(physical);
    }

    /** This machine, as Linux shows it; elsewhere what the JVM knows. */
    static MachineMemory read() {
        return read(Path.of("/"));
    }

    /** The machine whose {@code /proc} and {@code /sys/fs/cgroup} are under {@code root} (a test's stand-in). */
    static MachineMemory read(Path root) {
        long physical = memTotal(root.resolve("proc/meminfo")).orElseGet(MachineMemory::jvmTotal);
        return new MachineMemory(physical, groupLimit(root, physical));
    }

    private static OptionalLong memTotal(Path meminfo) {
        for (String line : lines(meminfo)) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static long jvmTotal() {
        java.lang.management.OperatingSystemMXBean bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * The lowest limit on the way from the process's group up to the root, in both hierarchies:
     * a parent's limit binds its children. In a container the group's path may not exist under
     * the container's own mount, whose root is then the group itself.
     */
    private static OptionalLong groupLimit(Path root, long physical) {
        Path cgroup = root.resolve("sys/fs/cgroup");
        List<Path> candidates = new ArrayList<>();
        for (String line : lines(root.resolve("proc/self/cgroup"))) {
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                continue;
            }
            String relative = fields[2].startsWith("/") ? fields[2].substring(1) : fields[2];
            if (fields[0].equals("0") && fields[1].isEmpty()) {
                for (Path mount : List.of(cgroup, cgroup.resolve("unified"))) {
                    ancestors(mount, relative, "memory.max", candidates);
                }
            } else if (List.of(fields[1].split(",")).contains("memory")) {
                ancestors(cgroup.resolve("memory"), relative, "memory.limit_in_bytes", candidates);
            }
        }
        long lowest = Long.MAX_VALUE;
        for (Path file : candidates) {
            List<String> content = lines(file);
            if (content.isEmpty() || content.get(0).isBlank() || content.get(0).strip().equals("max")) {
                continue;
            }
            try {
                lowest = Math.min(lowest, Long.parseLong(content.get(0).strip()));
            } catch (NumberFormatException e) {
                // Not a limit we understand: no limit from this file.
            }
        }
        // cgroup v1 says "no limit" with a huge number (2^63 rounded down to a page).
        return lowest < physical ? OptionalLong.of(lowest) : OptionalLong.empty();
    }

    private static void ancestors(Path mount, String relative, String fileName, List<Path> out) {
        Path group = relative.isEmpty() ? mount : mount.resolve(relative);
        for (Path p = group; p != null && p.startsWith(mount); p = p.getParent()) {
            out.add(p.resolve(fileName));
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
