package dev.aec.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * conv2d_transpose with an output padding places its window as TensorFlow's conv2d_transpose does:
 * one input pixel of 1 spreads the kernel 1..9 ([kh, kw, filters, in], row-major) from output
 * position i * stride - top, where top is half, rounded down, of the rows `same` cuts,
 * 2 * (kernel / 2) - output padding; rows no input reaches are 0.
 */
class TransposedOutputPaddingTest {
    @ParameterizedTest(name = "{0} padding, output padding {1}")
    @CsvSource(delimiter = '|', value = {
            // Cut 1: top 0, the kernel's first two rows and columns.
            "same  | 1x1 | 2x2x1 | 1, 2, 4, 5",
            // Cut 2: top 1, the kernel's centre.
            "same  | 0x0 | 1x1x1 | 5",
            // Cut 1 in rows, 2 in columns.
            "same  | 1x0 | 2x1x1 | 2, 5",
            // Nothing cut: the whole kernel, then a row and a column no input reaches.
            "valid | 1x1 | 4x4x1 | 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0",
    })
    void onePixelSpreadsTheKernelWhereTensorFlowPlacesIt(String padding, String extra, String out, String expected) {
        String text = "model M : 1x1x1 -> " + out.trim() + " {\n  conv2d_transpose(1, kernel: 3x3, stride: 2, padding: "
                + padding.trim() + ", output_padding: " + extra.trim() + ", use_bias: false)\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", text), Path.of("."));
        assertThat(result.ok()).as(text).isTrue();
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"), Loss.MSE, 1,
                DataType.DOUBLE);
        model.sameDiff().getVariable("conv2d_transpose_0/kernel").getArr()
                .assign(Nd4j.createFromArray(1.0, 2, 3, 4, 5, 6, 7, 8, 9).reshape(3, 3, 1, 1));
        INDArray y = model.sameDiff().output(Map.of(CompiledModel.INPUT, Nd4j.ones(DataType.DOUBLE, 1, 1, 1, 1)),
                CompiledModel.OUTPUT).get(CompiledModel.OUTPUT);
        double[] values = java.util.Arrays.stream(expected.split(",")).mapToDouble(v -> Double.parseDouble(v.trim()))
                .toArray();
        assertThat(y.shape()).containsExactly(1, Long.parseLong(out.trim().split("x")[0]),
                Long.parseLong(out.trim().split("x")[1]), 1);
        assertThat(y.reshape(-1).toDoubleVector()).containsExactly(values);
    }
}
