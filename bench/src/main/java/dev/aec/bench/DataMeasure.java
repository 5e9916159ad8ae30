package dev.aec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadListener;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.data.rows.MemoryRows;
import dev.aec.runtime.data.rows.SampleCache;
import dev.aec.runtime.data.source.NpyFile;
import dev.aec.runtime.data.source.Sources;
import dev.aec.runtime.run.PeakMemory;
import dev.aec.runtime.run.RunData;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.Trainer;
import dev.aec.runtime.train.TrainingStep;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One measurement of the user's-data path in a process of its own; prints one JSON line. The
 * suite's `data` section ({@link BenchmarkSuite}) runs these.
 *
 * <pre>
 * prepare DIR DIGITS SCENES PHOTOS        writes the image folders, an NPY file and the model files
 * decode  MODEL_FILE CACHE_ROOT           loads the train block's data as `aec train` does: decoded
 *                                         into the sample cache on first use, the cache reopened after
 * compare MODEL_FILE CACHE_ROOT WARMUP STEPS ROUNDS MEMORY_ROWS CONTENDER...
 *                                         training speed and data-wait share of one model on each
 *                                         contender, in turns: a model file whose train block names
 *                                         the data, or `memory`, the first file's rows copied into memory
 * epochs  MODEL_FILE CACHE_ROOT EPOCHS cold|warm
 *                                         whole epochs as `aec train` runs them, memory after each; `cold`
 *                                         drops the cache files from the page cache first, as on a later day
 * </pre>
 */
public final class DataMeasure {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The folders and files `prepare` writes, as the model files it writes name them. */
    static final String DIGITS = "digits";
    static final String DIGITS_NPY = "digits.npy";
    static final String SCENES = "scenes";
    static final String PHOTOS = "photos";

