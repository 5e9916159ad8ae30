package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** oneDNN's softmax over rows against libnd4j's, on logits large enough to overflow a naive exp. */
class DnnlSoftmaxTest {
    @Test
    void eachRowIsLibnd4jsSoftmaxAndTheLogitsStay() {
        INDArray logits = Nd4j.rand(DataType.FLOAT, 64, 10).subi(0.5).muli(200);
        INDArray kept = logits.dup();
        INDArray output = logits.ulike();
        new DnnlSoftmax(logits, output).run();
        INDArray reference = logits.ulike();
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addOutputs(reference).build());

        assertThat(output.sub(reference).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(output.sum(1).sub(1).amaxNumber().doubleValue()).as("rows sum to 1").isLessThan(1e-5);
        assertThat(logits.data().asFloat()).containsExactly(kept.data().asFloat());
    }

    @Test
    void onlyRowsOfOneShapeAreTaken() {
        assertThatThrownBy(() -> new DnnlSoftmax(Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.rand(DataType.FLOAT, 3, 4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DnnlSoftmax(Nd4j.rand(DataType.FLOAT, 2, 4, 3), Nd4j.rand(DataType.FLOAT, 2, 4, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
