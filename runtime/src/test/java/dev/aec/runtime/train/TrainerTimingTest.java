package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.TestData;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trainer tells a listener how long each batch took to gather and to train, as benchmarks read it. */
class TrainerTimingTest {
    @Test
    void everyBatchReportsItsGatherWithinItsStepAndTheStepsAddUpToTheEpoch() throws Exception {
        var program = Compiler.compile(new SourceFile("m.aemodel", """
                model M : 784 -> 784 {
                  dense(16, activation: relu)
                  dense(784, activation: sigmoid)
                }
                """), Path.of(".")).program().orElseThrow();
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, "M"), Loss.BINARY_CROSSENTROPY, 3);
        Examples train = Examples.of(TestData.mnist(Split.TRAIN, 100), model.graph().input());
        List<long[]> timings = new ArrayList<>();
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void batchTimed(long gatherNanos, long stepNanos) {
                timings.add(new long[] {gatherNanos, stepNanos});
            }
        };
        Trainer.Result result = new Trainer(model,
                TrainingStep.of(model, Optimizers.of(OptimizerKind.ADAM, ""), Loss.BINARY_CROSSENTROPY), train,
                Optional.empty(), new Trainer.Plan(2, 30, true, 3))
                .run(Trainer.Position.START, List.of(), listener, (position, history) -> { }, () -> false);

        // 100 samples in batches of 30: four batches an epoch, the last of 10.
        assertThat(timings).hasSize(8);
        assertThat(timings).allSatisfy(t -> assertThat(t[0]).isPositive().isLessThanOrEqualTo(t[1]));
        double secondEpoch = timings.subList(4, 8).stream().mapToLong(t -> t[1]).sum() / 1e9;
        assertThat(result.history().get(1).seconds()).isCloseTo(secondEpoch, within(1e-6));
    }
}