    private DataMeasure() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(JSON.writeValueAsString(run(args)));
    }

    static Map<String, Object> run(String... args) throws Exception {
        return switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "decode" -> decode(Path.of(args[1]), Path.of(args[2]));
            case "compare" -> compare(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                    List.of(args).subList(7, args.length));
            case "epochs" -> epochs(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    args[4].equals("cold"));
            default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
        };
    }

    // ---- prepare ----

    /**
     * Writes under `dir`: `digits/<label>/<n>.png`, 28x28 grey PNGs (the first MNIST training
     * images when MNIST is at hand, else drawn digits), the same images as `digits.npy`,
     * `scenes/<n>.png` and `photos/<n>.jpg`, drawn 64x64 RGB scenes, and the model files that
     * train on them.
     */
    private static Map<String, Object> prepare(Path dir, int digits, int scenes, int photos) throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        Optional<DatasetLocation> mnist = mnistIfPresent();
        float[] values = new float[digits * 784];
        int[] labels = new int[digits];
        if (mnist.isPresent()) {
            Dataset set = Dataset.read(mnist.get(), Split.TRAIN);
            System.arraycopy(set.images(), 0, values, 0, values.length);
            System.arraycopy(set.labels(), 0, labels, 0, digits);
        } else {
            for (int i = 0; i < digits; i++) {
                labels[i] = i % 10;
                BufferedImage image = drawnDigit(i, labels[i]);
                for (int p = 0; p < 784; p++) {
                    values[i * 784 + p] = image.getRaster().getSample(p % 28, p / 28, 0) / 255f;
                }
            }
        }
        for (int label = 0; label < 10; label++) {
            Files.createDirectories(dir.resolve(DIGITS).resolve(String.valueOf(label)));
        }
        parallel(digits, i -> {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = image.getRaster();
            for (int p = 0; p < 784; p++) {
                raster.setSample(p % 28, p / 28, 0, Math.round(values[i * 784 + p] * 255));
            }
            write(image, "png", dir.resolve(DIGITS).resolve(String.valueOf(labels[i])).resolve(i + ".png"));
        });
        NpyFile.write(dir.resolve(DIGITS_NPY), Shape.of(28, 28, 1), values);
        Files.createDirectories(dir.resolve(SCENES));
        parallel(scenes, i -> write(scene(i), "png", dir.resolve(SCENES).resolve(i + ".png")));
        Files.createDirectories(dir.resolve(PHOTOS));
        parallel(photos, i -> write(scene(1_000_000 + i), "jpg", dir.resolve(PHOTOS).resolve(i + ".jpg")));

        Path repo = Path.of(System.getProperty("aec.repo", ".")).toAbsolutePath().normalize();
        String conv = Files.readString(repo.resolve("models/conv_autoencoder.aemodel"));
        String convModels = conv.substring(0, conv.indexOf("\ntrain ") + 1);
        String train = """
                train Autoencoder {
                  data: %s
                  loss: binary_crossentropy
                  optimizer: adadelta
                  batch: 100
                  epochs: %d
                  shuffle: true
                }
                """;
        Files.writeString(dir.resolve("digits_folder.aemodel"), convModels
                + train.formatted("images(\"" + DIGITS + "\", size: 28x28x1)", 1));
        Files.writeString(dir.resolve("digits_npy.aemodel"), convModels
                + train.formatted("npy(\"" + DIGITS_NPY + "\")", 1));
        Files.writeString(dir.resolve("scenes_folder.aemodel"), SCENE_MODEL
                + train.formatted("images(\"" + SCENES + "\", size: 64x64x3)", 3));
        Files.writeString(dir.resolve("photos_folder.aemodel"), SCENE_MODEL
                + train.formatted("images(\"" + PHOTOS + "\", size: 64x64x3)", 3));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("digits_from", mnist.isPresent() ? "mnist" : "drawn");
        out.put("digits", digits);
        out.put("scenes", scenes);
        out.put("photos", photos);
        out.put("digits_bytes", bytes(dir.resolve(DIGITS)));
        out.put("scenes_bytes", bytes(dir.resolve(SCENES)));
        out.put("photos_bytes", bytes(dir.resolve(PHOTOS)));
        out.put("seconds", (System.nanoTime() - start) / 1e9);
        return out;
    }

    /** A conv autoencoder for 64x64 RGB images, squeezed to 16x16x8 and back. */
    static final String SCENE_MODEL = """
            model Encoder : 64x64x3 -> 16x16x8 {
              conv2d(16, kernel: 3x3, activation: relu, padding: same)   # 64x64x16
              maxpool(2x2, padding: same)                                # 32x32x16
              conv2d(8, kernel: 3x3, activation: relu, padding: same)    # 32x32x8
              maxpool(2x2, padding: same)                                # 16x16x8
            }

            model Decoder : 16x16x8 -> 64x64x3 {
              conv2d(8, kernel: 3x3, activation: relu, padding: same)    # 16x16x8
              upsample(2x2)                                              # 32x32x8
              conv2d(16, kernel: 3x3, activation: relu, padding: same)   # 32x32x16
              upsample(2x2)                                              # 64x64x16
              conv2d(3, kernel: 3x3, activation: sigmoid, padding: same) # 64x64x3
            }

            model Autoencoder : 64x64x3 -> 64x64x3 {
              Encoder
              Decoder
            }

            """;

    /** MNIST from `-Daec.data` or ../shared/datasets/mnist, as the other measurements find it; never downloaded. */
    static Optional<DatasetLocation> mnistIfPresent() throws Exception {
        if (System.getProperty("aec.data") != null) {
            return Optional.of(Measure.mnist());
        }
        Path shared = Path.of(System.getProperty("aec.repo", ".")).resolve("../shared/datasets/mnist").normalize();
        return Files.isDirectory(shared)
                ? Optional.of(DatasetResolver.standard().resolve(DatasetSpec.mnist(), Optional.of(shared),
                        DownloadListener.NONE))
                : Optional.empty();
    }

    /** A 64x64 scene: a gradient, a few soft shapes, and sensor noise, so that it compresses as a photo does. */
    static BufferedImage scene(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(r.nextInt(64), 0, colour(r), r.nextInt(64), 64, colour(r)));
        g.fillRect(0, 0, 64, 64);
        for (int k = 3 + r.nextInt(4); k > 0; k--) {
            g.setColor(colour(r));
            double x = r.nextInt(-8, 56);
            double y = r.nextInt(-8, 56);
            double w = 8 + r.nextInt(32);
            double h = 8 + r.nextInt(32);
            g.fill(r.nextBoolean() ? new Ellipse2D.Double(x, y, w, h) : new Rectangle2D.Double(x, y, w, h));
        }
        g.dispose();
        WritableRaster raster = image.getRaster();
        int[] pixels = raster.getPixels(0, 0, 64, 64, (int[]) null);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.max(0, Math.min(255, pixels[i] + r.nextInt(-6, 7)));
        }
        raster.setPixels(0, 0, 64, 64, pixels);
        return image;
    }

    private static Color colour(SplittableRandom r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    /** A digit drawn in white on black, somewhat as MNIST's: for machines without MNIST. */
    private static BufferedImage drawnDigit(int seed, int label) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2f));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18 + r.nextInt(6)));
        g.drawString(String.valueOf(label), 7 + r.nextInt(5), 21 + r.nextInt(4));
        g.dispose();
        return image;
    }

    private interface Writer {
        void write(int i) throws IOException;
    }

    private static void parallel(int n, Writer writer) {
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                writer.write(i);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void write(BufferedImage image, String format, Path file) throws IOException {
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no " + format + " writer");
        }
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    // ---- decode ----

    /** Loads the train block's data as `aec train` does, timing it, and says whether the cache was built or reused. */
    private static Map<String, Object> decode(Path file, Path cacheRoot) throws Exception {
        Run run = Run.load(file);
        long cachesBefore = caches(cacheRoot);
        long[] decoded = {0};
        long start = System.nanoTime();
        RunData.Loaded data = run.data(cacheRoot, (done, total) -> {
            if (done == total) {
                decoded[0] = System.nanoTime();
            }
        });
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", ((FileSource) run.spec.data()).written());
        out.put("samples", data.train().count());
        out.put("sample_shape", data.train().sampleShape().toString());
        out.put("built", caches(cacheRoot) > cachesBefore);
        out.put("seconds", seconds);
        out.put("samples_per_second", data.train().count() / seconds);
        // From the last block decoded to the rows ready: the cache written to disk, renamed, mapped.
        out.put("flush_seconds", decoded[0] == 0 ? 0 : (end - decoded[0]) / 1e9);
        out.put("rows", data.train().rows().getClass().getSimpleName());
        out.put("decoded_bytes", (long) data.train().count() * data.train().rows().width() * Float.BYTES);
        out.put("peak_rss_bytes", PeakMemory.residentBytes());
        return out;
    }

    private static long caches(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".rows")).count();
        }
    }

    // ---- compare ----

    /** Time and data wait over a run of steps. */
    private static final class Clock implements Trainer.Listener {
        long gather;
        long step;
        long batches;

        @Override
        public void batchTimed(long gatherNanos, long stepNanos) {
            gather += gatherNanos;
            step += stepNanos;
            batches++;
        }
    }

    /**
     * Trains one model on each contender in turn, `ROUNDS` times `STEPS` steps each (the order
     * rotated each round), after `WARMUP` steps on the first: the same process, the same compiled
     * model, so the ratios carry none of the drift between processes.
     */
    private static Map<String, Object> compare(Path file, Path cacheRoot, int warmup, int steps, int rounds,
                                               int memoryRows, List<String> contenders) throws Exception {
        Run run = Run.load(file);
        CompiledModel model = SameDiffLowering.lower(run.graph, run.spec.loss(), run.spec.reduction(), run.spec.seed());
        TrainingStep step = TrainingStep.of(model, run.spec.optimizer(), run.spec.loss());
        Map<String, Examples> examples = new LinkedHashMap<>();
        Map<String, Double> loadSeconds = new LinkedHashMap<>();
        for (String contender : contenders) {
            long start = System.nanoTime();
            Examples e = contender.equals("memory") ? inMemory(run.data(cacheRoot).train(), memoryRows)
                    : Run.load(file.resolveSibling(contender)).data(cacheRoot).train();
            loadSeconds.put(contender, (System.nanoTime() - start) / 1e9);
            examples.put(contender, e);
        }
        train(model, step, examples.get(contenders.get(0)), run.spec.batch(), warmup, new Clock());
        Map<String, List<Clock>> clocks = new LinkedHashMap<>();
        contenders.forEach(c -> clocks.put(c, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < contenders.size(); i++) {
                String contender = contenders.get((i + round) % contenders.size());
                Clock clock = new Clock();
                train(model, step, examples.get(contender), run.spec.batch(), steps, clock);
                clocks.get(contender).add(clock);
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        for (String contender : contenders) {
            List<Clock> runs = clocks.get(contender);
            Map<String, Object> r = new LinkedHashMap<>();
            Examples e = examples.get(contender);
            r.put("rows", e.rows().getClass().getSimpleName());
            r.put("samples", e.count());
            r.put("load_seconds", loadSeconds.get(contender));
            r.put("round_samples_per_second", runs.stream().map(c -> c.batches * run.spec.batch() / (c.step / 1e9))
                    .toList());
            r.put("round_wait_share", runs.stream().map(c -> (double) c.gather / c.step).toList());
            long gather = runs.stream().mapToLong(c -> c.gather).sum();
            long total = runs.stream().mapToLong(c -> c.step).sum();
            long batches = runs.stream().mapToLong(c -> c.batches).sum();
            r.put("samples_per_second", batches * run.spec.batch() / (total / 1e9));
            r.put("ms_per_step", total / 1e6 / batches);
            r.put("gather_ms_per_step", gather / 1e6 / batches);
            r.put("wait_share", (double) gather / total);
            results.put(contender, r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", run.graph.input() + " -> " + run.graph.output());
        out.put("batch", run.spec.batch());
        out.put("contenders", results);
        out.put("peak_rss_bytes", PeakMemory.residentBytes());
        return out;
    }

    /** The first `limit` of `examples`' rows copied into one array off the heap, in order. */
    private static Examples inMemory(Examples examples, int limit) {
        int n = Math.min(limit, examples.count());
        int[] all = Arrays.copyOf(examples.rowIndices(), n);
        INDArray rows = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, examples.rows().width()}, 'c');
        examples.rows().gather(all, new BytePointer(rows.data().addressPointer()));
        return new Examples("memory", new MemoryRows(rows), examples.sampleShape(), Optional.empty());
    }

    /** `steps` batches of aec's training loop on `examples`, from its first epoch's start. */
    private static void train(CompiledModel model, TrainingStep step, Examples examples, int batch, int steps,
                              Clock clock) throws IOException {
        int[] done = {0};
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void batchTimed(long gatherNanos, long stepNanos) {
                clock.batchTimed(gatherNanos, stepNanos);
                done[0]++;
            }
        };
        int epochs = (steps * batch + examples.count() - 1) / examples.count() + 1;
        new Trainer(model, step, examples, Optional.empty(), new Trainer.Plan(epochs, batch, true, 1))
                .run(Trainer.Position.START, List.of(), listener, (p, h) -> { }, () -> done[0] >= steps);
    }

    // ---- epochs ----

    /** Whole epochs of the train block's data, as `aec train` runs them, and the process's memory after each. */
    private static Map<String, Object> epochs(Path file, Path cacheRoot, int epochs, boolean cold) throws Exception {
        Run run = Run.load(file);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cold", cold && dropFromPageCache(cacheRoot));
        long start = System.nanoTime();
        Examples train = run.data(cacheRoot).train();
        out.put("load_seconds", (System.nanoTime() - start) / 1e9);
        Trainer.Plan plan = new Trainer.Plan(epochs, run.spec.batch(), run.spec.shuffle(), run.spec.seed());
        // As `aec train` does: the first batches are read while the model is lowered.
        Trainer.prefetchStart(train, plan, Trainer.Position.START);
        out.put("rows", train.rows().getClass().getSimpleName());
        out.put("samples", train.count());
        out.put("decoded_bytes", (long) train.count() * train.rows().width() * Float.BYTES);
        out.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        out.put("javacpp_max_bytes", Pointer.maxBytes());
        out.put("javacpp_max_physical_bytes", Pointer.maxPhysicalBytes());
        out.put("before", memory());
        CompiledModel model = SameDiffLowering.lower(run.graph, run.spec.loss(), run.spec.reduction(), run.spec.seed());
        TrainingStep step = TrainingStep.of(model, run.spec.optimizer(), run.spec.loss());
        List<Map<String, Object>> perEpoch = new ArrayList<>();
        Clock[] clock = {new Clock()};
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void batchTimed(long gatherNanos, long stepNanos) {
                clock[0].batchTimed(gatherNanos, stepNanos);
            }

            @Override
            public void epochDone(Trainer.EpochResult result) {
                Map<String, Object> e = memory();
                e.put("samples_per_second", result.samplesPerSecond());
                e.put("wait_share", (double) clock[0].gather / clock[0].step);
                e.put("gather_ms_per_step", clock[0].gather / 1e6 / clock[0].batches);
                e.put("ms_per_step", clock[0].step / 1e6 / clock[0].batches);
                e.put("train_loss", result.trainLoss());
                perEpoch.add(e);
                clock[0] = new Clock();
            }
        };
        Trainer.Result result = new Trainer(model, step, train, Optional.empty(), plan)
                .run(Trainer.Position.START, List.of(), listener, (p, h) -> { }, () -> false);
        out.put("outcome", result.outcome().toString());
        out.put("epochs", perEpoch);
        // Training is over: a full collection tells garbage (and the native arrays only it frees) from growth.
        System.gc();
        Thread.sleep(500);
        out.put("after_collection", memory());
        out.put("javacpp_physical_bytes", Pointer.physicalBytes());
        return out;
    }

    /** Asks the kernel to drop the cache files' pages (GNU dd's `nocache`); false where it cannot. */
    private static boolean dropFromPageCache(Path cacheRoot) throws IOException, InterruptedException {
        boolean dropped = true;
        try (Stream<Path> files = Files.list(cacheRoot)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".rows")).toList()) {
                Process dd = new ProcessBuilder("dd", "if=" + f, "iflag=nocache", "count=0", "status=none")
                        .redirectErrorStream(true).start();
                dd.getInputStream().readAllBytes();
                dropped &= dd.waitFor() == 0;
            }
        } catch (IOException e) {
            return false;
        }
        return dropped;
    }

    /** Resident memory now and at its peak, split into the process's own and the mapped files', and the heap in use. */
    private static Map<String, Object> memory() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peak_rss_bytes", PeakMemory.residentBytes());
        m.put("rss_bytes", PeakMemory.currentResidentBytes());
        m.put("rss_anon_bytes", dev.aec.runtime.run.PeakMemory.status("RssAnon:"));
        m.put("rss_file_bytes", dev.aec.runtime.run.PeakMemory.status("RssFile:"));
        Runtime rt = Runtime.getRuntime();
        m.put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
        m.put("heap_committed_bytes", rt.totalMemory());
        // What the last collection left: the heap's live data, without the garbage since.
        m.put("heap_live_bytes", ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .mapToLong(p -> p.getCollectionUsage().getUsed()).sum());
        m.put("collections", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum());
        return m;
    }

    /** A model file compiled with its data probed, as `aec train` compiles it. */
    private record Run(Graph graph, TrainSpec spec) {
        static Run load(Path file) throws Exception {
            Compiler.Result result = Compiler.compileFile(file, Sources::probe);
            if (!result.ok()) {
                throw new IllegalArgumentException(file + " has errors: " + result.diagnostics().sorted().stream()
                        .map(d -> d.code() + " " + d.message()).toList());
            }
            CheckedProgram program = result.program().orElseThrow();
            TrainSpec spec = program.trains().get(0);
            Nd4jEnvironment.init();
            return new Run(Lowerer.lower(program, spec.model()), spec);
        }

        RunData.Loaded data(Path cacheRoot) throws DataException, InterruptedException {
            return data(cacheRoot, SampleCache.Progress.NONE);
        }

        RunData.Loaded data(Path cacheRoot, SampleCache.Progress progress) throws DataException, InterruptedException {
            return RunData.load(spec, graph.input(), Optional.empty(), new RunData.Access() {
                @Override
                public DatasetLocation locate(String dataset) {
                    throw new IllegalArgumentException("the data benchmarks read files, not " + dataset);
                }

                @Override
                public Path cacheRoot() {
                    return cacheRoot;
                }

                @Override
                public SampleCache.Progress decoding(String what) {
                    return progress;
                }
            }, Optional.empty(), () -> false);
        }
    }
}
