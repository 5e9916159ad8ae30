package dev.aec.bench;

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
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.TrainingStep;
import dev.aec.runtime.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Training throughput of the compiled tutorial models against the same models written by hand in
 * SameDiff, measured alternately in one process (this machine's speed drifts, so only ratios
 * measured together mean anything). Both shuffle; only aec computes each batch's loss (SameDiff's
 * `fit` does not), which it needs to report progress. Usage: `bench/run [STEPS] [ROUNDS]`.
 */
public final class TrainingBenchmark {
    private static final int BATCH = 100;
    private static final int WARMUP_STEPS = 20;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path repo = Path.of(System.getProperty("aec.repo", "."));
        Nd4jEnvironment.init();
        Dataset train = Dataset.read(mnist(repo), Split.TRAIN).limit(BATCH * steps);
        System.out.printf(Locale.ROOT, "aec training benchmark: %d steps of batch %d per measurement, %d rounds, "
                + "OMP_WAIT_POLICY=%s, %d cores%n", steps, BATCH, rounds, System.getenv("OMP_WAIT_POLICY"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-18s %-12s %12s %10s%n", "model", "version", "samples/s", "ms/step");
        for (String file : List.of("dense_autoencoder.aemodel", "conv_autoencoder.aemodel")) {
            CheckedProgram program = Compiler.compileFile(repo.resolve("models").resolve(file)).program().orElseThrow();
            TrainSpec spec = program.train("Autoencoder").orElseThrow();
            Graph graph = Lowerer.lower(program, "Autoencoder");
            Examples examples = Examples.of(train, graph.input());
            List<Double> compiled = new ArrayList<>();
            List<Double> handWritten = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                // Alternate which goes first, so warm-up and drift do not favour one side.
                boolean aecFirst = round % 2 == 0;
                if (aecFirst) {
                    compiled.add(compiled(graph, spec, examples, steps));
                    report(file, "aec", compiled.get(round));
                }
                handWritten.add(handWritten(file.startsWith("conv") ? HandWritten.conv(1) : HandWritten.dense(1),
                        examples, steps));
                report(file, "hand-written", handWritten.get(round));
                if (!aecFirst) {
                    compiled.add(compiled(graph, spec, examples, steps));
                    report(file, "aec", compiled.get(round));
                }
            }
            double a = mean(compiled);
            double h = mean(handWritten);
            System.out.printf(Locale.ROOT, "%-18s ratio aec / hand-written SameDiff: %.2f (%.0f vs %.0f samples/s)%n",
                    file.replace(".aemodel", ""), a / h, a, h);
        }
        System.out.printf(Locale.ROOT, "peak resident memory of this process: %.2f GB%n", dev.aec.runtime.run.PeakMemory.residentBytes() / 1e9);
    }

    private static double compiled(Graph graph, TrainSpec spec, Examples examples, int steps) throws Exception {
        CompiledModel model = SameDiffLowering.lower(graph, spec.loss(), 1);
        TrainingStep step = TrainingStep.of(model, spec.optimizer(), spec.loss());
        Examples warm = new Examples("warmup", examples.rows().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
                BATCH * WARMUP_STEPS)), examples.sampleShape());
        Trainer.Plan warmPlan = new Trainer.Plan(1, BATCH, false, 1);
        new Trainer(model, step, warm, Optional.empty(), warmPlan).run(Trainer.Position.START, List.of(),
                new Trainer.Listener() { }, (p, h) -> { }, () -> false);
        Trainer.Result result = new Trainer(model, step, examples, Optional.empty(), new Trainer.Plan(1, BATCH, true, 1))
                .run(Trainer.Position.START, List.of(), new Trainer.Listener() { }, (p, h) -> { }, () -> false);
        return result.history().get(0).samplesPerSecond();
    }

    /** Like aec's loop, a shuffled epoch: each timed step gathers its batch, then fits. */
    private static double handWritten(SameDiff sd, Examples examples, int steps) {
        for (int i = 0; i < WARMUP_STEPS; i++) {
            INDArray x = examples.range(i * BATCH, (i + 1) * BATCH);
            Nd4jEnvironment.silently(() -> sd.fit(new DataSet(x, x)));
        }
        int[] order = shuffled(examples.count());
        long nanos = 0;
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            INDArray x = examples.batch(java.util.Arrays.copyOfRange(order, i * BATCH, (i + 1) * BATCH));
            Nd4jEnvironment.silently(() -> sd.fit(new DataSet(x, x)));
            nanos += System.nanoTime() - start;
        }
        return BATCH * steps / (nanos / 1e9);
    }

    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void report(String file, String version, double samplesPerSecond) {
        System.out.printf(Locale.ROOT, "%-18s %-12s %,12.0f %10.2f%n", file.replace(".aemodel", ""), version,
                samplesPerSecond, 1000.0 * BATCH / samplesPerSecond);
    }

    private static DatasetLocation mnist(Path repo) throws Exception {
        Path shared = repo.resolve("../shared/datasets/mnist").normalize();
        Optional<Path> explicit = Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
        return DatasetResolver.standard().resolve(DatasetSpec.mnist(), explicit, DownloadListener.NONE);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
