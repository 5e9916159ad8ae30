package dev.aec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The processor a benchmark ran on, from Linux's /proc/cpuinfo: its model name, how many logical
 * processors it offers, and the vector extensions its kernels may choose from. This project's
 * machines differ (Intel Xeon with AVX-512, AMD EPYC with AVX2 only), so every table names them.
 */
record CpuInfo(String model, int logicalCpus, List<String> vectorExtensions) {
    CpuInfo {
        vectorExtensions = List.copyOf(vectorExtensions);
    }

    /** The flags that decide which SIMD kernels oneDNN, OpenBLAS and the JVM pick, in this order. */
    private static final List<String> ORDER = List.of("avx", "avx2", "fma", "avx_vnni", "avx512f", "avx512dq",
            "avx512cd", "avx512bw", "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vbmi2", "avx512_vnni",
            "avx512_bitalg", "avx512_vpopcntdq", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8", "amx_bf16");

    static CpuInfo read() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            return new CpuInfo("unknown CPU", Runtime.getRuntime().availableProcessors(), List.of());
        }
    }

    /** The first processor's model name and flags (all of a machine's are alike); one per `processor` entry. */
    static CpuInfo parse(String text) {
        String model = "unknown CPU";
        List<String> flags = List.of();
        int processors = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> processors++;
                case "model name" -> model = processors <= 1 ? value : model;
                case "flags" -> flags = processors <= 1 ? List.of(value.split("\\s+")) : flags;
                default -> {
                }
            }
        }
        List<String> vector = new ArrayList<>();
        for (String flag : ORDER) {
            if (flags.contains(flag)) {
                vector.add(flag);
            }
        }
        return new CpuInfo(model, Math.max(1, processors), vector);
    }

    boolean avx512() {
        return vectorExtensions.contains("avx512f");
    }

    boolean amx() {
        return vectorExtensions.contains("amx_tile");
    }

    /** `AVX-512`, `AVX2` or `no AVX2`: the widest vectors the processor has. */
    String widest() {
        return avx512() ? "AVX-512" : vectorExtensions.contains("avx2") ? "AVX2" : "no AVX2";
    }

    /**
     * For a table's head, the AVX-512 and AMX families shortened:
     * `Intel(R) Xeon(R) Processor, 2 cores, AVX-512 (avx avx2 fma, avx512 f dq bw vl vnni, amx tile bf16)`.
     */
    String describe() {
        List<String> plain = new ArrayList<>();
        List<String> avx512 = new ArrayList<>();
        List<String> amx = new ArrayList<>();
        for (String flag : vectorExtensions) {
            if (flag.startsWith("avx512")) {
                avx512.add(flag.substring("avx512".length()).replaceFirst("^_", ""));
            } else if (flag.startsWith("amx_")) {
                amx.add(flag.substring("amx_".length()));
            } else {
                plain.add(flag);
            }
        }
        List<String> groups = new ArrayList<>();
        if (!plain.isEmpty()) {
            groups.add(String.join(" ", plain));
        }
        if (!avx512.isEmpty()) {
            groups.add("avx512 " + String.join(" ", avx512));
        }
        if (!amx.isEmpty()) {
            groups.add("amx " + String.join(" ", amx));
        }
        return String.format(Locale.ROOT, "%s, %d %s, %s (%s)", model, logicalCpus,
                logicalCpus == 1 ? "core" : "cores", widest(),
                groups.isEmpty() ? "no vector extensions listed" : String.join(", ", groups));
    }
}
