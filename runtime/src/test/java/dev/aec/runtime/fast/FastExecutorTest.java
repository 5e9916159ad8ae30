package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.TestPaths;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.train.Modes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The fast executor against SameDiff's own gradients (which {@code GradientCheckTest} checks
 * against finite differences): the same loss and the same gradient for every parameter, layer
 * kind, activation and loss it claims to support, in double precision where rounding cannot hide
 * a mistake, and on the two tutorial models in float32 as they train.
 */
class FastExecutorTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dense tanh then sigmoid, mse   | 6     | 3     | dense(4, activation: tanh) dense(3, activation: sigmoid) | mse",
            "dense without bias, mae        | 6     | 3     | dense(3, use_bias: false, activation: leaky_relu)       | mae",
            "conv same                      | 5x5x2 | 5x5x3 | conv2d(3, kernel: 3x3, padding: same, activation: tanh) | mse",
            "conv valid, no bias            | 6x6x2 | 4x4x2 | conv2d(2, kernel: 3x3, use_bias: false, activation: sigmoid) | mse",
            "conv stride 2 same             | 7x7x1 | 4x4x2 | conv2d(2, kernel: 3x3, stride: 2, padding: same)       | mse",
            "conv stride 2 valid, 2x3 kernel| 7x7x2 | 3x3x2 | conv2d(2, kernel: 2x3, stride: 2)                      | mse",
            "maxpool same on odd size       | 5x5x2 | 3x3x2 | conv2d(2, kernel: 2x2, padding: same) maxpool(2x2, padding: same) | mse",
            "maxpool valid                  | 6x6x1 | 3x3x2 | conv2d(2, kernel: 1x1) maxpool(2x2)                    | mse",
            "upsample 2x2                   | 3x3x2 | 6x6x2 | conv2d(2, kernel: 3x3, padding: same) upsample(2x2) conv2d(2, kernel: 3x3, padding: same) | mse",
            "upsample 1x3                   | 2x2x1 | 2x6x2 | conv2d(2, kernel: 1x1) upsample(1x3)                   | mse",
            "upsampled conv, valid          | 4x4x2 | 6x6x3 | conv2d(2, kernel: 1x1) upsample(2x2) conv2d(3, kernel: 3x3, activation: relu) | mse",
            "upsampled conv, one channel out| 3x3x2 | 6x6x1 | conv2d(2, kernel: 1x1) upsample(2x2) conv2d(1, kernel: 3x3, padding: same, activation: sigmoid) | binary_crossentropy",
            "upsampled conv, 3x2 scale, no bias | 2x3x2 | 6x6x2 | conv2d(2, kernel: 1x1) upsample(3x2) conv2d(2, kernel: 3x3, padding: same, use_bias: false) | mse",
            "upsampled conv, 5x5 kernel     | 3x3x1 | 6x6x2 | conv2d(2, kernel: 1x1) upsample(2x2) conv2d(2, kernel: 5x5, padding: same) | mae",
            "upsampled conv, 1x1 kernel     | 3x3x2 | 6x6x2 | conv2d(2, kernel: 1x1) upsample(2x2) conv2d(2, kernel: 1x1) | mse",
            "upsample first, conv after     | 3x3x1 | 6x6x2 | upsample(2x2) conv2d(2, kernel: 3x3, padding: same)     | mse",
            "upsampled conv left unfused    | 3x3x2 | 5x5x2 | conv2d(2, kernel: 1x1) upsample(2x2) conv2d(2, kernel: 2x2) | mse",
            "flatten then dense             | 3x3x2 | 4     | conv2d(2, kernel: 2x2) flatten dense(4, activation: relu) | mse",
            "reshape then conv              | 18    | 3x3x1 | dense(18) reshape(3x3x2) conv2d(1, kernel: 3x3, padding: same) | mse",
            "standalone activations         | 5     | 5     | dense(5) leaky_relu(0.2) dense(5) tanh dense(5) relu   | mse",
            "relu then maxpool same, odd    | 5x5x2 | 3x3x2 | conv2d(2, kernel: 3x3, padding: same, activation: relu) maxpool(2x2, padding: same) | mse",
            "relu then overlapping maxpool  | 5x5x2 | 4x4x3 | conv2d(3, kernel: 1x1, activation: relu) maxpool(2x2, stride: 1) | mse",
            "relu then 3x3 maxpool stride 2 | 7x7x1 | 3x3x2 | conv2d(2, kernel: 3x3, padding: same, activation: relu) maxpool(3x3, stride: 2) | mse",
            "pooling before any weights     | 4x4x1 | 2x2x2 | maxpool(2x2) conv2d(2, kernel: 1x1, activation: relu) | mae",
            "one channel in, 2x2 same       | 5x5x1 | 5x5x3 | conv2d(3, kernel: 2x2, padding: same, activation: relu) | mse",
            "one channel in, 3x2 valid      | 6x5x1 | 4x4x2 | conv2d(2, kernel: 3x2, use_bias: false)               | mse",
            "one channel out, valid         | 6x6x2 | 4x4x1 | conv2d(3, kernel: 1x1) conv2d(1, kernel: 3x3)           | mse",
            "one channel out, 2x3 same      | 5x6x2 | 5x6x1 | conv2d(3, kernel: 1x1) conv2d(1, kernel: 2x3, padding: same, use_bias: false) | mse",
            "one channel out, 4x4 same      | 6x6x2 | 6x6x1 | conv2d(3, kernel: 1x1) conv2d(1, kernel: 4x4, padding: same, activation: tanh) | mae",
            "softmax classifier             | 6     | 4     | dense(5, activation: relu) dense(4, activation: softmax) | categorical_crossentropy",
            "conv classifier, flatten       | 4x4x1 | 3     | conv2d(2, kernel: 3x3, padding: same, activation: relu) maxpool(2x2) flatten dense(3, activation: softmax) | categorical_crossentropy",
            "bce on sigmoid uses logits     | 6     | 6     | dense(4, activation: relu) dense(6, activation: sigmoid) | binary_crossentropy",
            "bce on conv sigmoid output     | 4x4x1 | 4x4x1 | conv2d(2, kernel: 3x3, padding: same, activation: relu) conv2d(1, kernel: 3x3, padding: same, activation: sigmoid) | binary_crossentropy",
            "bce on a standalone sigmoid    | 6     | 6     | dense(4, activation: relu) dense(6) sigmoid              | binary_crossentropy",
            "transposed conv stride 2 same  | 3x3x2 | 6x6x3 | conv2d_transpose(3, kernel: 3x3, stride: 2, padding: same, activation: tanh) | mse",
            "transposed conv valid, no bias | 3x3x2 | 5x5x2 | conv2d_transpose(2, kernel: 3x3, use_bias: false)     | mse",
            "transposed conv kernel < stride| 3x3x1 | 6x6x2 | conv2d_transpose(2, kernel: 1x1, stride: 2)           | mse",
            "conv then transposed conv      | 4x4x1 | 8x8x1 | conv2d(2, kernel: 3x3, padding: same, activation: relu) conv2d_transpose(1, kernel: 3x3, stride: 2, padding: same, activation: sigmoid) | binary_crossentropy",
            "transposed, output padding 1   | 3x3x2 | 6x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, output_padding: 1, activation: tanh) | mse",
            "transposed, output padding 0   | 3x3x1 | 5x5x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, output_padding: 0) | mse",
            "transposed, even kernel, 1x0   | 3x3x1 | 5x5x2 | conv2d_transpose(2, kernel: 4x3, stride: 2, padding: same, output_padding: 1x0, use_bias: false) | mse",
            "transposed valid, padding 2x1  | 2x2x1 | 8x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 3x2, output_padding: 2x1) | mse",
            "cce on a standalone softmax    | 6     | 4     | dense(5, activation: relu) dense(4) softmax              | categorical_crossentropy",
            "dropout                        | 6     | 4     | dense(5, activation: relu) dropout(0.5) dense(4)          | mse",
            "dropout of rate 0              | 6     | 4     | dense(5, activation: relu) dropout(0) dense(4)            | mse",
            "dropout on the input           | 4x4x1 | 4x4x2 | dropout(0.3) conv2d(2, kernel: 3x3, padding: same)       | mse",
            "gaussian noise                 | 3x3x2 | 3x3x2 | conv2d(2, kernel: 1x1) gaussian_noise(0.3) conv2d(2, kernel: 1x1) | mae",
            "noise then dropout             | 6     | 6     | dense(5, activation: tanh) gaussian_noise(0.2) dropout(0.4) dense(6, activation: sigmoid) | binary_crossentropy",
            "activity_l1 on relu            | 6     | 6     | dense(4, activation: relu, activity_l1: 0.1) dense(6, activation: sigmoid) | binary_crossentropy",
            "activity_l1 on each, no bias   | 6     | 3     | dense(4, activation: tanh, use_bias: false, activity_l1: 0.05) dense(3, activation: leaky_relu, activity_l1: 0.2) | mse",
            "activity_l1 before a softmax   | 6     | 4     | dense(5, activation: sigmoid, activity_l1: 0.3) dense(4, activation: softmax) | categorical_crossentropy",
            "activity_l1 on a logits output | 6     | 6     | dense(4, activation: relu) dense(6, activation: sigmoid, activity_l1: 0.2) | binary_crossentropy",
            "activity_l1 on a softmax output| 6     | 4     | dense(5, activation: tanh) dense(4, activation: softmax, activity_l1: 0.3) | categorical_crossentropy",
            "batch norm on an image         | 4x4x2 | 4x4x3 | conv2d(3, kernel: 3x3, padding: same) batch_norm(epsilon: 0.001) conv2d(3, kernel: 1x1, activation: tanh) | mse",
            "batch norm on a vector         | 6     | 4     | dense(5) batch_norm(momentum: 0.9) dense(4, activation: sigmoid) | binary_crossentropy",
            "batch norm on the input, 4x3   | 4x3   | 4     | batch_norm(epsilon: 0.01) flatten dense(4)                 | mse",
            "batch norm at the output       | 6     | 3     | dense(3, activation: relu) batch_norm(epsilon: 0.001)     | mae",
    })
    void gradientsEqualSameDiffsInDouble(String name, String in, String out, String layers, String loss) {
        CompiledModel model = compile(text(in, out, layers), "M", Loss.valueOf(loss.trim().toUpperCase()), DataType.DOUBLE);
        assertThat(FastExecutor.unsupported(model, lossOf(loss))).as(name).isEmpty();
        Comparison c = compare(model, lossOf(loss), 3);
        assertThat(c.worstGradientError).as(name + ": gradient").isLessThan(1e-10);
        assertThat(Math.abs(c.fastLoss - c.sameDiffLoss)).as(name + ": loss").isLessThan(1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "relu then maxpool              | 6x6x1 | 3x3x3 | conv2d(3, kernel: 3x3, padding: same, activation: relu) maxpool(2x2) | mse",
            "linear then overlapping pool   | 5x5x1 | 4x4x2 | conv2d(2, kernel: 1x1) maxpool(2x2, stride: 1)      | mse",
            "the tutorial's first block     | 8x8x1 | 4x4x4 | conv2d(4, kernel: 3x3, padding: same, activation: relu) maxpool(2x2, padding: same) | mse",
    })
    void maxPoolingWithTiedMaximaMatchesSameDiff(String name, String in, String out, String layers, String loss) {
        // Inputs of 0s and 1s, as MNIST's blank background: many windows hold equal maxima.
        CompiledModel model = compile(text(in, out, layers), "M", Loss.valueOf(loss.trim().toUpperCase()), DataType.DOUBLE);
        Comparison c = compare(model, lossOf(loss), 3, true);
        assertThat(c.worstGradientError).as(name + ": gradient").isLessThan(1e-10);
    }

    /** In float, convolutions and max pooling run in oneDNN directly (double runs libnd4j's ops, above). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "conv same                      | 5x5x2 | 5x5x3 | conv2d(3, kernel: 3x3, padding: same, activation: tanh) | mse",
            "conv valid, no bias            | 6x6x2 | 4x4x2 | conv2d(2, kernel: 3x3, use_bias: false, activation: sigmoid) | mse",
            "conv stride 2 same             | 7x7x1 | 4x4x2 | conv2d(2, kernel: 3x3, stride: 2, padding: same)       | mse",
            "conv stride 2 valid, 2x3 kernel| 7x7x2 | 3x3x2 | conv2d(2, kernel: 2x3, stride: 2)                      | mse",
            "even kernel, same              | 5x5x2 | 5x5x3 | conv2d(3, kernel: 2x2, padding: same, activation: relu) | mse",
            "second conv, input gradient    | 6x6x1 | 6x6x2 | conv2d(3, kernel: 3x3, padding: same, activation: relu) conv2d(2, kernel: 3x3, padding: same) | mse",
            "one channel out, 4x4 same      | 6x6x2 | 6x6x1 | conv2d(3, kernel: 1x1) conv2d(1, kernel: 4x4, padding: same, activation: tanh) | mae",
            "upsampled conv, valid          | 4x4x2 | 6x6x3 | conv2d(2, kernel: 1x1) upsample(2x2) conv2d(3, kernel: 3x3, activation: relu) | mse",
            "upsampled conv, 3x2 scale      | 2x3x2 | 6x6x2 | conv2d(2, kernel: 1x1) upsample(3x2) conv2d(2, kernel: 3x3, padding: same, use_bias: false) | mse",
            "upsampled conv, same, shifted  | 4x4x3 | 8x8x1 | conv2d(3, kernel: 1x1) upsample(2x2) conv2d(1, kernel: 3x3, padding: same, activation: sigmoid) | binary_crossentropy",
            "upsampled conv, same, 5x5      | 3x3x2 | 6x6x2 | conv2d(2, kernel: 1x1) upsample(2x2) conv2d(2, kernel: 5x5, padding: same) | mse",
            "conv classifier                | 4x4x1 | 3     | conv2d(2, kernel: 3x3, padding: same, activation: relu) maxpool(2x2) flatten dense(3, activation: softmax) | categorical_crossentropy",
            "relu then maxpool same, odd    | 5x5x2 | 3x3x2 | conv2d(2, kernel: 3x3, padding: same, activation: relu) maxpool(2x2, padding: same) | mse",
            "linear then overlapping pool   | 5x5x2 | 4x4x3 | conv2d(3, kernel: 1x1) maxpool(2x2, stride: 1)            | mse",
            "relu then 3x3 maxpool stride 2 | 7x7x1 | 3x3x2 | conv2d(2, kernel: 3x3, padding: same, activation: relu) maxpool(3x3, stride: 2) | mse",
            "maxpool valid, odd size        | 5x5x1 | 2x2x2 | conv2d(2, kernel: 1x1, activation: relu) maxpool(2x2)     | mse",
            "transposed conv stride 2 same  | 3x3x2 | 6x6x3 | conv2d_transpose(3, kernel: 3x3, stride: 2, padding: same, activation: tanh) | mse",
            "transposed conv 4x4 stride 2   | 3x3x2 | 6x6x2 | conv2d_transpose(2, kernel: 4x4, stride: 2, padding: same) | mse",
            "transposed conv valid stride 2 | 3x3x1 | 7x7x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, use_bias: false) | mse",
            "transposed conv kernel < stride| 3x3x1 | 6x6x2 | conv2d_transpose(2, kernel: 1x1, stride: 2)           | mse",
            "conv then transposed conv      | 4x4x1 | 8x8x1 | conv2d(2, kernel: 3x3, padding: same, activation: relu) conv2d_transpose(1, kernel: 3x3, stride: 2, padding: same, activation: sigmoid) | binary_crossentropy",
            "transposed, output padding 1   | 3x3x2 | 6x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, output_padding: 1, activation: tanh) | mse",
            "transposed valid, padding 2x1  | 2x2x1 | 8x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 3x2, output_padding: 2x1) | mse",
            "transposed, output padding 1   | 3x3x2 | 6x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, output_padding: 1, activation: tanh) | mse",
            "transposed, output padding 0   | 3x3x1 | 5x5x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, output_padding: 0) | mse",
            "transposed, even kernel, 1x0   | 3x3x1 | 5x5x2 | conv2d_transpose(2, kernel: 4x3, stride: 2, padding: same, output_padding: 1x0, use_bias: false) | mse",
            "transposed valid, padding 2x1  | 2x2x1 | 8x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 3x2, output_padding: 2x1) | mse",
            "pooling before any weights     | 4x4x1 | 2x2x2 | maxpool(2x2) conv2d(2, kernel: 1x1, activation: relu)     | mae",
            "dropout on an image            | 4x4x1 | 4x4x2 | conv2d(2, kernel: 3x3, padding: same) dropout(0.5) conv2d(2, kernel: 1x1) | mse",
            "batch norm on an image         | 5x5x2 | 5x5x3 | conv2d(3, kernel: 3x3, padding: same, activation: relu) batch_norm(epsilon: 0.001) conv2d(3, kernel: 1x1) | mse",
            "batch norm on a vector         | 6     | 4     | dense(5, activation: relu) batch_norm(momentum: 0.9) dense(4, activation: sigmoid) | binary_crossentropy",
            "gaussian noise                 | 6     | 4     | dense(5, activation: tanh) gaussian_noise(0.5) dense(4)   | mse",
            "activity_l1, as the sparse ae  | 16    | 16    | dense(8, activation: relu, activity_l1: 0.01) dense(16, activation: sigmoid) | binary_crossentropy",
    })
    void convolutionsMatchSameDiffInFloat(String name, String in, String out, String layers, String loss) {
        CompiledModel model = compile(text(in, out, layers), "M", Loss.valueOf(loss.trim().toUpperCase()), DataType.FLOAT);
        Comparison c = compare(model, lossOf(loss), 5);
        assertThat(c.worstGradientError).as(name + ": gradient").isLessThan(1e-4);
        assertThat(Math.abs(c.fastLoss - c.sameDiffLoss)).as(name + ": loss").isLessThan(1e-5);
    }

    /** Gaussian layers (fed the same noise as SameDiff) and losses summed over each sample. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dense vae, bce summed          | 6     | 6     | dense(5, activation: relu) gaussian(2) dense(6, activation: sigmoid) | binary_crossentropy | sum",
            "vae beta 0.5, mse mean         | 6     | 6     | dense(5, activation: tanh) gaussian(3, beta: 0.5) dense(6) | mse | mean",
            "gaussian first                 | 6     | 6     | gaussian(2) dense(6, activation: sigmoid)             | binary_crossentropy | sum",
            "conv vae                       | 4x4x1 | 4x4x1 | conv2d(2, kernel: 3x3, padding: same, activation: relu) flatten gaussian(2) dense(16, activation: relu) reshape(4x4x1) conv2d(1, kernel: 3x3, padding: same, activation: sigmoid) | binary_crossentropy | sum",
            "autoencoder, mae summed        | 6     | 6     | dense(3, activation: relu) dense(6)                     | mae | sum",
            "classifier, summed             | 6     | 4     | dense(5, activation: relu) dense(4, activation: softmax) | categorical_crossentropy | sum",
    })
    void variationalLayersAndSummedLossesMatchSameDiff(String name, String in, String out, String layers, String loss,
                                                       String reduction) {
        Compiler.Result result = Compiler.compile(new SourceFile("fast.aemodel", text(in, out, layers)), Path.of("."));
        assertThat(result.ok()).as(name).isTrue();
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"), lossOf(loss),
                Reduction.valueOf(reduction.trim().toUpperCase()), 3, DataType.DOUBLE);
        assertThat(FastExecutor.unsupported(model, lossOf(loss))).as(name).isEmpty();
        Comparison c = compare(model, lossOf(loss), 4);
        assertThat(c.worstGradientError).as(name + ": gradient").isLessThan(1e-10);
        assertThat(Math.abs(c.fastLoss - c.sameDiffLoss)).as(name + ": loss").isLessThan(1e-10);
    }

    /**
     * Functional models whose values branch: a value on no path to the loss is not computed (its
     * parameters get no gradient), and a value that two layers read (a gaussian layer's KL term and
     * the decoder, directly or through a reshape) gets the sum of their gradients.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unused branch, standalone sigmoid output | 6     | 6     | u = dense(3)(x); h = dense(4, activation: relu)(x); h = dense(6)(h); return sigmoid(h) | binary_crossentropy",
            "unused layers after a used value        | 6     | 4     | h = dense(5, activation: tanh)(x); a = dense(3)(h); b = dense(2, activation: relu)(a); return dense(4)(h) | mse",
            "relu pooled, and flattened unused       | 5x5x1 | 3x3x2 | c = conv2d(2, kernel: 3x3, padding: same, activation: relu)(x); d = dense(3)(flatten(c)); return maxpool(2x2, padding: same)(c) | mse",
            "upsampling also read by an unused layer | 3x3x2 | 6x6x2 | u = upsample(2x2)(conv2d(2, kernel: 1x1)(x)); w = conv2d(1, kernel: 1x1)(u); return conv2d(2, kernel: 3x3, padding: same)(u) | mse",
            "gaussian sample unused, input read twice| 6     | 6     | h = dense(5, activation: tanh)(x); z = gaussian(2)(h); return dense(6, activation: sigmoid)(h) | binary_crossentropy",
            "gaussian beside a reshape               | 8     | 4     | h = dense(8, activation: tanh)(x); z = gaussian(2)(h); c = conv2d(1, kernel: 1x1)(reshape(2x2x2)(h)); return flatten(c) | mse",
            "standalone softmax output               | 6     | 4     | h = dense(5, activation: relu)(x); return softmax(dense(4)(h)) | categorical_crossentropy",
            "gaussian reading the output             | 6     | 4     | h = dense(4, activation: tanh)(x); z = gaussian(2)(h); return h | mse",
            "penalised layer nothing reads           | 6     | 4     | h = dense(5, activation: tanh)(x); u = dense(3, activation: relu, activity_l1: 0.2)(h); return dense(4)(h) | mse",
            "penalised value read twice              | 6     | 4     | h = dense(5, activation: tanh, activity_l1: 0.1)(x); a = dense(4)(h); return add(a, dense(4, activation: tanh)(h)) | mse",
            "penalised logits of a standalone sigmoid| 6     | 6     | h = dense(4, activation: relu)(x); return sigmoid(dense(6, activity_l1: 0.1)(h)) | binary_crossentropy",
    })
    void branchingModelsMatchSameDiffInDouble(String name, String in, String out, String body, String loss) {
        CompiledModel model = compile(functional(in, out, body), "M", lossOf(loss), DataType.DOUBLE);
        assertThat(FastExecutor.unsupported(model, lossOf(loss))).as(name).isEmpty();
        Comparison c = compare(model, lossOf(loss), 3);
        assertThat(c.worstGradientError).as(name + ": gradient").isLessThan(1e-10);
        assertThat(Math.abs(c.fastLoss - c.sameDiffLoss)).as(name + ": loss").isLessThan(1e-12);
    }

    /**
     * Merges: `add` passes the output's gradient to each input, `concat` each input its slice; an
     * input read by a merge and another layer, or twice by one merge, gets the sum of its gradients.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "add of two vectors                 | 6     | 4     | a = dense(4, activation: tanh)(x); b = dense(4)(x); return add(a, b) | mse",
            "add of three, residual on the input| 6     | 6     | a = dense(6, activation: tanh)(x); b = dense(6, activation: relu)(a); return sigmoid(add(x, a, b)) | binary_crossentropy",
            "add of a value to itself           | 6     | 5     | a = dense(5, activation: tanh)(x); return dense(5)(add(a, a)) | mse",
            "add of images                      | 4x4x1 | 4x4x2 | a = conv2d(2, kernel: 3x3, padding: same, activation: relu)(x); b = conv2d(2, kernel: 1x1)(x); return add(a, b) | mse",
            "concat of vectors, axis -1         | 6     | 5     | a = dense(3, activation: tanh)(x); b = dense(2)(x); return dense(5)(concat(a, b, axis: -1)) | mse",
            "concat with the input, axis 1      | 6     | 4     | a = dense(2, activation: relu)(x); return dense(4)(concat(x, a, axis: 1)) | mse",
            "concat of images, channels         | 4x4x1 | 4x4x1 | a = conv2d(2, kernel: 3x3, padding: same, activation: relu)(x); b = conv2d(3, kernel: 1x1)(x); return conv2d(1, kernel: 3x3, padding: same, activation: sigmoid)(concat(a, b, axis: -1)) | binary_crossentropy",
            "concat of images, height axis 1    | 4x4x1 | 8x4x2 | a = conv2d(2, kernel: 3x3, padding: same, activation: relu)(x); b = conv2d(2, kernel: 1x1)(x); return concat(a, b, axis: 1) | mse",
            "concat of images, width axis -2    | 4x4x1 | 4x8x2 | a = conv2d(2, kernel: 3x3, padding: same)(x); return concat(a, conv2d(2, kernel: 1x1, activation: tanh)(a), axis: -2) | mse",
            "u-net skip, relu read by pool too  | 4x4x1 | 4x4x1 | e = conv2d(2, kernel: 3x3, padding: same, activation: relu)(x); p = maxpool(2x2)(e); u = conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, activation: relu)(p); return conv2d(1, kernel: 3x3, padding: same, activation: sigmoid)(concat(u, e, axis: -1)) | binary_crossentropy",
    })
    void mergesMatchSameDiffInDoubleAndFloat(String name, String in, String out, String body, String loss) {
        CompiledModel model = compile(functional(in, out, body), "M", lossOf(loss), DataType.DOUBLE);
        assertThat(FastExecutor.unsupported(model, lossOf(loss))).as(name).isEmpty();
        Comparison c = compare(model, lossOf(loss), 3);
        assertThat(c.worstGradientError).as(name + ": gradient").isLessThan(1e-10);
        assertThat(Math.abs(c.fastLoss - c.sameDiffLoss)).as(name + ": loss").isLessThan(1e-12);
        CompiledModel single = compile(functional(in, out, body), "M", lossOf(loss), DataType.FLOAT);
        Comparison f = compare(single, lossOf(loss), 5);
        assertThat(f.worstGradientError).as(name + ": float gradient").isLessThan(1e-4);
        assertThat(Math.abs(f.fastLoss - f.sameDiffLoss)).as(name + ": float loss").isLessThan(1e-5);
    }

    /** The fast executor's own gradients against central differences of its own loss. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unused branch, standalone sigmoid output | 6     | 6     | u = dense(3)(x); h = dense(4, activation: tanh)(x); h = dense(6)(h); return sigmoid(h) | binary_crossentropy",
            "gaussian sample unused, input read twice| 6     | 6     | h = dense(5, activation: tanh)(x); z = gaussian(2)(h); return dense(6, activation: sigmoid)(h) | binary_crossentropy",
            "gaussian beside a reshape               | 8     | 4     | h = dense(8, activation: tanh)(x); z = gaussian(2)(h); c = conv2d(1, kernel: 1x1)(reshape(2x2x2)(h)); return flatten(c) | mse",
            "pooled, and flattened unused            | 5x5x1 | 3x3x2 | c = conv2d(2, kernel: 3x3, padding: same, activation: tanh)(x); d = dense(3)(flatten(c)); return maxpool(2x2, padding: same)(c) | mse",
            "penalised layer nothing reads           | 6     | 4     | h = dense(5, activation: tanh)(x); u = dense(3, activation: tanh, activity_l1: 0.2)(h); return dense(4)(h) | mse",
            "batch norm between convolutions         | 4x4x2 | 4x4x2 | c = conv2d(3, kernel: 3x3, padding: same)(x); n = batch_norm(c); return conv2d(2, kernel: 1x1, activation: sigmoid)(n) | binary_crossentropy",
            "batch norm of a vector, read twice      | 6     | 5     | h = dense(5)(x); n = batch_norm(momentum: 0.5)(h); return add(n, dense(5, activation: tanh)(n)) | mse",
    })
    void branchingModelsGradientsMatchFiniteDifferences(String name, String in, String out, String body, String loss) {
        CompiledModel model = compile(functional(in, out, body), "M", lossOf(loss), DataType.DOUBLE);
        FastExecutor fast = FastExecutor.adopt(model, lossOf(loss));
        Graph graph = model.graph();
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, graph.input().withBatch(2));
        INDArray t = Nd4j.rand(DataType.DOUBLE, graph.output().withBatch(2)).muli(0.8).addi(0.1);
        java.util.Optional<INDArray> noise = model.latent().map(l -> Nd4j.randn(DataType.DOUBLE, 2, l.units()));
        fast.step(x, t, noise, false);
        // Copied before any other step overwrites them.
        Map<String, INDArray> analytic = new java.util.HashMap<>();
        model.paramNames().forEach(param -> analytic.put(param, fast.gradient(param).dup()));
        double h = 1e-6;
        double worst = 0;
        java.util.Random random = new java.util.Random(name.hashCode());
        for (String param : model.paramNames()) {
            // The graph's variable is a view of the executor's flat parameters.
            INDArray value = model.sameDiff().getVariable(param).getArr();
            for (int check = 0; check < Math.min(value.length(), 10); check++) {
                long i = value.length() <= 10 ? check : (long) (random.nextDouble() * value.length());
                double original = value.getDouble(i);
                value.putScalar(i, original + h);
                double plus = fast.step(x, t, noise, true);
                value.putScalar(i, original - h);
                double minus = fast.step(x, t, noise, true);
                value.putScalar(i, original);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic.get(param).getDouble(i);
                worst = Math.max(worst, Math.abs(numeric - a) / Math.max(1e-3, Math.abs(numeric) + Math.abs(a)));
            }
        }
        assertThat(worst).as(name).isLessThan(1e-5);
    }

    /** A chain's values each have one reader, which writes the gradient: no op sums parts of one. */
    @ParameterizedTest
    @CsvSource({"conv_autoencoder.aemodel", "dense_autoencoder.aemodel", "vae_conv.aemodel"})
    void aChainSumsNoGradients(String file) throws Exception {
        CheckedProgram program = Compiler.compileFile(TestPaths.repo().resolve("models").resolve(file)).program()
                .orElseThrow();
        String name = program.trains().get(0).model();
        Loss loss = program.trains().get(0).loss();
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, name), loss, 5);
        Map<String, Double> ops = FastExecutor.adopt(model, loss)
                .profile(Nd4j.rand(DataType.FLOAT, model.graph().input().withBatch(2)), 1);
        assertThat(ops.keySet()).anyMatch(op -> op.startsWith("backward")).noneMatch(op -> op.contains("adds to"));
    }

    /** A classifier's output is its classes, not its input: its profile steps towards labels, as its training does. */
    @Test
    void aClassifiersStepIsProfiledTowardsItsLabels() {
        CompiledModel model = compile(text("4x4x1", "3", "conv2d(2, kernel: 3x3, padding: same, activation: relu) "
                + "maxpool(2x2) flatten dense(3, activation: softmax)"), "M", Loss.CATEGORICAL_CROSSENTROPY, DataType.FLOAT);
        FastExecutor fast = FastExecutor.adopt(model, Loss.CATEGORICAL_CROSSENTROPY);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4, 4, 1);
        INDArray labels = dev.aec.runtime.train.Examples.oneHot(new int[] {0, 2, 1, 1, 0}, 3);
        Map<String, Double> ops = fast.profile(x, labels, 2);
        assertThat(ops).containsKeys("loss gradient", "backward dense_0 dense");
        assertThat(ops.values()).allMatch(ms -> ms >= 0);
        assertThat(fast.gradients().amaxNumber().doubleValue()).as("a gradient was computed").isGreaterThan(0);
    }

    @Test
    void aValueReadByTwoLayersGetsItsGradientSummed() {
        CompiledModel model = compile(functional("6", "6",
                "h = dense(5, activation: tanh)(x); z = gaussian(2)(h); return dense(6, activation: sigmoid)(h)"), "M",
                Loss.BINARY_CROSSENTROPY, DataType.FLOAT);
        Map<String, Double> ops = FastExecutor.adopt(model, Loss.BINARY_CROSSENTROPY)
                .profile(Nd4j.rand(DataType.FLOAT, 2, 6), 1);
        assertThat(ops.keySet()).containsOnlyOnce("backward gaussian_0 adds to the gradient of its input");
    }

    @Test
    void dropoutDrawsRepeatUnderTheSameSeedAndADroppedValuePassesNoGradient() {
        // One input feature per sample: the kernel's gradient row for a feature is zero exactly when
        // dropout dropped it in every sample, and twice the undropped value's otherwise.
        CompiledModel model = compile(text("400", "1", "dropout(0.5) dense(1, use_bias: false)"), "M", Loss.MSE,
                DataType.DOUBLE);
        FastExecutor fast = FastExecutor.adopt(model, Loss.MSE);
        INDArray x = Nd4j.ones(DataType.DOUBLE, 1, 400);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        String kernel = model.paramNames().get(0);
        fast.seedDraws(1);
        fast.step(x, t, false);
        INDArray first = fast.gradient(kernel).dup();
        fast.step(x, t, false);
        assertThat(fast.gradient(kernel)).as("the same seed draws the same mask").isEqualTo(first);
        fast.seedDraws(2);
        fast.step(x, t, false);
        assertThat(fast.gradient(kernel)).as("another seed draws another").isNotEqualTo(first);

        long dropped = first.eq(0.0).castTo(DataType.INT).sumNumber().longValue();
        assertThat(dropped).as("about half of 400 dropped").isBetween(150L, 250L);
        // Every kept value is scaled alike, so every kept feature's gradient is the same.
        double[] values = first.data().asDouble();
        double keptValue = java.util.Arrays.stream(values).filter(v -> v != 0).findFirst().orElseThrow();
        assertThat(java.util.Arrays.stream(values).allMatch(v -> v == 0 || v == keptValue)).isTrue();
    }

    @Test
    void gaussianNoiseAddsDrawsOfItsDeviationWhileTraining() {
        CompiledModel model = compile(text("2000", "2000", "gaussian_noise(0.5) dense(2000, use_bias: false)"), "M",
                Loss.MSE, DataType.FLOAT);
        FastExecutor fast = FastExecutor.adopt(model, Loss.MSE);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 2000);
        fast.seedDraws(3);
        // The kernel's gradient is the outer product of the noisy input with the output's gradient:
        // with a zero input, its rows are the noise times one shared vector.
        fast.step(x, Nd4j.ones(DataType.FLOAT, 1, 2000), false);
        INDArray g = fast.gradient(model.paramNames().get(0));
        INDArray column = g.getColumn(0).div(g.getColumn(0).norm2Number().doubleValue());
        INDArray again = g.getColumn(1).div(g.getColumn(1).norm2Number().doubleValue());
        assertThat(column.sub(again).amaxNumber().doubleValue()).as("one noise vector").isLessThan(1e-4);
        // Normalised, 2000 zero-mean draws have a mean near 0 (|mean| < 4 / 2000 for a unit vector).
        assertThat(Math.abs(column.meanNumber().doubleValue())).isLessThan(4.0 / 2000);
        assertThat(column.eq(0.0).castTo(DataType.INT).sumNumber().longValue()).isZero();
    }

    @Test
    void aBranchTheOutputDoesNotReadRunsNoOp() {
        CompiledModel model = compile(functional("6", "6",
                "u = dense(3)(x); v = dense(2)(u); h = dense(6, activation: relu)(x); return sigmoid(h)"), "M",
                Loss.BINARY_CROSSENTROPY, DataType.FLOAT);
        FastExecutor fast = FastExecutor.adopt(model, Loss.BINARY_CROSSENTROPY);
        Map<String, Double> ops = fast.profile(Nd4j.rand(DataType.FLOAT, 2, 6), 1);
        assertThat(ops.keySet()).anyMatch(op -> op.contains("dense_2 dense"));
        assertThat(ops.keySet()).noneMatch(op -> op.contains("dense_0") || op.contains("dense_1"));
        fast.step(Nd4j.rand(DataType.FLOAT, 2, 6), Nd4j.rand(DataType.FLOAT, 2, 6), false);
        assertThat(fast.gradient(model.paramNames().get(0)).amaxNumber().doubleValue()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"conv_autoencoder.aemodel", "dense_autoencoder.aemodel"})
    void tutorialModelsMatchSameDiffInFloat(String file) throws Exception {
        CheckedProgram program = Compiler.compileFile(TestPaths.repo().resolve("models").resolve(file)).program()
                .orElseThrow();
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, "Autoencoder"), Loss.BINARY_CROSSENTROPY, 5);
        Comparison c = compare(model, Loss.BINARY_CROSSENTROPY, 16);
        assertThat(c.worstGradientError).isLessThan(1e-4);
        assertThat(Math.abs(c.fastLoss - c.sameDiffLoss)).isLessThan(1e-6);
    }

    @Test
    void graphVariablesAreViewsOfTheFlatParameters() {
        CompiledModel model = compile(text("6", "3", "dense(4, activation: relu) dense(3)"), "M", Loss.MSE,
                DataType.FLOAT);
        INDArray before = model.sameDiff().getVariable(model.paramNames().get(0)).getArr().dup();
        FastExecutor fast = FastExecutor.adopt(model, Loss.MSE);
        INDArray viewed = model.sameDiff().getVariable(model.paramNames().get(0)).getArr();
        assertThat(viewed).isEqualTo(before);
        fast.parameters().addi(1.0);
        assertThat(model.sameDiff().getVariable(model.paramNames().get(0)).getArr()).isEqualTo(before.add(1.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dense(5, activation: softmax)                   | no fast kernel for the activation softmax",
            "dense(5, activation: elu)                       | no fast kernel for the activation elu",
            "dense(5, activation: leaky_relu(-0.5))          | leaky_relu(-0.5)",
    })
    void unsupportedModelsSayWhy(String layers, String reason) {
        CompiledModel model = compile(text("5", "5", layers), "M", Loss.MSE, DataType.FLOAT);
        assertThat(FastExecutor.unsupported(model, Loss.MSE)).hasValueSatisfying(r -> assertThat(r).contains(reason));
    }

    @Test
    void aLayerReadingAnOutputWhoseLossReadsTheLogitsIsLeftToSameDiff() {
        CompiledModel model = compile(functional("6", "6",
                "h = dense(6, activation: sigmoid)(x); z = gaussian(2)(h); return h"), "M", Loss.BINARY_CROSSENTROPY,
                DataType.FLOAT);
        assertThat(FastExecutor.unsupported(model, Loss.BINARY_CROSSENTROPY)).hasValue(
                "gaussian_0 reads the output, whose loss reads the logits");
    }

    /** Keras's rule: the loss gains l1 * sum(|h|) / n on the layer's output h after its activation. */
    @Test
    void anActivityPenaltyAddsL1TimesTheSumOfTheOutputsMagnitudesPerSample() {
        String layers = "dense(5, activation: tanh, activity_l1: 0.25) dense(3)";
        CompiledModel penalised = compile(text("6", "3", layers), "M", Loss.MSE, DataType.DOUBLE);
        CompiledModel plain = compile(text("6", "3", layers.replace(", activity_l1: 0.25", "")), "M", Loss.MSE,
                DataType.DOUBLE);
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 7, 6).subi(0.5).muli(4);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 7, 3);
        Map<String, INDArray> feed = Map.of(CompiledModel.INPUT, x, CompiledModel.TARGET, t);
        // Same seed, same weights: the two differ by the penalty alone.
        INDArray h = penalised.sameDiff().output(feed, List.of("dense_0")).get("dense_0");
        double expected = 0.25 * Transforms.abs(h, true).sumNumber().doubleValue() / 7;
        assertThat(expected).isGreaterThan(0.1);
        double withPenalty = penalised.sameDiff().output(feed, List.of(CompiledModel.LOSS)).get(CompiledModel.LOSS)
                .getDouble(0);
        double without = plain.sameDiff().output(feed, List.of(CompiledModel.LOSS)).get(CompiledModel.LOSS).getDouble(0);
        assertThat(withPenalty - without).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        double fast = FastExecutor.adopt(penalised, Loss.MSE).step(x, t, true);
        assertThat(fast).isCloseTo(withPenalty, org.assertj.core.data.Offset.offset(1e-12));
    }

    /** Its gradient is all the penalty's, written afresh by each step, never added to the last step's. */
    @Test
    void aPenalisedLayerNothingReadsGetsTheSameGradientEveryStep() {
        CompiledModel model = compile(functional("6", "4", "h = dense(5, activation: tanh)(x); "
                + "u = dense(3, activation: tanh, activity_l1: 0.2)(h); return dense(4)(h)"), "M", Loss.MSE,
                DataType.DOUBLE);
        FastExecutor fast = FastExecutor.adopt(model, Loss.MSE);
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 6);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 3, 4);
        fast.step(x, t, false);
        INDArray first = fast.gradient("dense_1/kernel").dup();
        assertThat(first.amaxNumber().doubleValue()).isGreaterThan(1e-3);
        fast.step(x, t, false);
        assertThat(fast.gradient("dense_1/kernel")).isEqualTo(first);
    }

    @Test
    void binaryCrossEntropyOnProbabilitiesIsLeftToSameDiff() {
        CompiledModel model = compile(text("5", "5", "dense(5, activation: relu)"), "M", Loss.BINARY_CROSSENTROPY,
                DataType.FLOAT);
        assertThat(FastExecutor.unsupported(model, Loss.BINARY_CROSSENTROPY)).hasValue(
                "binary cross-entropy on a non-sigmoid output");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "same, 3x3         | 4x4x2 | conv2d(2, kernel: 3x3, padding: same) maxpool(2x2) | true",
            "valid, even out   | 4x4x2 | conv2d(2, kernel: 3x3) conv2d(2, kernel: 3x3)      | true",
            "valid, odd out    | 3x3x2 | conv2d(2, kernel: 2x2) conv2d(2, kernel: 3x3)      | false",
            "stride 2          | 4x4x2 | conv2d(2, kernel: 3x3, stride: 2, padding: same)   | false",
            "same, even kernel | 4x4x2 | conv2d(2, kernel: 2x2, padding: same) maxpool(2x2) | false",
    })
    void anUpsamplingIsFoldedIntoTheConvolutionAfterIt(String name, String shape, String after, boolean folded) {
        CompiledModel model = compile(text(shape, shape, "upsample(2x2) " + after), "M", Loss.MSE, DataType.FLOAT);
        FastExecutor fast = FastExecutor.adopt(model, Loss.MSE);
        // Profiles label every op the plan runs: a folded upsampling runs none.
        Map<String, Double> ops = fast.profile(Nd4j.rand(DataType.FLOAT, model.graph().input().withBatch(2)), 1);
        assertThat(ops.keySet().stream().anyMatch(op -> op.contains("upsample"))).as(name).isEqualTo(!folded);
    }

    @Test
    void aLastSmallerBatchGetsItsOwnPlan() {
        CompiledModel model = compile(text("4x4x1", "4x4x1", "conv2d(2, kernel: 3x3, padding: same, activation: relu) "
                + "conv2d(1, kernel: 3x3, padding: same, activation: sigmoid)"), "M", Loss.BINARY_CROSSENTROPY,
                DataType.DOUBLE);
        Comparison big = compare(model, Loss.BINARY_CROSSENTROPY, 7);
        Comparison small = compare(model, Loss.BINARY_CROSSENTROPY, 2);
        assertThat(big.worstGradientError).isLessThan(1e-10);
        assertThat(small.worstGradientError).isLessThan(1e-10);
    }

    private static final long DRAWS = 17;

    private record Comparison(double worstGradientError, double fastLoss, double sameDiffLoss) {
    }

    /** Gradients of one batch from SameDiff, then from the fast executor on the same weights. */
    private static Comparison compare(CompiledModel model, Loss loss, int batch) {
        return compare(model, loss, batch, false);
    }

    /** With `binary`, the inputs are 0s and 1s. */
    private static Comparison compare(CompiledModel model, Loss loss, int batch, boolean binary) {
        Graph graph = model.graph();
        DataType type = model.sameDiff().getVariable(model.paramNames().get(0)).dataType();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(type, graph.input().withBatch(batch));
        if (binary) {
            x = x.gt(0.7).castTo(type);
        }
        INDArray t = graph.input().equals(graph.output()) ? x
                : Nd4j.rand(type, graph.output().withBatch(batch)).muli(0.8).addi(0.1);
        Map<String, INDArray> feed = new java.util.HashMap<>(Map.of(CompiledModel.INPUT, x, CompiledModel.TARGET, t));
        java.util.Optional<INDArray> noise = model.latent().map(l -> Nd4j.randn(type, batch, l.units()));
        noise.ifPresent(n -> feed.put(CompiledModel.NOISE, n));
        Map<String, INDArray> expected = new LinkedHashMap<>();
        // Both in training mode on the same draws: dropout drops the same values in each.
        Modes.training(model, DRAWS, batch, () -> model.sameDiff().calculateGradients(feed, model.paramNames())
                .forEach((k, v) -> expected.put(k, v.dup())));
        double sameDiffLoss = Modes.training(model, DRAWS, batch, () -> model.sameDiff()
                .output(feed, List.of(CompiledModel.LOSS)).get(CompiledModel.LOSS).getDouble(0));
        FastExecutor fast = FastExecutor.adopt(model, loss);
        fast.seedDraws(DRAWS);
        double fastLoss = fast.step(x, t, noise, true);
        double worst = 0;
        for (String name : model.paramNames()) {
            // SameDiff gives no gradient to a parameter the loss does not depend on: it is zero.
            INDArray a = fast.gradient(name);
            INDArray e = expected.getOrDefault(name, a.ulike().assign(0));
            double scale = Math.max(e.amaxNumber().doubleValue(), 1e-3);
            worst = Math.max(worst, a.sub(e).amaxNumber().doubleValue() / scale);
        }
        return new Comparison(worst, fastLoss, sameDiffLoss);
    }

    private static Loss lossOf(String loss) {
        return Loss.valueOf(loss.trim().toUpperCase());
    }

    private static String text(String in, String out, String layers) {
        return "model M : " + in.trim() + " -> " + out.trim() + " {\n" + layers.trim().replace(") ", ")\n") + "\n}\n";
    }

    /** A functional model `M` of input `x`; statements are separated by `; `. */
    private static String functional(String in, String out, String body) {
        return "model M(x: " + in.trim() + ") -> " + out.trim() + " {\n" + body.trim().replace("; ", "\n") + "\n}\n";
    }

    private static CompiledModel compile(String text, String name, Loss loss, DataType type) {
        Compiler.Result result = Compiler.compile(new SourceFile("fast.aemodel", text), Path.of("."));
        assertThat(result.ok()).as(text).isTrue();
        Graph graph = Lowerer.lower(result.program().orElseThrow(), name);
        return SameDiffLowering.lower(graph, loss, 3, type);
    }
}
