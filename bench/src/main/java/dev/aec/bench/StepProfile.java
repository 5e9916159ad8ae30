package dev.aec.bench;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.fast.FastExecutor;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.ParameterUpdater;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the compiled training step's time goes, op by op, plus the batch gather and the optimizer.
 * Usage: `java ... StepProfile MODEL_FILE [STEPS]` (bench/profile).
 */
public final class StepProfile {
    private StepProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        CheckedProgram program = Compiler.compileFile(file).program().orElseThrow();
        TrainSpec spec = program.trains().get(0);
        Nd4jEnvironment.init();
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, spec.model()), spec.loss(), 1);
        // A classifier learns its labels, one-hot over its outputs; an autoencoder its inputs.
        Examples train = Examples.forLoss(Dataset.read(Measure.mnist(), Split.TRAIN).limit(spec.batch() * 50),
                model.graph().input(), spec.loss(), (int) model.graph().output().elements());
        FastExecutor fast = FastExecutor.adopt(model, spec.loss());
        int[] first = java.util.stream.IntStream.range(0, spec.batch()).toArray();
        INDArray x = train.batch(first);
        INDArray target = train.targets(first, x);
        fast.profile(x, target, 20);
        Map<String, Double> ms = fast.profile(x, target, steps);
        ms.put("batch gather", timeGather(train, spec.batch(), steps));
        ms.put("optimizer (" + spec.optimizer().kind().keyword() + ", one call)",
                timeOptimizer(fast, spec.optimizer(), steps));
        double total = ms.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(Locale.ROOT, "%s, batch %d, %d steps: %.2f ms per step in all%n", file.getFileName(),
                spec.batch(), steps, total);
        ms.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-48s %7.3f ms  %5.1f%%%n", k, v, 100 * v / total));
    }

    /** As the trainer gathers: into one array reused for every batch of its size. */
    private static double timeGather(Examples train, int batch, int steps) {
        int[] order = Measure.shuffled(train.count());
        INDArray into = train.range(0, batch).ulike();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            int b = i % (train.count() / batch);
            train.batchInto(java.util.Arrays.copyOfRange(order, b * batch, (b + 1) * batch), into);
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    private static double timeOptimizer(FastExecutor fast, Optimizer optimizer, int steps) {
        ParameterUpdater updater = new ParameterUpdater(optimizer);
        Map<String, INDArray> params = Map.of("p", fast.parameters().dup());
        long total = 0;
        for (int i = 0; i < steps; i++) {
            Map<String, INDArray> gradients = Map.of("p", fast.gradients().dup());
            long start = System.nanoTime();
            updater.apply(params, gradients);
            total += System.nanoTime() - start;
        }
        return total / 1e6 / steps;
    }
}
