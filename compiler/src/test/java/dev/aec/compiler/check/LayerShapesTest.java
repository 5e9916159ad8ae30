package dev.aec.compiler.check;

import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.layers.Activate;
import dev.aec.compiler.layers.BatchNorm;
import dev.aec.compiler.layers.Conv2d;
import dev.aec.compiler.layers.Conv2dTranspose;
import dev.aec.compiler.layers.Dropout;
import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.layers.Flatten;
import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.layers.GaussianNoise;
import dev.aec.compiler.layers.MaxPool;
import dev.aec.compiler.layers.Reshape;
import dev.aec.compiler.layers.Upsample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.types.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each layer kind's shape rule and parameter count on concrete inputs, errors included. */
class LayerShapesTest {
    private static final Activation RELU = Activation.of(ActivationKind.RELU);

    static Stream<Arguments> validLayers() {
        return Stream.of(
                Arguments.of(new Dense(128, RELU, true), Shape.of(784), Shape.of(128), 100_480L),
                Arguments.of(new Dense(10, RELU, false), Shape.of(64), Shape.of(10), 640L),
                Arguments.of(new Dense(32, RELU, true, 1e-4), Shape.of(784), Shape.of(32), 25_120L),
                Arguments.of(conv(16, 3, 1, Padding.SAME), Shape.of(28, 28, 1), Shape.of(28, 28, 16), 160L),
                Arguments.of(conv(16, 3, 1, Padding.VALID), Shape.of(16, 16, 8), Shape.of(14, 14, 16), 1_168L),
                Arguments.of(conv(4, 3, 2, Padding.SAME), Shape.of(7, 7, 1), Shape.of(4, 4, 4), 40L),
                Arguments.of(conv(4, 3, 2, Padding.VALID), Shape.of(7, 7, 1), Shape.of(3, 3, 4), 40L),
                Arguments.of(conv(2, 3, 1, Padding.VALID), Shape.of(3, 3, 1), Shape.of(1, 1, 2), 20L),
                Arguments.of(new Conv2d(1, new Size2(3, 1), Size2.square(1), Padding.VALID, RELU, true),
                        Shape.of(5, 5, 2), Shape.of(3, 5, 1), 7L),
                // keras.io's convolutional VAE decoder: Conv2DTranspose(64, 3, strides=2, padding="same") on 7x7x64.
                Arguments.of(transposed(64, 3, 2, Padding.SAME), Shape.of(7, 7, 64), Shape.of(14, 14, 64), 36_928L),
                Arguments.of(transposed(32, 3, 2, Padding.SAME), Shape.of(14, 14, 64), Shape.of(28, 28, 32), 18_464L),
                // valid: in*stride + max(kernel - stride, 0), (in-1)*stride + kernel when kernel >= stride.
                Arguments.of(transposed(8, 3, 2, Padding.VALID), Shape.of(7, 7, 4), Shape.of(15, 15, 8), 296L),
                Arguments.of(transposed(8, 3, 1, Padding.VALID), Shape.of(7, 7, 4), Shape.of(9, 9, 8), 296L),
                Arguments.of(transposed(2, 1, 2, Padding.VALID), Shape.of(3, 3, 1), Shape.of(6, 6, 2), 4L),
                Arguments.of(new Conv2dTranspose(1, new Size2(3, 1), new Size2(2, 3), Padding.SAME, RELU, false),
                        Shape.of(4, 5, 2), Shape.of(8, 15, 1), 6L),
                // Keras's deconv_output_length with output_padding p: (in-1)*stride + kernel + p, less
                // 2*(kernel/2) with same.
                Arguments.of(padded(16, 3, 2, Padding.SAME, 1, 1), Shape.of(7, 7, 8), Shape.of(14, 14, 16), 1_168L),
                Arguments.of(padded(16, 3, 2, Padding.SAME, 0, 0), Shape.of(7, 7, 8), Shape.of(13, 13, 16), 1_168L),
                Arguments.of(padded(16, 3, 2, Padding.SAME, 0, 1), Shape.of(7, 7, 8), Shape.of(13, 14, 16), 1_168L),
                Arguments.of(padded(4, 4, 2, Padding.SAME, 1, 1), Shape.of(7, 7, 1), Shape.of(13, 13, 4), 68L),
                Arguments.of(padded(4, 5, 3, Padding.SAME, 2, 0), Shape.of(4, 4, 1), Shape.of(12, 10, 4), 104L),
                Arguments.of(padded(8, 3, 2, Padding.VALID, 1, 1), Shape.of(7, 7, 4), Shape.of(16, 16, 8), 296L),
                Arguments.of(padded(8, 3, 2, Padding.VALID, 0, 0), Shape.of(7, 7, 4), Shape.of(15, 15, 8), 296L),
                Arguments.of(padded(2, 1, 2, Padding.VALID, 1, 0), Shape.of(3, 3, 1), Shape.of(6, 5, 2), 4L),
                Arguments.of(padded(2, 1, 2, Padding.SAME, 1, 1), Shape.of(3, 3, 1), Shape.of(6, 6, 2), 4L),
                Arguments.of(padded(2, 3, 1, Padding.SAME, 0, 0), Shape.of(5, 5, 1), Shape.of(5, 5, 2), 20L),
                Arguments.of(pool(2, Padding.SAME), Shape.of(7, 7, 8), Shape.of(4, 4, 8), 0L),
                Arguments.of(pool(2, Padding.VALID), Shape.of(7, 7, 8), Shape.of(3, 3, 8), 0L),
                Arguments.of(new MaxPool(Size2.square(3), Size2.square(1), Padding.VALID), Shape.of(5, 5, 1),
                        Shape.of(3, 3, 1), 0L),
                Arguments.of(new Upsample(Size2.square(2)), Shape.of(4, 4, 8), Shape.of(8, 8, 8), 0L),
                Arguments.of(new Upsample(new Size2(1, 3)), Shape.of(2, 2, 1), Shape.of(2, 6, 1), 0L),
                Arguments.of(new Flatten(), Shape.of(28, 28, 1), Shape.of(784), 0L),
                Arguments.of(new Reshape(Shape.of(28, 28, 1)), Shape.of(784), Shape.of(28, 28, 1), 0L),
                Arguments.of(new Activate(RELU), Shape.of(7, 7, 8), Shape.of(7, 7, 8), 0L),
                // Keras's variational_autoencoder.py: z_mean and z_log_var, Dense(2) each on 512 inputs.
                Arguments.of(new Gaussian(2, 1.0), Shape.of(512), Shape.of(2), 2_052L),
                // keras.io's VAE: Dense(latent_dim) twice on 16 inputs.
                Arguments.of(new Gaussian(2, 0.5), Shape.of(16), Shape.of(2), 68L),
                // Keras's BatchNormalization(axis=-1): any shape, unchanged; gamma, beta, moving mean and
                // variance per channel of the last axis, 4*C values (Keras's summary: 64 for 16 channels).
                Arguments.of(new BatchNorm(0.99, 1e-3), Shape.of(28, 28, 16), Shape.of(28, 28, 16), 64L),
                Arguments.of(new BatchNorm(0.9, 1e-5), Shape.of(128), Shape.of(128), 512L),
                Arguments.of(new BatchNorm(0.99, 1e-3), Shape.of(28, 5), Shape.of(28, 5), 20L),
                // Keras's Dropout and GaussianNoise: any shape, unchanged, no weights.
                Arguments.of(new Dropout(0.5), Shape.of(7, 7, 8), Shape.of(7, 7, 8), 0L),
                Arguments.of(new Dropout(0.0), Shape.of(10), Shape.of(10), 0L),
                Arguments.of(new GaussianNoise(0.1), Shape.of(28, 28, 1), Shape.of(28, 28, 1), 0L));
    }

