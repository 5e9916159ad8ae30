package dev.aec.runtime.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class JudgeTest {
    private static CompiledModel lower(String source, String model) {
        Compiler.Result result = Compiler.compile(new SourceFile("t.aemodel", source), TestPaths.models());
        assertThat(result.ok()).isTrue();
        return SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), model), Loss.MSE, 1);
    }

    private static CompiledModel classifier() {
        return lower("model C : 28x28x1 -> 10 {\n  flatten\n  dense(10, activation: softmax)\n}\n", "C");
    }

    @Test
    void countsOnlyImagesWhoseTopClassIsAboveTheThreshold() throws Exception {
        CompiledModel model = classifier();
        // Zero kernel: every image gets softmax(bias). A bias of 5 on class 3 gives it 0.94.
        model.sameDiff().getVariable("dense_0/kernel").getArr().assign(0);
        INDArray bias = model.sameDiff().getVariable("dense_0/bias").getArr();
        bias.assign(0).putScalar(3, 5.0);
        Judge judge = Judge.of(model, Shape.of(784));
        Judge.Verdict sure = judge.judge(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 7, 784), 0.9);
        assertThat(sure.confident()).isEqualTo(7);
        assertThat(sure.confidentPerClass()[3]).isEqualTo(7);
        bias.putScalar(3, 4.0);
        Judge.Verdict unsure = judge.judge(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 7, 28, 28, 1), 0.9);
        assertThat(unsure.confident()).isZero();
        assertThat(unsure.share()).isZero();
    }

    @Test
    void anAutoencoderCannotJudge() {
        CompiledModel ae = lower("model A : 784 -> 784 {\n  dense(784, activation: sigmoid)\n}\n", "A");
        assertThatThrownBy(() -> Judge.of(ae, Shape.of(784))).isInstanceOf(LatentException.class)
                .hasMessageContaining("not class probabilities");
    }
}
