package dev.aec.bench;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.LossValue;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadListener;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.TrainingStep;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Where a compiled training step's time goes, part by part, in one process: the batch gather,
 * SameDiff's fit, the loss beside the graph. Usage: java ... StepProfile MODEL_FILE [STEPS].
 */
public final class StepProfile {
    private StepProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("aec.repo", "."));
        String file = args.length > 0 ? args[0] : "dense_autoencoder.aemodel";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Nd4jEnvironment.init();
        Dataset train = Dataset.read(DatasetResolver.standard().resolve(DatasetSpec.mnist(),
                Optional.of(repo.resolve("../shared/datasets/mnist").normalize()), DownloadListener.NONE), Split.TRAIN)
                .limit(100 * steps);
        CheckedProgram program = Compiler.compileFile(repo.resolve("models").resolve(file)).program().orElseThrow();
        TrainSpec spec = program.train("Autoencoder").orElseThrow();
        Graph graph = Lowerer.lower(program, "Autoencoder");
        Examples examples = Examples.of(train, graph.input());
        SplittableRandom random = new SplittableRandom(1);
        int[][] batches = new int[steps][100];
        for (int[] b : batches) {
            for (int i = 0; i < 100; i++) {
                b[i] = random.nextInt(examples.count());
            }
        }
        for (int round = 0; round < 2; round++) {
            long gather = 0;
            for (int[] b : batches) {
                long t = System.nanoTime();
                examples.batch(b);
                gather += System.nanoTime() - t;
            }
            CompiledModel plain = SameDiffLowering.lower(graph, spec.loss(), 1);
            TrainingStep.of(plain, spec.optimizer(), spec.loss());
            SameDiff sd = plain.sameDiff();
            long fit = 0;
            for (int[] b : batches) {
                INDArray x = examples.batch(b);
                long t = System.nanoTime();
                Nd4jEnvironment.silently(() -> sd.fit(new DataSet(x, x)));
                fit += System.nanoTime() - t;
            }
            CompiledModel probed = SameDiffLowering.lower(graph, spec.loss(), 1);
            TrainingStep.of(probed, spec.optimizer(), spec.loss());
            org.nd4j.autodiff.listeners.BaseListener idle = new org.nd4j.autodiff.listeners.BaseListener() {
                @Override
                public boolean isActive(org.nd4j.autodiff.listeners.Operation operation) {
                    return operation == org.nd4j.autodiff.listeners.Operation.TRAINING;
                }
            };
            long withListener = 0;
            for (int[] b : batches) {
                INDArray x = examples.batch(b);
                long t = System.nanoTime();
                Nd4jEnvironment.silently(() -> probed.sameDiff().fit(new DataSet(x, x), idle));
                withListener += System.nanoTime() - t;
            }
            CompiledModel model = SameDiffLowering.lower(graph, spec.loss(), 1);
            TrainingStep step = TrainingStep.of(model, spec.optimizer(), spec.loss());
            long full = 0;
            for (int[] b : batches) {
                INDArray x = examples.batch(b);
                long t = System.nanoTime();
                step.run(x, true);
                full += System.nanoTime() - t;
            }
            INDArray x = examples.batch(batches[0]);
            INDArray logits = x.dup();
            long loss = 0;
            for (int i = 0; i < steps; i++) {
                long t = System.nanoTime();
                LossValue.of(spec.loss(), true, logits, x);
                loss += System.nanoTime() - t;
            }
            System.out.printf(Locale.ROOT, "%s round %d: gather %.2f ms, fit %.2f ms, fit with an idle listener %.2f ms, "
                    + "aec step %.2f ms, loss alone %.2f ms%n", file, round, gather / 1e6 / steps, fit / 1e6 / steps,
                    withListener / 1e6 / steps, full / 1e6 / steps, loss / 1e6 / steps);
        }
    }
}