    @ParameterizedTest(name = "{0} on {1} gives {2}")
    @MethodSource("validLayers")
    void layerProducesKerasShapeAndParameterCount(Layer layer, Shape in, Shape out, long params) {
        ShapeResult result = LayerShapes.apply(layer, in);
        assertThat(result).isEqualTo(new ShapeResult.Ok(out, params));
    }

    static Stream<Arguments> invalidLayers() {
        return Stream.of(
                Arguments.of(new Dense(10, RELU, true), Shape.of(28, 28, 1), Code.E0304),
                Arguments.of(conv(8, 3, 1, Padding.SAME), Shape.of(784), Code.E0304),
                Arguments.of(transposed(8, 3, 2, Padding.SAME), Shape.of(64), Code.E0304),
                Arguments.of(pool(2, Padding.SAME), Shape.of(28, 28), Code.E0304),
                Arguments.of(new Upsample(Size2.square(2)), Shape.of(64), Code.E0304),
                Arguments.of(conv(8, 3, 1, Padding.VALID), Shape.of(2, 2, 8), Code.E0303),
                Arguments.of(conv(8, 5, 1, Padding.VALID), Shape.of(5, 4, 1), Code.E0303),
                Arguments.of(pool(2, Padding.VALID), Shape.of(1, 1, 8), Code.E0303),
                Arguments.of(new Reshape(Shape.of(28, 28, 2)), Shape.of(784), Code.E0305),
                // An output padding not below the stride (Keras refuses it), and 0 with an even kernel and
                // same (TensorFlow refuses the (in-1)*stride output when the layer runs).
                Arguments.of(padded(8, 3, 2, Padding.SAME, 2, 1), Shape.of(7, 7, 4), Code.E0205),
                Arguments.of(padded(8, 3, 2, Padding.VALID, 1, 2), Shape.of(7, 7, 4), Code.E0205),
                Arguments.of(padded(8, 3, 1, Padding.SAME, 1, 1), Shape.of(7, 7, 4), Code.E0205),
                Arguments.of(padded(8, 4, 2, Padding.SAME, 0, 1), Shape.of(7, 7, 4), Code.E0205),
                Arguments.of(new Gaussian(2, 1.0), Shape.of(7, 7, 64), Code.E0304),
                Arguments.of(new Gaussian(2, 1.0), Shape.of(28, 28), Code.E0304),
                Arguments.of(new Upsample(Size2.square(1 << 20)), Shape.of(1 << 12, 1 << 12, 1), Code.E0309));
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("invalidLayers")
    void layerRejectsInputItCannotTake(Layer layer, Shape in, Code expected) {
        ShapeResult result = LayerShapes.apply(layer, in);
        assertThat(result).isInstanceOf(ShapeResult.Problem.class);
        assertThat(((ShapeResult.Problem) result).code()).isEqualTo(expected);
    }

    static Stream<Arguments> multiplyAdds() {
        return Stream.of(
                Arguments.of(new Dense(128, RELU, true), Shape.of(784), 100_352L),
                Arguments.of(conv(16, 3, 1, Padding.SAME), Shape.of(28, 28, 1), 28L * 28 * 9 * 16),
                Arguments.of(conv(4, 3, 2, Padding.VALID), Shape.of(7, 7, 1), 3L * 3 * 9 * 4),
                // A transposed convolution spreads each input position: 7x7 positions, not 14x14.
                Arguments.of(transposed(64, 3, 2, Padding.SAME), Shape.of(7, 7, 64), 7L * 7 * 9 * 64 * 64),
                Arguments.of(new Gaussian(2, 1.0), Shape.of(16), 64L),
                Arguments.of(pool(2, Padding.SAME), Shape.of(7, 7, 8), 0L),
                Arguments.of(new Activate(RELU), Shape.of(64), 0L));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("multiplyAdds")
    void multiplyAddsCountTheProductsOfOneSample(Layer layer, Shape in, long expected) {
        Shape out = ((ShapeResult.Ok) LayerShapes.apply(layer, in)).shape();
        assertThat(layer.multiplyAdds(in, out)).isEqualTo(expected);
    }

    private static Layer transposed(int filters, int kernel, int stride, Padding padding) {
        return new Conv2dTranspose(filters, Size2.square(kernel), Size2.square(stride), padding, RELU, true);
    }

    private static Layer padded(int filters, int kernel, int stride, Padding padding, int extraRows, int extraCols) {
        return new Conv2dTranspose(filters, Size2.square(kernel), Size2.square(stride), padding, RELU, true,
                java.util.Optional.of(new Size2(extraRows, extraCols)));
    }

    private static Layer conv(int filters, int kernel, int stride, Padding padding) {
        return new Conv2d(filters, Size2.square(kernel), Size2.square(stride), padding, RELU, true);
    }

    private static Layer pool(int size, Padding padding) {
        return new MaxPool(Size2.square(size), Size2.square(size), padding);
    }
}
