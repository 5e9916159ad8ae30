package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/** The loss gradient's one oneDNN pass against libnd4j's two, to the bit, with the target changing between calls. */
class DnnlLossGradientTest {
    @Test
    void theScaledDifferenceIsLibnd4jsToTheBitWhateverTargetComes() {
        INDArray output = Nd4j.rand(DataType.FLOAT, 100, 28, 28, 1);
        INDArray gradient = output.ulike();
        double scale = 1.0 / 78_400 * 3;
        DnnlLossGradient pass = new DnnlLossGradient(output, gradient, scale);
        for (int call = 0; call < 3; call++) {
            INDArray target = Nd4j.rand(DataType.FLOAT, 100, 784).reshape(output.shape());
            assertThat(pass.runOn(target)).isTrue();
            INDArray reference = output.ulike();
            Nd4j.exec(new SubOp(output, target, reference));
            reference.muli(scale);
            assertThat(gradient.data().asFloat()).as("call " + call).containsExactly(reference.data().asFloat());
        }
    }

    @Test
    void aTargetItCannotReadIsRefusedAndNothingIsWritten() {
        INDArray output = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 4, 6);
        DnnlLossGradient pass = new DnnlLossGradient(output, gradient, 0.5);
        assertThat(pass.runOn(Nd4j.rand(DataType.FLOAT, 6, 4).transpose())).as("column-major").isFalse();
        assertThat(pass.runOn(Nd4j.rand(DataType.DOUBLE, 4, 6))).as("double").isFalse();
        assertThat(pass.runOn(Nd4j.rand(DataType.FLOAT, 4, 5))).as("shorter").isFalse();
        assertThat(gradient.data().asFloat()).as("nothing written").containsOnly(0f);
        assertThat(pass.runOn(Nd4j.rand(DataType.FLOAT, 4, 6))).isTrue();
        assertThat(gradient.amaxNumber().doubleValue()).as("written").isGreaterThan(0);
    }
}
