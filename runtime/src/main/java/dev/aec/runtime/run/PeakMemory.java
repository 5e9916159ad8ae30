package dev.aec.runtime.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, peak and current, from Linux's /proc (0 where that is not available). */
public final class PeakMemory {
    private PeakMemory() {
    }

    public static long residentBytes() {
        return status("VmHWM:");
    }

    public static long currentResidentBytes() {
        return status("VmRSS:");
    }

    /** A memory field of `/proc/self/status` (`VmHWM:`, `RssAnon:`, ...) in bytes; 0 where it cannot be read. */
    public static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
