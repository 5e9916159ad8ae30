package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.TestData;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.data.rows.FakeSamples;
import dev.aec.runtime.data.rows.MemoryRows;
import dev.aec.runtime.data.rows.Rows;
import dev.aec.runtime.data.rows.SampleCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the rows live changes nothing in training: a model trained from a mapped cache file learns
 * exactly, bit for bit, what it learns from rows in memory, through a held-out split and a fitted
 * scaling.
 */
class TrainerRowsTest {
    private static final String MODEL = """
            model M : 784 -> 784 {
              dense(16, activation: relu)
              dense(784, activation: sigmoid)
            }
            """;

    @TempDir
    Path root;

    /** What one training of the model left: every measured loss and the weights. */
    private record Trained(List<Double> losses, List<Double> epochLosses, double validationLoss,
                           List<float[]> weights) {
    }

    @ParameterizedTest
    @EnumSource(Scaling.Kind.class)
    void aModelTrainedFromMappedRowsLearnsBitForBitWhatItLearnsFromMemory(Scaling.Kind scaling) throws Exception {
        Dataset data = TestData.mnist(Split.TRAIN, 120);
        Rows memory = MemoryRows.of(data.images(), data.count(), 784);
        Rows mapped = SampleCache.materialize(FakeSamples.of(data.images(), 784, "mnist first 120"), root,
                SampleCache.Progress.NONE);
        Trained fromMemory = train(memory, scaling);
        Trained fromFile = train(mapped, scaling);
        assertThat(fromFile.losses()).hasSize(12).isEqualTo(fromMemory.losses());
        assertThat(fromFile.epochLosses()).isEqualTo(fromMemory.epochLosses());
        assertThat(fromFile.validationLoss()).isEqualTo(fromMemory.validationLoss());
        for (int i = 0; i < fromMemory.weights().size(); i++) {
            assertThat(fromFile.weights().get(i)).as("weights %d", i).isEqualTo(fromMemory.weights().get(i));
        }
    }

    private static Trained train(Rows rows, Scaling.Kind kind) throws Exception {
        CheckedProgram program = Compiler.compile(new SourceFile("m.aemodel", MODEL), Path.of(".")).program()
                .orElseThrow();
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, "M"), Loss.BINARY_CROSSENTROPY, 9);
        HeldOutSplit split = HeldOutSplit.of(rows.count(), 0.2, 9);
        Scaling scaling = Scaling.fit(kind, rows, split.train());
        Examples all = new Examples("m", rows, Shape.of(784), Optional.empty()).withScaling(scaling);
        Examples train = all.subset(split.train());
        Examples held = all.subset(split.held());
        TrainingStep step = TrainingStep.of(model, Optimizers.of(OptimizerKind.ADAM, ""), Loss.BINARY_CROSSENTROPY);
        List<Double> losses = new ArrayList<>();
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void batchDone(int epoch, int batch, int batches, double loss, long samples, double seconds) {
                losses.add(loss);
            }
        };
        Trainer.Result result = new Trainer(model, step, train, Optional.of(held), new Trainer.Plan(2, 16, true, 9))
                .run(Trainer.Position.START, List.of(), listener, (position, history) -> { }, () -> false);
        assertThat(result.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        List<float[]> weights = new ArrayList<>();
        for (String name : model.paramNames()) {
            INDArray w = model.sameDiff().getVariable(name).getArr();
            weights.add(w.dup().data().asFloat());
        }
        return new Trained(losses, result.history().stream().map(Trainer.EpochResult::trainLoss).toList(),
                result.history().get(1).validationLoss().orElseThrow(), weights);
    }
}
