package dev.aec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * aec's benchmarks in one command (`bench/run`): the processor and an SGEMM ceiling measured in the
 * same run ({@link SgemmCeiling}), which every table names and every throughput row is measured
 * against ({@link Roofline}); training throughput of the tutorial models against hand-written
 * SameDiff and PyTorch, of every other model in `models/` and of deeper and wider dense stacks;
 * `aec check` latency, scaling with batch size and depth, time and memory from one segment of
 * training to the next, whether the fast path learns as the plain SameDiff path does, and the
 * user's-data path ({@link DataMeasure}); training on a local Spark against the local fast path, with
 * a prediction for a cluster ({@link SparkMeasure}, {@link ClusterEstimate}). Each measurement runs in a process of its own
 * ({@link Measure}); the order of the contenders rotates each round, and only ratios measured in
 * one run are compared. The report goes to standard output and to `bench/target/benchmark-report.md`.
 */
public final class BenchmarkSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";

    private final Path repo;
    private final Options options;
    private final StringBuilder report = new StringBuilder();
    private final CpuInfo cpu = CpuInfo.read();
    /** Set by {@link #machine}: the SGEMM ceiling measured at the start, and the line that heads every table. */
    private Roofline roofline = new Roofline(1);
    private String machineLine = "";

    static final List<String> SECTIONS = List.of("throughput", "models", "stacks", "check", "editor", "batch", "depth",
            "growth", "learning", "data", "spark");

    /**
     * The sizes of the `data` section: images written (28x28 digits, 64x64 PNG scenes, 64x64 JPEG
     * photos), steps of warm-up and per turn for the conv autoencoder and the 64x64 model, how many
     * of the scenes the in-memory contender holds, and the epochs over all the scenes.
     */
    record DataPlan(int digits, int scenes, int photos, int digitWarmup, int digitSteps, int sceneWarmup,
                    int sceneSteps, int sceneMemoryRows, int epochs) {
    }

    record Options(int steps, int warmup, int rounds, int growthSegments, int learningEpochs, int learningLimit,
                   List<Integer> batches, List<Integer> depths, boolean pytorch, Optional<String> data,
                   List<String> sections, DataPlan dataPlan, boolean capToAvx2, int sparkImages) {
        static Options parse(String[] args) {
            boolean quick = List.of(args).contains("--quick");
            boolean pytorch = !List.of(args).contains("--no-pytorch");
            Optional<String> data = Optional.empty();
            boolean capToAvx2 = false;
            // MNIST's 60,000 training images (0 for all of them), or a slice.
            int sparkImages = quick ? 2_000 : 0;
            int steps = quick ? 3 : 300;
            // Java compiles its hot code over the first epoch (longer while OpenMP workers spin).
            int warmup = quick ? 2 : 600;
            int rounds = quick ? 1 : 3;
            List<String> sections = SECTIONS;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--steps" -> steps = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--data" -> data = Optional.of(args[++i]);
                    case "--spark-images" -> sparkImages = Integer.parseInt(args[++i]);
                    case "--isa" -> {
                        if (!args[++i].equals("avx2")) {
                            throw new IllegalArgumentException("--isa takes avx2 (the only cap offered), found " + args[i]);
                        }
                        capToAvx2 = true;
                    }
                    case "--only" -> {
                        sections = List.of(args[++i].split(","));
                        if (!SECTIONS.containsAll(sections)) {
                            throw new IllegalArgumentException("--only takes some of " + String.join(",", SECTIONS));
                        }
                    }
                    case "--quick", "--no-pytorch" -> {
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: bench/run [--steps N] [--warmup N] [--rounds R] [--quick] [--no-pytorch] [--data DIR] "
                            + "[--isa avx2] [--spark-images N] [--only " + String.join(",", SECTIONS) + "]");
                }
            }
            // 12,000 scenes are 590 MB of floats: more than the measuring JVM's heap (384 MB) and bench/run's (256 MB).
            return quick
                    ? new Options(steps, warmup, rounds, 2, 1, 300, List.of(32), List.of(1), pytorch, data, sections,
                            new DataPlan(1_000, 600, 100, 5, 5, 2, 3, 300, 3), capToAvx2, sparkImages)
                    : new Options(steps, warmup, rounds, 6, 1, 60_000, List.of(32, 100, 256), List.of(1, 2, 4, 8), pytorch,
                            data, sections, new DataPlan(20_000, 12_000, 2_000, 200, 25, 10, 5, 3_000, 5), capToAvx2,
                            sparkImages);
        }
    }

    BenchmarkSuite(Path repo, Options options) {
        this.repo = repo;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("aec.repo", ".")).toAbsolutePath().normalize();
        BenchmarkSuite suite = new BenchmarkSuite(repo, Options.parse(args));
        suite.run();
        Path out = repo.resolve("bench/target/benchmark-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, suite.report, StandardCharsets.UTF_8);
        System.out.println("report written to " + repo.relativize(out));
    }

    void run() throws Exception {
        MachineLoad load = MachineLoad.now();
        long began = System.nanoTime();
        machine();
        for (String model : PER_MODEL) {
            if (wanted("throughput")) {
                throughput(model);
            }
        }
        if (wanted("models") || wanted("throughput")) {
            everyModel();
        }
        if (wanted("stacks") || wanted("throughput")) {
            denseStacks();
        }
        if (wanted("check")) {
            checkLatency();
        }
        if (wanted("editor")) {
            editorLatency();
        }
        if (wanted("batch")) {
            batchScaling();
        }
        if (wanted("depth")) {
            depthScaling();
        }
        for (String model : List.of("dense_autoencoder", "conv_autoencoder")) {
            if (wanted("growth")) {
                growth(model);
            }
        }
        for (String model : List.of("dense_autoencoder", "conv_autoencoder")) {
            if (wanted("learning")) {
                learning(model);
            }
        }
        if (wanted("data")) {
            data();
        }
        if (wanted("spark")) {
            spark();
        }
        JsonNode end = run(java(SgemmCeiling.class, true, "2048"));
        line("");
        line("The run took %.1f minutes; other processes took %.0f%% of the machine's processor time meanwhile. "
                + "SGEMM ceiling at its end: %.1f GFLOP/s (at its start: %.1f).", (System.nanoTime() - began) / 60e9,
                100 * MachineLoad.now().othersSince(load), end.get("ceiling_gflops").asDouble(),
                roofline.ceilingGflops());
    }

    /** The models with a table of their own, against hand-written SameDiff and PyTorch where those exist. */
    private static final List<String> PER_MODEL = List.of("dense_autoencoder", "conv_autoencoder",
            "denoising_conv_transpose", "vae_conv");

    private boolean wanted(String section) {
        return options.sections.contains(section);
    }

    /**
     * What `--isa avx2` sets for every measuring process, aec's and PyTorch's alike: oneDNN's documented
     * cap (oneDNN 2.5 reads `ONEDNN_MAX_CPU_ISA`, and `DNNL_MAX_CPU_ISA` as its older name), OpenBLAS's
     * core for builds that choose it at run time (ND4J's and Debian's both do), and ATen's own kernels.
     */
    static final Map<String, String> AVX2_CAP = Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "DNNL_MAX_CPU_ISA", "AVX2",
            "OPENBLAS_CORETYPE", "Haswell", "ATEN_CPU_CAPABILITY", "avx2");

    /** What the kernels may use: the processor's widest vectors, or the cap `--isa avx2` set on them. */
    String isaLabel() {
        if (!options.capToAvx2) {
            return cpu.widest() + ", uncapped";
        }
        return cpu.avx512() ? "**AVX-512 capped to AVX2 by environment** (ONEDNN_MAX_CPU_ISA=AVX2, "
                + "OPENBLAS_CORETYPE=Haswell, the JVM's -XX:UseAVX=2, PyTorch's ATEN_CPU_CAPABILITY=avx2): "
                + "not an AVX2 processor's figures" : cpu.widest() + ": --isa avx2 caps nothing on this processor";
    }

    /** Every table's first line: the processor, the kernels in use, the ceiling its roofline is measured against. */
    private void head() {
        line("");
        line("_%s_", machineLine);
        line("");
    }

    private void machine() throws Exception {
        JsonNode ceiling = run(java(SgemmCeiling.class, true, "2048", "1024"));
        roofline = new Roofline(ceiling.get("ceiling_gflops").asDouble());
        machineLine = String.format(Locale.ROOT, "%s; %s; oneDNN ISA %s, OpenBLAS core %s; SGEMM ceiling %.1f GFLOP/s",
                cpu.describe(), options.capToAvx2 && cpu.avx512() ? "**AVX-512 capped to AVX2 by environment**"
                        : isaLabel(), ceiling.get("onednn_isa").asText(), ceiling.get("openblas_core").asText(),
                roofline.ceilingGflops());
        line("# aec benchmark");
        line("");
        line("Processor: %s. Kernels: %s.", cpu.describe(), isaLabel());
        line("oneDNN's effective ISA: %s (`dnnl_get_effective_cpu_isa`); OpenBLAS's core: %s (ND4J's "
                + "`openblas_get_corename`).", ceiling.get("onednn_isa").asText(), ceiling.get("openblas_core").asText());
        line("SGEMM ceiling, float, %d threads, best of several, measured at the start of this run: %.1f GFLOP/s "
                + "(2048x2048: OpenBLAS through ND4J %.1f, oneDNN's `dnnl_sgemm` %.1f; 1024x1024: %.1f and %.1f). "
                + "Each throughput row's GFLOP/s is given with its share of this ceiling (the roofline).",
                ceiling.get("threads").asInt(), roofline.ceilingGflops(), ceiling.get("openblas_gflops_2048").asDouble(),
                ceiling.get("onednn_gflops_2048").asDouble(), ceiling.get("openblas_gflops_1024").asDouble(),
                ceiling.get("onednn_gflops_1024").asDouble());
        if (options.capToAvx2 && !(ceiling.get("onednn_isa").asText().equals("avx2")
                && ceiling.get("openblas_core").asText().equalsIgnoreCase("Haswell"))) {
            line("**The AVX2 cap did not take**: oneDNN reports %s and OpenBLAS %s; these tables are not an AVX2 view.",
                    ceiling.get("onednn_isa").asText(), ceiling.get("openblas_core").asText());
        }
        line("Java %s, OMP_WAIT_POLICY %s. PyTorch: %s.",
                System.getProperty("java.version"),
                Optional.ofNullable(System.getenv("OMP_WAIT_POLICY")).map(p -> "=" + p).orElse("unset"), torchVersion()
                        .map(v -> v + (OPENMP_BLAS.isPresent() ? " with OpenBLAS's OpenMP build" : " with the system's BLAS"))
                        .orElse("not installed (apt-get install python3-torch libopenblas0-openmp)"));
        line("Steps per measurement: %d of batch 100, after %d warm-up steps (PyTorch too); %d rounds, order "
                + "rotated. PyTorch runs without OMP_WAIT_POLICY, with 2 threads.", options.steps, options.warmup,
                options.rounds);
    }

    private void throughput(String model) throws Exception {
        // The hand-written SameDiff baseline exists for the tutorial's two models only.
        List<String> versions = new ArrayList<>(HandWritten.covers(model) ? List.of("aec", "handwritten") : List.of("aec"));
        if (options.pytorch && torchVersion().isPresent()) {
            versions.add("pytorch");
            if (!model.startsWith("dense")) {
                versions.add("pytorch-channels-last");
            }
        }
        Map<String, List<JsonNode>> results = new LinkedHashMap<>();
        versions.forEach(v -> results.put(v, new ArrayList<>()));
        for (int round = 0; round < options.rounds; round++) {
            for (int i = 0; i < versions.size(); i++) {
                String version = versions.get((i + round) % versions.size());
                results.get(version).add(version.startsWith("pytorch")
                        ? pytorch(model, version.endsWith("channels-last"))
                        : measure("throughput", modelFile(model).toString(), version, String.valueOf(steps(model)),
                                "100", String.valueOf(warmup(model))));
            }
        }
        double gflop = results.get("aec").get(0).get("gflop_per_sample").asDouble();
        line("");
        line("## %s: training throughput (%.2f MFLOP per sample per step)", model, gflop * 1e3);
        if (steps(model) != options.steps) {
            line("");
            line("A heavier model: %d steps per measurement after %d warm-up steps.", steps(model), warmup(model));
        }
        head();
        line("| version | samples/s (median) | ms/step | GFLOP/s (of ceiling) | peak RSS | aec / this | per round |");
        line("|---|---|---|---|---|---|---|");
        double aec = median(results.get("aec"), "samples_per_second");
        String fastest = versions.get(0);
        for (String version : versions) {
            List<JsonNode> runs = results.get(version);
            double s = median(runs, "samples_per_second");
            StringBuilder rounds = new StringBuilder();
            for (JsonNode r : runs) {
                rounds.append(rounds.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f",
                        r.get("samples_per_second").asDouble()));
            }
            line("| %s | %,.0f | %.2f | %s | %.2f GB | %.2f | %s |", label(version), s, 100_000 / s,
                    roofline.cell(gflop, s), runs.stream().mapToLong(r -> r.get("peak_rss_bytes").asLong()).max().orElse(0) / 1e9,
                    aec / s, rounds);
            fastest = s > median(results.get(fastest), "samples_per_second") ? version : fastest;
        }
        line("");
        line("%s", roofline.line("the fastest, " + label(fastest) + ",", gflop,
                median(results.get(fastest), "samples_per_second")));
        if (!fastest.equals("aec")) {
            line("%s", roofline.line("aec", gflop, aec));
        }
        results.entrySet().stream().filter(e -> e.getKey().startsWith("pytorch")).findFirst()
                .map(e -> e.getValue().get(0)).filter(r -> r.has("blas_core"))
                .ifPresent(r -> line("PyTorch's OpenBLAS core: %s.", r.get("blas_core").asText()));
    }

    /**
     * Every model in `models/` without a table of its own, trained by aec as `aec train` trains it, at
     * the batch of its own train block: the denoisers, the U-Net, the VAEs, the sparse and batch-norm
     * autoencoders, and whatever layer kind comes next; then `bench/layer-kinds/`, which holds the layer
     * kinds no model in `models/` uses. The classifier is left out: it trains on labels, and this
     * measurement feeds each image as its own target.
     */
    private void everyModel() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(repo.resolve("models"), repo.resolve("bench/layer-kinds"))) {
            try (var listing = Files.list(dir)) {
                files.addAll(listing.filter(f -> f.toString().endsWith(".aemodel"))
                        .filter(f -> !PER_MODEL.contains(name(f)) && !name(f).equals("mnist_classifier"))
                        .sorted().toList());
            }
        }
        line("");
        line("## Every model in `models/` and `bench/layer-kinds/` (aec, each at its own batch)");
        line("");
        line("One measurement per model, its steps chosen for about the same arithmetic in each (a heavy model "
                + "takes fewer); the noise of the denoisers' train blocks is not added (it costs an elementwise pass). "
                + "`step` is the training step that ran: `Fast` is aec's executor, `Fit` and `Gradients` SameDiff's.");
        head();
        line("| model | step | batch | MFLOP per sample | samples/s | ms/step | GFLOP/s (of ceiling) | steps after warm-up |");
        line("|---|---|---|---|---|---|---|---|");
        for (Path file : files) {
            int batch = Measure.modelBatch(file);
            double gflop = Measure.gflopPerSample(file);
            int steps = stepsFor(gflop, batch, options.steps);
            JsonNode r = measure("throughput", file.toString(), "aec", String.valueOf(steps), "model",
                    String.valueOf(warmupFor(gflop, batch)));
            double s = r.get("samples_per_second").asDouble();
            line("| %s | %s | %d | %.2f | %,.0f | %.2f | %s | %d |",
                    repo.relativize(file).toString().replace(".aemodel", ""), r.get("step").asText(), batch,
                    gflop * 1e3, s, r.get("ms_per_step").asDouble(), roofline.cell(gflop, s), steps);
        }
    }

    /**
     * Deeper and wider dense autoencoders than the tutorial's, at small, the usual and large batches,
     * against the same stacks in PyTorch (one measurement each, aec first then PyTorch, so that drift
     * falls on both alike within a row).
     */
    private void denseStacks() throws Exception {
        Map<String, int[]> stacks = new LinkedHashMap<>();
        stacks.put("deep", new int[] {512, 256, 128, 64, 32, 64, 128, 256, 512});
        stacks.put("wide", new int[] {1024, 1024, 32, 1024, 1024});
        boolean withPytorch = options.pytorch && torchVersion().isPresent();
        line("");
        line("## Dense stacks");
        line("");
        line("784 pixels through the hidden layers and back to 784 (relu, a sigmoid output), binary "
                + "cross-entropy, Adadelta; steps chosen for about the same arithmetic in each measurement%s.",
                withPytorch ? ", the same steps for PyTorch (its `stack` model, the same layers)" : "");
        head();
        line("| stack | layers | parameters | batch | aec samples/s | ms/step | GFLOP/s (of ceiling) |%s",
                withPytorch ? " PyTorch samples/s | aec / PyTorch |" : "");
        line("|---|---|---|---|---|---|---|%s", withPytorch ? "---|---|" : "");
        Path dir = Files.createTempDirectory("aec-stacks");
        double bestGflop = 0;
        double bestRate = 0;
        String best = "";
        double worstRatio = Double.MAX_VALUE;
        String worst = "";
        try {
            for (Map.Entry<String, int[]> stack : stacks.entrySet()) {
                Path file = dir.resolve(stack.getKey() + ".aemodel");
                Files.writeString(file, denseModel(stack.getValue(), 100));
                double gflop = Measure.gflopPerSample(file);
                StringBuilder layers = new StringBuilder("784");
                StringBuilder widths = new StringBuilder();
                for (int width : stack.getValue()) {
                    layers.append('-').append(width);
                    widths.append(widths.length() == 0 ? "" : ",").append(width);
                }
                for (int batch : options.batches) {
                    int steps = stepsFor(gflop, batch, options.steps * 100 / batch);
                    int warmup = warmupFor(gflop, batch);
                    JsonNode r = measure("throughput", file.toString(), "aec", String.valueOf(steps),
                            String.valueOf(batch), String.valueOf(warmup));
                    double s = r.get("samples_per_second").asDouble();
                    String versus = "";
                    if (withPytorch) {
                        double torch = pytorch("stack", steps, List.of("--warmup", String.valueOf(warmup), "--batch",
                                String.valueOf(batch), "--hidden", widths.toString())).get("samples_per_second").asDouble();
                        versus = String.format(Locale.ROOT, " %,.0f | %.2f |", torch, s / torch);
                        if (s / torch < worstRatio) {
                            worstRatio = s / torch;
                            worst = stack.getKey() + " at batch " + batch;
                        }
                    }
                    line("| %s | %s-784 | %,d | %d | %,.0f | %.2f | %s |%s", stack.getKey(), layers,
                            denseParameters(stack.getValue()), batch, s, r.get("ms_per_step").asDouble(),
                            roofline.cell(gflop, s), versus);
                    if (gflop * s > bestGflop * bestRate) {
                        bestGflop = gflop;
                        bestRate = s;
                        best = stack.getKey() + " at batch " + batch;
                    }
                }
            }
        } finally {
            deleteTree(dir);
        }
        line("");
        line("%s", roofline.line("the best, " + best + ",", bestGflop, bestRate));
        if (withPytorch) {
            line("Against PyTorch the least is %.2fx (%s).", worstRatio, worst);
        }
    }

    static String denseModel(int[] hidden, int batch) {
        StringBuilder text = new StringBuilder("model Autoencoder : 784 -> 784 {\n");
        for (int width : hidden) {
            text.append("  dense(").append(width).append(", activation: relu)\n");
        }
        text.append("  dense(784, activation: sigmoid)\n}\n");
        text.append("train Autoencoder {\n  data: mnist\n  loss: binary_crossentropy\n  optimizer: adadelta\n"
                + "  batch: ").append(batch).append("\n}\n");
        return text.toString();
    }

    static long denseParameters(int[] hidden) {
        long params = 0;
        int in = 784;
        for (int width : hidden) {
            params += (long) in * width + width;
            in = width;
        }
        return params + (long) in * 784 + 784;
    }

    /**
     * Timed steps for about the arithmetic of 100 samples of 4 MFLOP (the conv autoencoder's) per
     * `--steps` step: 120 GFLOP by default, 2-3 s on an idle 2-core Xeon. Never more than `most`.
     */
    private int stepsFor(double gflopPerSample, int batch, int most) {
        long steps = Math.round(options.steps * 100 * 4e-3 / (gflopPerSample * batch));
        return (int) Math.max(Math.min(5, options.steps), Math.min(most, steps));
    }

    /** Warm-up steps, likewise, but at least 20 (or `--warmup`'s, when fewer): the JIT counts steps. */
    private int warmupFor(double gflopPerSample, int batch) {
        long steps = Math.round(options.warmup * 100 * 4e-3 / (gflopPerSample * batch));
        return (int) Math.max(Math.min(20, options.warmup), Math.min(options.warmup, steps));
    }

    private static String name(Path file) {
        return file.getFileName().toString().replace(".aemodel", "");
    }

    /**
     * keras.io's models take 15-40 times the tutorial's work per sample, and PyTorch trains its
     * transposed convolutions at a few hundred samples/s at best: a twentieth of the steps keeps
     * each of their measurements to seconds, still many steps past the first.
     */
    private int steps(String model) {
        return HEAVY.contains(model) ? Math.max(5, options.steps / 20) : options.steps;
    }

    private int warmup(String model) {
        return HEAVY.contains(model) ? Math.max(3, options.warmup / 20) : options.warmup;
    }

    private static final List<String> HEAVY = List.of("denoising_conv_transpose", "vae_conv");

    private void checkLatency() throws Exception {
        long start = System.nanoTime();
        JsonNode r = measure("check", modelFile("conv_autoencoder"), "20");
        double processMs = (System.nanoTime() - start) / 1e6;
        line("");
        line("## `aec check` latency (conv_autoencoder.aemodel)");
        line("");
        line("First check in a fresh JVM %.0f ms (%.0f ms from JVM start); a warm check %.2f ms; "
                + "whole process %.0f ms.",
                r.get("first_check_ms").asDouble(), r.get("jvm_start_to_checked_ms").asDouble(),
                r.get("warm_check_ms").asDouble(), processMs);
        double[] launched = launchedCheckMs(options.rounds * 4 + 1);
        line("");
        line("As users run it (`./aec check`: the launcher, with its class-data archive): median %.0f ms, "
                + "fastest %.0f ms, of %d runs.", launched[launched.length / 2], launched[0], launched.length);
    }

    /**
     * The language server on a 2,000-line file, in a JVM with the launcher's options, as `aec lsp`
     * runs: the answer after each edit, a hover, and the heap kept over thousands of edits.
     */
    private void editorLatency() throws Exception {
        JsonNode r = run(java(EditorLatency.class, true, "2000", "300", "5000"));
        line("");
        line("## `aec lsp` on a %,d-line model file", r.get("lines").asInt());
        line("");
        line("_%s_", machineLine);
        line("");
        line("Opened and checked in %.0f ms. %d edits of one number each (every tenth breaking a block's output "
                + "shape, the next mending it), each timed from the change sent to that version's diagnostics "
                + "received, the server checking at once (no typing delay): median %.1f ms, 90th percentile %.1f ms, "
                + "slowest %.1f ms (the %d that published an error: median %.1f ms). A hover after each: median "
                + "%.1f ms, slowest %.1f ms.",
                r.get("open_ms").asDouble(), r.get("edits").asInt(), r.get("edit_median_ms").asDouble(),
                r.get("edit_p90_ms").asDouble(), r.get("edit_max_ms").asDouble(), r.get("edits_with_errors").asInt(),
                r.get("edit_with_error_median_ms").asDouble(), r.get("hover_median_ms").asDouble(),
                r.get("hover_max_ms").asDouble());
        line("");
        line("Heap kept by the server after a full collection: %.1f MB before %,d more edits, %.1f MB after "
                + "(limit %.0f MB).", r.get("heap_mb_before").asDouble(), r.get("more_edits").asInt(),
                r.get("heap_mb_after").asDouble(), r.get("max_heap_mb").asDouble());
    }

    /**
     * Wall milliseconds of `aec check` through the launcher, as an editor calls it on each save,
     * with the launcher's own Java options. The first run, which may build the jar and make the
     * class-data archive, is not counted. Sorted, an odd count.
     */
    private double[] launchedCheckMs(int runs) throws Exception {
        List<String> command = List.of(repo.resolve("aec").toString(), "check",
                modelFile("conv_autoencoder").toString());
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().remove("AEC_JAVA_OPTS");
            long start = System.nanoTime();
            Process process = builder.start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("measurement failed: " + String.join(" ", command));
            }
            if (i > 0) {
                ms.add((System.nanoTime() - start) / 1e6);
            }
        }
        return ms.stream().mapToDouble(d -> d).sorted().toArray();
    }

    private void batchScaling() throws Exception {
        line("");
        line("## Batch size (aec)");
        head();
        line("| model | batch | samples/s | ms/step | GFLOP/s (of ceiling) |");
        line("|---|---|---|---|---|");
        for (String model : List.of("dense_autoencoder", "conv_autoencoder")) {
            for (int batch : options.batches) {
                int steps = Math.max(3, options.steps * 100 / batch);
                JsonNode r = measure("throughput", modelFile(model), "aec", steps, batch);
                double s = r.get("samples_per_second").asDouble();
                line("| %s | %d | %,.0f | %.2f | %s |", model, batch, s, r.get("ms_per_step").asDouble(),
                        roofline.cell(r.get("gflop_per_sample").asDouble(), s));
            }
        }
    }

    /** Dense autoencoders with 1 to 8 hidden layers of 256 on each side of a 32-wide code. */
    private void depthScaling() throws Exception {
        line("");
        line("## Depth (aec, dense layers of 256, batch 100)");
        head();
        line("| hidden layers per side | parameters | samples/s | ms/step | GFLOP/s (of ceiling) |");
        line("|---|---|---|---|---|");
        Path dir = Files.createTempDirectory("aec-depth");
        for (int depth : options.depths) {
            int[] hidden = new int[2 * depth + 1];
            java.util.Arrays.fill(hidden, 256);
            hidden[depth] = 32;
            Path file = dir.resolve("depth" + depth + ".aemodel");
            Files.writeString(file, denseModel(hidden, 100));
            JsonNode r = measure("throughput", file, "aec", options.steps, 100);
            double s = r.get("samples_per_second").asDouble();
            long params = denseParameters(hidden);
            line("| %d | %,d | %,.0f | %.2f | %s |", depth, params, s, r.get("ms_per_step").asDouble(),
                    roofline.cell(r.get("gflop_per_sample").asDouble(), s));
        }
    }

    private void growth(String model) throws Exception {
        int steps = options.steps;
        line("");
        line("## %s: one segment of %d steps after another", model, steps);
        head();
        line("| version | samples/s per segment | resident memory per segment (GB) |");
        line("|---|---|---|");
        for (String version : List.of("aec", "handwritten")) {
            JsonNode r = measure("growth", modelFile(model), version, options.growthSegments, steps);
            StringBuilder speeds = new StringBuilder();
            r.get("segment_samples_per_second").forEach(n -> speeds.append(speeds.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%,.0f", n.asDouble())));
            StringBuilder rss = new StringBuilder();
            r.get("segment_rss_bytes").forEach(n -> rss.append(rss.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.2f", n.asDouble() / 1e9)));
            line("| %s | %s | %s |", label(version), speeds, rss);
        }
    }

    private void learning(String model) throws Exception {
        JsonNode fast = measure("learning", modelFile(model), "aec", options.learningEpochs, options.learningLimit);
        JsonNode plain = measure("learning", modelFile(model), "samediff", options.learningEpochs,
                options.learningLimit);
        line("");
        line("## %s: test loss per epoch, same seed (%,d training images)", model, options.learningLimit);
        head();
        // The epoch's speed counts every step, the JIT's warm-up included, as `aec train` reports it.
        line("| epoch | aec (%s) | plain SameDiff (%s) | difference | samples/s, aec / SameDiff |",
                fast.get("step").asText(), plain.get("step").asText());
        line("|---|---|---|---|---|");
        for (int e = 0; e < fast.get("epoch_test_loss").size(); e++) {
            double a = fast.get("epoch_test_loss").get(e).asDouble();
            double b = plain.get("epoch_test_loss").get(e).asDouble();
            line("| %d | %.5f | %.5f | %+.3f%% | %,.0f / %,.0f |", e + 1, a, b, 100 * (a - b) / b,
                    fast.get("epoch_samples_per_second").get(e).asDouble(),
                    plain.get("epoch_samples_per_second").get(e).asDouble());
        }
    }

    private JsonNode measure(String... args) throws Exception {
        return run(java(Measure.class, true, args));
    }

    /**
     * A measurement process: with `asLauncher`, the JVM options of the aec launcher, for aec and
     * for the hand-written SameDiff alike; without, the JVM's own defaults (for preparing data).
     */
    private List<String> java(Class<?> main, boolean asLauncher, Object... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m"));
        if (asLauncher) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        if (options.capToAvx2) {
            // The JVM's own intrinsics (array copies, the vectorised loops C2 would write) stop at AVX2 too.
            command.add("-XX:UseAVX=2");
        }
        command.addAll(List.of("-Daec.repo=" + repo, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.nd4j=error"));
        options.data.ifPresent(d -> command.add("-Daec.data=" + d));
        command.add("-Daec.warmup=" + options.warmup);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        return command;
    }

    /**
     * The user's data: image folders decoded into the sample cache on first use and the cache
     * reopened after; training speed from a folder, an NPY file and memory, with the share of each
     * step spent gathering its batch, warm and from a cache file out of the page cache; resident
     * memory over whole epochs on a folder whose floats are larger than the heap. Everything is
     * written to a temporary folder, deleted after.
     */
    private void data() throws Exception {
        DataPlan plan = options.dataPlan;
        MachineLoad load = MachineLoad.now();
        long began = System.nanoTime();
        Path dir = Files.createTempDirectory("aec-bench-data");
        try {
            JsonNode prepared = run(java(DataMeasure.class, false, "prepare", dir, plan.digits(), plan.scenes(),
                    plan.photos()));
            Path cache = dir.resolve("cache");
            line("");
            line("## Data: image folders decoded into the sample cache");
            line("");
            line("Digits: the first %,d MNIST training images%s as 28x28 grey PNG files in a folder per class; "
                    + "scenes and photos: drawn 64x64 RGB images (shapes on a gradient, with noise) as PNG and JPEG "
                    + "files (written in %.0f s). Decoded on %d threads; the cache of decoded samples is written "
                    + "and flushed to disk. Each use is a process of its own, timed from the model's data being "
                    + "asked for to its rows being ready (listing, fingerprint, decoding, cache).",
                    plan.digits(), prepared.get("digits_from").asText().equals("mnist") ? "" : " (MNIST was not found: "
                            + "drawn digits instead)", prepared.get("seconds").asDouble(),
                    Runtime.getRuntime().availableProcessors());
            head();
            line("| folder | images | on disk | first use: decoded into the cache | images/s | of which writing "
                    + "the cache | second use: cache reopened | decoded floats |");
            line("|---|---|---|---|---|---|---|---|");
            for (String[] folder : new String[][] {{"digits", "28x28x1 PNG"}, {"scenes", "64x64x3 PNG"},
                {"photos", "64x64x3 JPEG"}}) {
                Path model = dir.resolve(folder[0] + "_folder.aemodel");
                JsonNode first = run(java(DataMeasure.class, true, "decode", model, cache));
                JsonNode second = run(java(DataMeasure.class, true, "decode", model, cache));
                if (!first.get("built").asBoolean() || second.get("built").asBoolean()) {
                    throw new IllegalStateException("expected the first use of " + folder[0] + " to decode and the "
                            + "second to reuse the cache: " + first + " " + second);
                }
                line("| %s (%s) | %,d | %.1f MB | %.2f s | %,.0f | %.2f s | %.2f s | %.0f MB |", folder[0], folder[1],
                        first.get("samples").asInt(), prepared.get(folder[0] + "_bytes").asDouble() / 1e6,
                        first.get("seconds").asDouble(), first.get("samples_per_second").asDouble(),
                        first.get("flush_seconds").asDouble(), second.get("seconds").asDouble(),
                        first.get("decoded_bytes").asDouble() / 1e6);
            }

            // Short turns, many of them: this machine's speed drifts by 10-20% over seconds.
            int rounds = 4 * options.rounds;
            JsonNode digits = run(java(DataMeasure.class, true, "compare", dir.resolve("digits_folder.aemodel"), cache,
                    plan.digitWarmup(), plan.digitSteps(), rounds, Integer.MAX_VALUE, "digits_folder.aemodel",
                    "digits_npy.aemodel", "memory"));
            JsonNode scenes = run(java(DataMeasure.class, true, "compare", dir.resolve("scenes_folder.aemodel"), cache,
                    plan.sceneWarmup(), plan.sceneSteps(), rounds, plan.sceneMemoryRows(),
                    "scenes_folder.aemodel", "memory"));
            JsonNode digitsCold = run(java(DataMeasure.class, true, "epochs", dir.resolve("digits_folder.aemodel"),
                    cache, 1, "cold"));
            JsonNode epochs = run(java(DataMeasure.class, true, "epochs", dir.resolve("scenes_folder.aemodel"), cache,
                    plan.epochs(), "cold"));
            line("");
            line("## Data: training from a folder, an NPY file and memory");
            line("");
            line("One process per model: %d warm-up steps, then %d rounds of %d steps (conv autoencoder) and %d "
                    + "(64x64 model) on each source in turn, order rotated; batch 100, aec's training loop. "
                    + "Waiting is the time the loop spends gathering a batch from the rows (`Examples.batchInto`) "
                    + "over the whole step. The folder is read from its sample cache (in the page cache), the NPY "
                    + "file is read into memory when loaded, `memory` is the folder's rows copied into one array "
                    + "(for the 64x64 model, the first %,d of them).", plan.digitWarmup(), rounds,
                    plan.digitSteps(), plan.sceneSteps(), plan.sceneMemoryRows());
            head();
            line("| model | data | rows | samples | samples/s (median) | vs memory | ms/step | gathering, ms/step "
                    + "| waiting | rounds, slowest to fastest |");
            line("|---|---|---|---|---|---|---|---|---|---|");
            dataRows("conv_autoencoder (28x28x1)", digits, Map.of("digits_folder.aemodel", "folder of PNG",
                    "digits_npy.aemodel", "NPY file", "memory", "memory"));
            dataRows("64x64x3 conv autoencoder", scenes, Map.of("scenes_folder.aemodel", "folder of PNG",
                    "memory", "memory"));
            line("");
            line("First epoch with the cache file %s (in a new process, as on a later day's run):",
                    digitsCold.get("cold").asBoolean() ? "dropped from the page cache" : "(not dropped: no GNU dd)");
            head();
            line("| model | samples | samples/s | ms/step | gathering, ms/step | waiting |");
            line("|---|---|---|---|---|---|");
            for (Object[] r : new Object[][] {{"conv_autoencoder (28x28x1)", digitsCold},
                {"64x64x3 conv autoencoder", epochs}}) {
                JsonNode e = ((JsonNode) r[1]).get("epochs").get(0);
                line("| %s | %,d | %,.0f | %.2f | %.3f | %.2f%% |", r[0], ((JsonNode) r[1]).get("samples").asInt(),
                        e.get("samples_per_second").asDouble(), e.get("ms_per_step").asDouble(),
                        e.get("gather_ms_per_step").asDouble(), 100 * e.get("wait_share").asDouble());
            }

            line("");
            line("## Data: memory over %d epochs on a folder larger than the heap", plan.epochs());
            line("");
            line("The 64x64x3 conv autoencoder on all %,d scenes, %.0f MB of floats, in a process whose heap may "
                    + "grow to %.0f MiB (`aec train`'s launcher options); its rows are a memory-mapped cache file, %s. "
                    + "Resident memory is the process's own (RssAnon: heap, native arrays) plus the pages of mapped "
                    + "files it has touched (RssFile: the cache, the libraries), which the kernel may drop at will. "
                    + "The heap's live data is what its last collection kept.",
                    epochs.get("samples").asInt(), epochs.get("decoded_bytes").asDouble() / 1e6,
                    epochs.get("max_heap_bytes").asDouble() / (1 << 20), epochs.get("cold").asBoolean()
                            ? "dropped from the page cache before the process started" : "in the page cache");
            head();
            line("| after | samples/s | waiting | peak resident (VmHWM) | resident | its own (RssAnon) | mapped files "
                    + "(RssFile) | heap in use | heap live | collections |");
            line("|---|---|---|---|---|---|---|---|---|---|");
            memoryRow("loading", epochs.get("before"));
            for (int e = 0; e < epochs.get("epochs").size(); e++) {
                memoryRow("epoch " + (e + 1), epochs.get("epochs").get(e));
            }
            memoryRow("a full collection (`System.gc()`)", epochs.get("after_collection"));
            line("");
            line("JavaCPP's limits in that process: %.0f MB of its own allocations, %.0f MB resident "
                    + "(its resident count at the end: %.0f MB).",
                    epochs.get("javacpp_max_bytes").asDouble() / 1e6,
                    epochs.get("javacpp_max_physical_bytes").asDouble() / 1e6,
                    epochs.get("javacpp_physical_bytes").asDouble() / 1e6);
        } finally {
            deleteTree(dir);
        }
        line("");
        line("The data section took %.0f s; other processes took %.0f%% of the machine's processor time meanwhile.",
                (System.nanoTime() - began) / 1e9, 100 * MachineLoad.now().othersSince(load));
    }

    private void dataRows(String model, JsonNode result, Map<String, String> labels) {
        JsonNode contenders = result.get("contenders");
        double memory = median(contenders.get("memory").get("round_samples_per_second"));
        contenders.fieldNames().forEachRemaining(name -> {
            JsonNode c = contenders.get(name);
            double[] rounds = new double[c.get("round_samples_per_second").size()];
            for (int i = 0; i < rounds.length; i++) {
                rounds[i] = c.get("round_samples_per_second").get(i).asDouble();
            }
            java.util.Arrays.sort(rounds);
            double s = median(c.get("round_samples_per_second"));
            line("| %s | %s | %s | %,d | %,.0f | %.2f | %.2f | %.3f | %.2f%% | %,.0f-%,.0f |", model, labels.get(name),
                    c.get("rows").asText(), c.get("samples").asInt(), s, s / memory, c.get("ms_per_step").asDouble(),
                    c.get("gather_ms_per_step").asDouble(), 100 * c.get("wait_share").asDouble(), rounds[0],
                    rounds[rounds.length - 1]);
        });
    }

    private void memoryRow(String when, JsonNode m) {
        line("| %s | %s | %s | %,.0f MB | %,.0f MB | %,.0f MB | %,.0f MB | %.0f MB | %.1f MB | %d |", when,
                m.has("samples_per_second") ? String.format(Locale.ROOT, "%,.0f", m.get("samples_per_second").asDouble()) : "",
                m.has("wait_share") ? String.format(Locale.ROOT, "%.2f%%", 100 * m.get("wait_share").asDouble()) : "",
                m.get("peak_rss_bytes").asDouble() / 1e6, m.get("rss_bytes").asDouble() / 1e6,
                m.get("rss_anon_bytes").asDouble() / 1e6, m.get("rss_file_bytes").asDouble() / 1e6,
                m.get("heap_used_bytes").asDouble() / 1e6, m.get("heap_live_bytes").asDouble() / 1e6,
                m.get("collections").asLong());
    }

    private static double median(JsonNode values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asDouble();
        }
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The network the 16-node prediction assumes: 10 Gb/s to and from every node, the driver's too. */
    static final double CLUSTER_BYTES_PER_SECOND = 10e9 / 8;
    static final int CLUSTER_NODES = 16;
    /** `treeAggregate`'s default depth, which aec's averaging uses. */
    static final int TREE_DEPTH = 2;
    static final List<Integer> SYNC_EVERY = List.of(1, 10, 50);

    /**
     * Training on Spark by parameter averaging against the local fast path, all in one run: the
     * tutorial's two models for two epochs (the first a warm-up, the second timed) on this machine,
     * on Spark's `local[1]` and on `local[2]` at several `sync_every`; where a Spark epoch's time
     * goes; and what those figures predict for a cluster ({@link ClusterEstimate}). Each engine runs
     * in a JVM of its own, started as `aec train --spark` starts one ({@link #sparkJava}).
     */
    private void spark() throws Exception {
        MachineLoad load = MachineLoad.now();
        long began = System.nanoTime();
        Map<String, JsonNode> locals = new LinkedHashMap<>();
        Map<String, JsonNode> spark = new LinkedHashMap<>();
        for (String model : List.of("dense_autoencoder", "conv_autoencoder")) {
            Path file = modelFile(model);
            locals.put(model, run(sparkJava("local", file, options.sparkImages)));
            List<JsonNode> runs = new ArrayList<>();
            run(sparkJava("spark", file, options.sparkImages, "local[1]", 1, 10)).get("runs").forEach(runs::add);
            List<Object> two = new ArrayList<>(List.of("spark", file, options.sparkImages, "local[2]", 2));
            two.addAll(SYNC_EVERY);
            run(sparkJava(two.toArray())).get("runs").forEach(runs::add);
            spark.put(model, JSON.valueToTree(runs));
        }
        JsonNode any = locals.values().iterator().next();
        line("");
        line("## Spark: parameter averaging against the local fast path");
        line("");
        line("Each row is a whole `aec train` run of two epochs over %s MNIST training images, batch %d, the "
                + "model's own optimizer (Adadelta): the first epoch is a warm-up, the second is timed (its "
                + "seconds as the run counts them, validation and checkpoints left out). `local` is the fast "
                + "path on this machine (2 threads); Spark rows are `aec train --spark local[N]` with N workers, "
                + "each batch cut into one slice per worker, a worker's task on one thread (`spark.task.cpus` 1), "
                + "the weights and the optimizer's state averaged every `sync_every` batches. Every engine in a "
                + "JVM of its own with `aec train --spark`'s options (-Xmx2g, C1 only), Spark's jars first.",
                any.get("samples").asInt() == 60_000 ? "all 60,000" : String.format(Locale.ROOT,
                        "**a slice of %,d** of the 60,000", any.get("samples").asInt()), any.get("batch").asInt());
        line("Outside the steps: the share of the epoch not spent in the slowest worker's steps (Spark's "
                + "scheduling, the snapshot made, broadcast and applied, the tree aggregation); shipping: the "
                + "driver's part of it, making, sending and applying snapshots. Deal: the epoch's first round less "
                + "the median round, the time of Spark's shuffle that deals the epoch's examples out.");
        head();
        line("| model | engine | sync_every | samples/s | vs local | rounds | median round | outside the steps "
                + "| shipping | deal | snapshot |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        for (String model : locals.keySet()) {
            JsonNode local = locals.get(model).get("runs").get(0);
            double base = local.get("samples_per_second").asDouble();
            line("| %s | local fast path | | %,.0f | 1.00 | | | | | | |", model, base);
            for (JsonNode r : spark.get(model)) {
                double seconds = r.get("round_seconds").asDouble();
                line("| %s | Spark %s | %d | %,.0f | %.2f | %d | %.1f ms | %.0f%% | %.0f%% | %.2f s | %.2f MB |", model,
                        r.get("master").asText(), r.get("sync_every").asInt(), r.get("samples_per_second").asDouble(),
                        r.get("samples_per_second").asDouble() / base, r.get("rounds").asLong(),
                        1000 * r.get("median_round_seconds").asDouble(),
                        100 * (1 - r.get("step_seconds").asDouble() / seconds),
                        100 * r.get("shipping_seconds").asDouble() / seconds,
                        r.get("first_round_seconds").asDouble() - r.get("median_round_seconds").asDouble(),
                        r.get("snapshot_bytes").asDouble() / 1e6);
            }
        }

        line("");
        line("### Predicted for %d nodes", CLUSTER_NODES);
        line("");
        line("From the figures above (`ClusterEstimate`): a round of `sync_every` steps takes sync_every x "
                + "(batch / nodes) x the local fast path's seconds per sample, plus Spark's own time per round "
                + "measured on `local[2]` at sync_every 1 (median round less the slowest worker's mean step "
                + "time), plus the snapshot (4 bytes per weight and optimizer value) on a %.0f Gb/s network: "
                + "down by TorrentBroadcast, ceil(log2(nodes + 1)) = %d copy times for a snapshot of one block; up "
                + "by `treeAggregate` at depth %d, %d snapshots received one after another (%s). It assumes: every "
                + "node as fast per sample as this machine's fast path, also on slices of %s samples (optimistic: "
                + "a small slice runs far below a full batch's speed); Spark's time per round on a cluster no more "
                + "than on one machine (optimistic: task launch crosses the network); links at full speed, no "
                + "contention, latency left out; summing snapshots free. So read it as an upper bound.",
                CLUSTER_BYTES_PER_SECOND * 8 / 1e9, ClusterEstimate.broadcastCopies(CLUSTER_NODES), TREE_DEPTH,
                ClusterEstimate.aggregationCopies(CLUSTER_NODES, TREE_DEPTH),
                CLUSTER_NODES == 16 && TREE_DEPTH == 2 ? "four aggregators of four, then four into the driver" : "",
                String.format(Locale.ROOT, "%.2f", (double) any.get("batch").asInt() / CLUSTER_NODES));
        head();
        StringBuilder header = new StringBuilder("| model | local fast path | snapshot | Spark per round | network per round |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        for (int sync : SYNC_EVERY) {
            header.append(" sync_every ").append(sync).append(": samples/s (vs local) |");
            rule.append("---|");
        }
        line("%s", header);
        line("%s", rule);
        for (String model : locals.keySet()) {
            double base = locals.get(model).get("runs").get(0).get("samples_per_second").asDouble();
            JsonNode every = null;
            for (JsonNode r : spark.get(model)) {
                if (r.get("workers").asInt() == 2 && r.get("sync_every").asInt() == 1) {
                    every = r;
                }
            }
            double overhead = Math.max(0, every.get("median_round_seconds").asDouble()
                    - every.get("step_seconds").asDouble() / every.get("rounds").asDouble());
            ClusterEstimate estimate = new ClusterEstimate(1 / base, Math.round(every.get("snapshot_bytes").asDouble()),
                    locals.get(model).get("batch").asInt(), overhead, CLUSTER_BYTES_PER_SECOND, TREE_DEPTH);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %,.0f samples/s | %.2f MB | %.1f ms "
                    + "| %.1f ms |", model, base, estimate.snapshotBytes() / 1e6, 1000 * overhead,
                    1000 * estimate.networkSeconds(CLUSTER_NODES)));
            for (int sync : SYNC_EVERY) {
                double predicted = estimate.samplesPerSecond(CLUSTER_NODES, sync);
                row.append(String.format(Locale.ROOT, " %,.0f (%.2f) |", predicted, predicted / base));
            }
            line("%s", row);
        }
        line("");
        line("The spark section took %.0f s; other processes took %.0f%% of the machine's processor time meanwhile.",
                (System.nanoTime() - began) / 1e9, 100 * MachineLoad.now().othersSince(load));
    }

    /**
     * A JVM for {@link SparkMeasure}, started as the launcher starts `aec train --spark`: Spark's
     * module openings, its heap and JIT options, and Spark's jars ahead of aec's (Spark's Scala
     * module accepts only the Jackson it ships, 2.15, and aec's class path holds 2.18).
     */
    private ProcessBuilder sparkJava(Object... args) throws IOException {
        Path sparkLib = repo.resolve("spark/target/spark-lib");
        if (!Files.isDirectory(sparkLib)) {
            throw new IllegalStateException(sparkLib + " is missing; build it with mvn package -pl bench -am");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        try (var in = BenchmarkSuite.class.getResourceAsStream("/dev/aec/spark/java-options.txt")) {
            if (in == null) {
                throw new IllegalStateException("dev/aec/spark/java-options.txt is not on the class path");
            }
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).forEach(command::add);
        }
        command.addAll(List.of("-Xmx2g", "-XX:TieredStopAtLevel=1"));
        if (options.capToAvx2) {
            command.add("-XX:UseAVX=2");
        }
        // Spark warns of every task that carries its share of the examples (parallelize ships them in
        // the task) and Hadoop of its missing native library: said once here, not per stage.
        command.addAll(List.of("-Daec.repo=" + repo, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.nd4j=error",
                "-Dorg.slf4j.simpleLogger.log.org.apache.spark.scheduler.TaskSetManager=error",
                "-Dorg.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader=error"));
        options.data.ifPresent(d -> command.add("-Daec.data=" + d));
        command.addAll(List.of("-cp", sparkLib + "/*" + java.io.File.pathSeparator
                + System.getProperty("java.class.path"), SparkMeasure.class.getName()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        // The address Spark binds to; without it Spark looks for another interface and warns.
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder;
    }

    private JsonNode measure(String kind, Path file, String version, int steps, int batch) throws Exception {
        return measure(kind, file.toString(), version, String.valueOf(steps), String.valueOf(batch));
    }

    private JsonNode measure(String kind, Path file, String repeats) throws Exception {
        return measure(kind, file.toString(), repeats);
    }

    private JsonNode pytorch(String model, boolean channelsLast) throws Exception {
        List<String> options = new ArrayList<>(List.of("--warmup", String.valueOf(warmup(model))));
        if (channelsLast) {
            options.add("--channels-last");
        }
        return pytorch(pytorchModel(model), steps(model), options);
    }

    /** One measurement of `bench/pytorch/train_step.py MODEL STEPS IMAGES OPTIONS...`. */
    private JsonNode pytorch(String model, int steps, List<String> options) throws Exception {
        Path images = Measure.mnist().directory().resolve("train-images-idx3-ubyte.gz");
        if (!Files.exists(images)) {
            images = Measure.mnist().directory().resolve("train-images-idx3-ubyte");
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, repo.resolve("bench/pytorch/train_step.py").toString(),
                model, String.valueOf(steps), images.toString()));
        command.addAll(options);
        // PyTorch runs as its users run it: an OMP_WAIT_POLICY set for aec is not passed on.
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("OMP_WAIT_POLICY");
        OPENMP_BLAS.ifPresent(dir -> builder.environment().put("LD_LIBRARY_PATH", dir.toString()));
        return run(builder);
    }

    /**
     * Debian's OpenMP build of OpenBLAS, when installed. Debian's torch is built with OpenMP and calls
     * the system's `libblas.so.3`, which the alternatives system points at OpenBLAS's pthread build
     * whenever both are installed (it ranks higher). Under OpenMP's threads the pthread build ran the
     * dense autoencoder at 5,700-6,700 samples/s, the OpenMP build at 17,400-18,200 (Intel Xeon,
     * 2 cores, the same process otherwise): PyTorch is measured with the OpenMP build, as its wheels
     * ship their BLAS.
     */
    private static final Optional<Path> OPENMP_BLAS = Optional.of(Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp"))
            .filter(dir -> Files.exists(dir.resolve("libblas.so.3")));

    /** The name train_step.py gives the model of `models/<model>.aemodel`. */
    private static String pytorchModel(String model) {
        return switch (model) {
            case "dense_autoencoder" -> "dense";
            case "conv_autoencoder" -> "conv";
            case "denoising_conv_transpose" -> "denoiser";
            case "vae_conv" -> "vae";
            default -> throw new IllegalArgumentException("no PyTorch version of " + model);
        };
    }

    private JsonNode run(List<String> command) throws Exception {
        return run(new ProcessBuilder(command));
    }

    private JsonNode run(ProcessBuilder builder) throws Exception {
        if (options.capToAvx2) {
            builder.environment().putAll(AVX2_CAP);
        }
        List<String> command = builder.command();
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("measurement failed: " + String.join(" ", command) + "\n" + out);
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return JSON.readTree(last);
    }

    private static Optional<String> torchVersion() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch; print(torch.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    private Path modelFile(String model) {
        return repo.resolve("models").resolve(model + ".aemodel");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String label(String version) {
        return switch (version) {
            case "aec" -> "aec (compiled)";
            case "handwritten" -> "SameDiff by hand (`sd.fit`)";
            case "pytorch" -> "PyTorch";
            case "pytorch-channels-last" -> "PyTorch, channels_last";
            default -> version;
        };
    }

    private static double median(List<JsonNode> runs, String field) {
        double[] v = runs.stream().mapToDouble(r -> r.get(field).asDouble()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        System.out.flush();
        report.append(text).append('\n');
    }
}
