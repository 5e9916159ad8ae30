package dev.aec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How busy the machine was, over an interval, with work other than this process and the children
 * it waited for, from Linux's /proc: a benchmark run beside another's is not the machine's speed.
 */
final class MachineLoad {
    private final long busy;
    private final long total;
    private final long ours;

    private MachineLoad(long busy, long total, long ours) {
        this.busy = busy;
        this.total = total;
        this.ours = ours;
    }

    /** Now; all zero where /proc cannot be read. */
    static MachineLoad now() {
        try {
            long[] cpu = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"))
                    .skip(1).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(cpu).limit(8).sum();
            // idle and iowait are the 4th and 5th fields.
            long busy = total - cpu[3] - cpu[4];
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name, which may hold spaces, from the state on: utime is the 14th field.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ours = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new MachineLoad(busy, total, ours);
        } catch (IOException | RuntimeException e) {
            return new MachineLoad(0, 0, 0);
        }
    }

    /** The share of the machine's processor time since `start` that other processes took, 0 to 1. */
    double othersSince(MachineLoad start) {
        long totalDelta = total - start.total;
        if (totalDelta <= 0) {
            return 0;
        }
        return Math.max(0, (double) (busy - start.busy - (ours - start.ours)) / totalDelta);
    }
}
