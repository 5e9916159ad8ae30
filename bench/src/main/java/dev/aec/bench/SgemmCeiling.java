package dev.aec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.NativeLibrary;
import dev.aec.runtime.backend.Nd4jEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's measured ceiling for dense float work, the roof of the benchmark's roofline: the
 * best of several square float matrix products through ND4J (OpenBLAS) and through oneDNN's own
 * `dnnl_sgemm`, on all of the process's threads, with the kernels the environment lets them pick;
 * and which kernels those are (oneDNN's effective ISA, OpenBLAS's core). Prints one JSON line.
 *
 * <pre>
 * SgemmCeiling [SIZE ...]   default 2048 1024
 * </pre>
 */
final class SgemmCeiling {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SgemmCeiling() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(JSON.writeValueAsString(run(args.length == 0 ? new String[] {"2048", "1024"} : args)));
    }

    static Map<String, Object> run(String... sizes) {
        Nd4jEnvironment.init();
        Loader.load(dnnl.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("onednn_isa", onednnIsa(dnnl.dnnl_get_effective_cpu_isa()));
        out.put("openblas_core", openblasCore().orElse("unknown"));
        double best = 0;
        for (String size : sizes) {
            int n = Integer.parseInt(size);
            // Small products are over in milliseconds: more repeats keep their best as steady as a large one's.
            int repeats = n >= 2048 ? 5 : 12;
            double openblas = nd4j(n, repeats);
            double onednn = onednn(n, repeats);
            out.put("openblas_gflops_" + n, openblas);
            out.put("onednn_gflops_" + n, onednn);
            best = Math.max(best, Math.max(openblas, onednn));
        }
        out.put("ceiling_gflops", best);
        out.put("threads", Runtime.getRuntime().availableProcessors());
        return out;
    }

    private static double nd4j(int n, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
        double best = Double.MAX_VALUE;
        // The first two wake the BLAS threads and fault the pages in; they are not counted.
        for (int i = -2; i < repeats; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            Nd4j.getExecutioner().commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = i < 0 ? best : Math.min(best, seconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    private static double onednn(int n, int repeats) {
        long size = (long) n * n;
        try (FloatPointer a = new FloatPointer(size); FloatPointer b = new FloatPointer(size);
             FloatPointer c = new FloatPointer(size)) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            for (long i = 0; i < size; i++) {
                a.put(i, (float) random.nextDouble());
                b.put(i, (float) random.nextDouble());
            }
            double best = Double.MAX_VALUE;
            for (int i = -2; i < repeats; i++) {
                long start = System.nanoTime();
                int status = dnnl.dnnl_sgemm((byte) 'N', (byte) 'N', n, n, n, 1f, a, n, b, n, 0f, c, n);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (status != dnnl.dnnl_success) {
                    throw new IllegalStateException("dnnl_sgemm failed with status " + status);
                }
                best = i < 0 ? best : Math.min(best, seconds);
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    /** oneDNN 2.5's `dnnl_cpu_isa_t` values by name: what `dnnl_get_effective_cpu_isa` returns. */
    static String onednnIsa(int isa) {
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(dnnl.dnnl_cpu_isa_all, "all");
        names.put(dnnl.dnnl_cpu_isa_sse41, "sse41");
        names.put(dnnl.dnnl_cpu_isa_avx, "avx");
        names.put(dnnl.dnnl_cpu_isa_avx2, "avx2");
        names.put(dnnl.dnnl_cpu_isa_avx2_vnni, "avx2_vnni");
        names.put(dnnl.dnnl_cpu_isa_avx512_mic, "avx512_mic");
        names.put(dnnl.dnnl_cpu_isa_avx512_mic_4ops, "avx512_mic_4ops");
        names.put(dnnl.dnnl_cpu_isa_avx512_core, "avx512_core");
        names.put(dnnl.dnnl_cpu_isa_avx512_core_vnni, "avx512_core_vnni");
        names.put(dnnl.dnnl_cpu_isa_avx512_core_bf16, "avx512_core_bf16");
        names.put(dnnl.dnnl_cpu_isa_avx512_core_amx, "avx512_core_amx");
        return names.getOrDefault(isa, "0x" + Integer.toHexString(isa));
    }

    /**
     * The core OpenBLAS chose (`SkylakeX`, `Haswell`, `Zen`...), or that `OPENBLAS_CORETYPE` forced:
     * the preset does not map `openblas_get_corename`, so it is called by name in the library ND4J loaded.
     */
    static Optional<String> openblasCore() {
        try {
            Optional<String> library = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("/libopenblas") && l.indexOf('/') > 0)
                    .map(l -> l.substring(l.indexOf('/'))).findFirst();
            if (library.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(NativeLibrary.getInstance(library.get()).getFunction("openblas_get_corename")
                    .invokeString(new Object[0], false).strip());
        } catch (IOException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
