package dev.aec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadListener;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.PeakMemory;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.LatentNoise;
import dev.aec.runtime.train.Trainer;
import dev.aec.runtime.train.TrainingStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One measurement in a process of its own, so that its peak memory is its own; prints one JSON
 * line. The suite ({@link BenchmarkSuite}) runs these and compares them.
 *
 * <pre>
 * throughput MODEL_FILE VERSION STEPS BATCH [WARMUP]   VERSION: aec | samediff | handwritten; BATCH may be `model`
 * growth     MODEL_FILE VERSION SEGMENTS STEPS   samples/s and resident memory per segment
 * learning   MODEL_FILE VERSION EPOCHS LIMIT     per-epoch test loss, trained from the same seed
 * check      MODEL_FILE REPEATS                  compile-and-check time in a fresh JVM
 * </pre>
 * The data folder comes from `-Daec.data=DIR` (not verified), else ../shared/datasets/mnist, else aec's cache.
 */
public final class Measure {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Steps before timing starts (`-Daec.warmup`, from `bench/run --warmup`). */
    private static final int WARMUP_STEPS = Integer.getInteger("aec.warmup", 20);

    private Measure() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(JSON.writeValueAsString(run(args)));
    }

    static Map<String, Object> run(String... args) throws Exception {
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        return switch (args[0]) {
            case "check" -> check(Path.of(args[1]), Integer.parseInt(args[2]), jvmStart);
            case "throughput" -> throughput(Path.of(args[1]), args[2], Integer.parseInt(args[3]),
                    args[4], args.length > 5 ? Integer.parseInt(args[5]) : WARMUP_STEPS);
            case "growth" -> growth(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "learning" -> learning(Path.of(args[1]), args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
        };
    }

    private static Map<String, Object> check(Path file, int repeats, long jvmStart) throws Exception {
        long start = System.nanoTime();
        boolean ok = Compiler.compileFile(file).ok();
        double firstMs = (System.nanoTime() - start) / 1e6;
        double sinceJvmStart = System.currentTimeMillis() - jvmStart;
        double[] warm = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long s = System.nanoTime();
            Compiler.compileFile(file);
            warm[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(warm);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", ok);
        out.put("first_check_ms", firstMs);
        out.put("jvm_start_to_checked_ms", sinceJvmStart);
        out.put("warm_check_ms", repeats == 0 ? Double.NaN : warm[repeats / 2]);
        return out;
    }

    /** BATCH is a number, or `model` for the batch of the model's own train block. */
    private static Map<String, Object> throughput(Path file, String version, int steps, String batchArg, int warmup)
            throws Exception {
        Model m = Model.load(file);
        int batch = batchArg.equals("model") ? m.spec.batch() : Integer.parseInt(batchArg);
        // All of them: steps wrap around, and limiting would copy the images on a small heap.
        Examples train = m.train(Integer.MAX_VALUE);
        Prepared prepared = m.runner(version, batch);
        Runner runner = prepared.runner();
        runner.run(train, 0, warmup);
        long start = System.nanoTime();
        runner.run(train, warmup, steps);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name);
        out.put("version", version);
        out.put("step", prepared.step());
        out.put("batch", batch);
        out.put("samples_per_second", batch * steps / seconds);
        out.put("ms_per_step", 1000 * seconds / steps);
        out.put("gflop_per_sample", TrainingFlops.perSample(m.graph) / 1e9);
        out.put("peak_rss_bytes", PeakMemory.residentBytes());
        return out;
    }

    private static Map<String, Object> growth(Path file, String version, int segments, int steps) throws Exception {
        Model m = Model.load(file);
        int batch = m.spec.batch();
        Examples train = m.train(Integer.MAX_VALUE);
        Runner runner = m.runner(version, batch).runner();
        runner.run(train, 0, WARMUP_STEPS);
        List<Double> speeds = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            long start = System.nanoTime();
            runner.run(train, 0, steps);
            speeds.add(batch * steps / ((System.nanoTime() - start) / 1e9));
            rss.add(PeakMemory.currentResidentBytes());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name);
        out.put("version", version);
        out.put("segment_samples_per_second", speeds);
        out.put("segment_rss_bytes", rss);
        return out;
    }

    /** Trains with aec's loop from the model's seed, as `aec train` does, and tests each epoch. */
    private static Map<String, Object> learning(Path file, String version, int epochs, int limit) throws Exception {
        Model m = Model.load(file);
        Examples train = m.train(limit);
        Examples test = Examples.of(Dataset.read(mnist(), Split.TEST), m.graph.input());
        CompiledModel model = SameDiffLowering.lower(m.graph, m.spec.loss(), m.spec.seed());
        TrainingStep step = version.equals("aec") ? TrainingStep.of(model, m.spec.optimizer(), m.spec.loss())
                : TrainingStep.samediff(model, m.spec.optimizer(), m.spec.loss());
        List<Double> losses = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void epochDone(Trainer.EpochResult result) {
                losses.add(Evaluator.meanLoss(model, test));
                speeds.add(result.samplesPerSecond());
            }
        };
        new Trainer(model, step, train, Optional.empty(), new Trainer.Plan(epochs, m.spec.batch(), true, m.spec.seed()))
                .run(Trainer.Position.START, List.of(), listener, (p, h) -> { }, () -> false);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name);
        out.put("version", version);
        out.put("step", step.getClass().getSimpleName());
        out.put("epoch_test_loss", losses);
        out.put("epoch_samples_per_second", speeds);
        return out;
    }

    /** One way of training a model: `run` does `steps` shuffled steps from batch `first` on. */
    private interface Runner {
        void run(Examples train, int first, int steps);
    }

    /** A runner and the training step it drives (`Fast` is aec's executor; `Fit`, `Gradients` are SameDiff's). */
    private record Prepared(Runner runner, String step) {
    }

    /** Floating-point operations of one training step per sample, in GFLOP ({@link TrainingFlops}). */
    static double gflopPerSample(Path file) throws Exception {
        return TrainingFlops.perSample(Model.load(file).graph) / 1e9;
    }

    /** The batch of the model's own train block. */
    static int modelBatch(Path file) throws Exception {
        return Model.load(file).spec.batch();
    }

    private record Model(String name, Graph graph, TrainSpec spec) {
        static Model load(Path file) throws Exception {
            CheckedProgram program = Compiler.compileFile(file).program()
                    .orElseThrow(() -> new IllegalArgumentException(file + " has errors; run aec check"));
            TrainSpec spec = program.trains().get(0);
            String name = file.getFileName().toString().replace(".aemodel", "");
            return new Model(name, Lowerer.lower(program, spec.model()), spec);
        }

        /** The training images, the first `count` of them when that is fewer (a copy on the heap). */
        Examples train(int count) throws Exception {
            Nd4jEnvironment.init();
            Dataset set = Dataset.read(mnist(), Split.TRAIN);
            return Examples.of(count < set.count() ? set.limit(count) : set, graph.input());
        }

        Prepared runner(String version, int batch) {
            switch (version) {
                case "aec", "samediff" -> {
                    CompiledModel model = SameDiffLowering.lower(graph, spec.loss(), spec.seed());
                    TrainingStep step = version.equals("aec") ? TrainingStep.of(model, spec.optimizer(), spec.loss())
                            : TrainingStep.samediff(model, spec.optimizer(), spec.loss());
                    // As `aec train`: a shuffled batch gathered per step into one array, the loss measured every 10th.
                    return new Prepared((train, first, steps) -> {
                        int[] order = shuffled(train.count());
                        INDArray batchArray = train.batch(Arrays.copyOf(order, batch));
                        for (int i = 0; i < steps; i++) {
                            int b = (first + i) % (train.count() / batch);
                            INDArray x = train.batchInto(Arrays.copyOfRange(order, b * batch, (b + 1) * batch), batchArray);
                            // A VAE samples its latent from noise drawn per step, as `aec train` draws it.
                            step.run(x, x, LatentNoise.draw(model, spec.seed(), 0, first + i, batch),
                                    i % Trainer.LOSS_EVERY == 0);
                        }
                    }, step.getClass().getSimpleName());
                }
                case "handwritten" -> {
                    SameDiff sd = name.startsWith("conv") ? HandWritten.conv(1) : HandWritten.dense(1);
                    return new Prepared((train, first, steps) -> {
                        int[] order = shuffled(train.count());
                        for (int i = 0; i < steps; i++) {
                            int b = (first + i) % (train.count() / batch);
                            INDArray x = train.batch(Arrays.copyOfRange(order, b * batch, (b + 1) * batch));
                            Nd4jEnvironment.silently(() -> sd.fit(new DataSet(x, x)));
                        }
                    }, "fit");
                }
                default -> throw new IllegalArgumentException("unknown version " + version);
            }
        }
    }

    static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** `-Daec.data=DIR` is taken as it is (as `aec train --no-verify`): tests give generated files. */
    static DatasetLocation mnist() throws Exception {
        String explicit = System.getProperty("aec.data");
        if (explicit != null) {
            return DatasetResolver.standard().unverified(DatasetSpec.mnist(), Path.of(explicit));
        }
        Path shared = Path.of(System.getProperty("aec.repo", ".")).resolve("../shared/datasets/mnist").normalize();
        Optional<Path> dir = Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
        return DatasetResolver.standard().resolve(DatasetSpec.mnist(), dir, DownloadListener.NONE);
    }
}
