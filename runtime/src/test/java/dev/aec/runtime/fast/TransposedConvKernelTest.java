package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Padding;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The transposed convolution: Keras's output sizes and padding, oneDNN's float kernel against the
 * double loops, the loops against central finite differences, and both against ND4J's `deconv2d`.
 */
class TransposedConvKernelTest {
    @ParameterizedTest(name = "in {0}, kernel {1}, stride {2}, {3}, output padding {4}")
    @CsvSource({
            // in, kernel, stride, padding, output padding, Keras's output length, cropped before, cropped after
            "7, 3, 2, SAME,  , 14, 0, 1",
            "7, 3, 2, VALID, , 15, 0, 0",
            "4, 4, 2, SAME,  , 8,  1, 1",
            "4, 5, 2, SAME,  , 8,  1, 2",
            "5, 3, 1, SAME,  , 5,  1, 1",
            "5, 3, 1, VALID, , 7,  0, 0",
            "3, 1, 2, VALID, , 6,  0, 0",
            "3, 2, 3, SAME,  , 9,  0, 0",
            "3, 2, 3, VALID, , 9,  0, 0",
            // With an output padding, (in - 1) * stride + kernel + extra, less 2 * (kernel / 2) for same.
            "7, 3, 2, SAME,  1, 14, 0, 1",
            "7, 3, 2, SAME,  0, 13, 1, 1",
            "4, 4, 2, SAME,  1, 7,  1, 2",
            "4, 5, 2, SAME,  1, 8,  1, 2",
            "3, 3, 3, VALID, 2, 11, 0, 0",
            "3, 1, 2, SAME,  1, 6,  0, 0",
            "3, 2, 4, SAME,  3, 11, 0, 0",
    })
    void outputSizeAndCroppingFollowKerasAndTensorFlow(long in, long kernel, long stride, Padding padding, Long extra,
                                                        long out, long before, long after) {
        OptionalLong outputPadding = extra == null ? OptionalLong.empty() : OptionalLong.of(extra);
        assertThat(TransposedConvKernel.outputSize(in, kernel, stride, padding, outputPadding)).isEqualTo(out);
        assertThat(TransposedConvKernel.cropping(in, kernel, stride, out)).containsExactly(before, after);
    }

    @ParameterizedTest(name = "in {0}, kernel {1}, stride {2}, {3}")
    @CsvSource({
            // in, kernel, stride, padding, sub-pixel: first small tap, taps, zeros before and after; or none
            "7, 3, 2, SAME,  -1, 2, 1, 0",
            "4, 4, 2, SAME,  -1, 3, 1, 1",
            "4, 5, 2, SAME,  -1, 3, 1, 1",
            "3, 1, 2, VALID,  0, 1, 0, 0",
            "3, 2, 3, SAME,   0, 1, 0, 0",
            "5, 3, 1, SAME,  -1, 3, 1, 1",
            "7, 3, 2, VALID,  ,  ,  ,",
    })
    void theSubPixelFormReadsTheTapsNearEachOutputPhase(long in, long kernel, long stride, Padding padding,
                                                         Integer first, Integer taps, Long before, Long after) {
        long out = TransposedConvKernel.outputSize(in, kernel, stride, padding, OptionalLong.empty());
        long crop = TransposedConvKernel.cropping(in, kernel, stride, out)[0];
        Optional<SubPixelDeconvolution.Axis> axis = SubPixelDeconvolution.Axis.of(stride, kernel, crop, in, out);
        if (first == null) {
            // 15 output rows are no whole number of stride-2 phases: the deconvolution primitive runs.
            assertThat(axis).isEmpty();
            return;
        }
        assertThat(axis).hasValueSatisfying(a -> {
            assertThat(a.first()).isEqualTo(first);
            assertThat(a.taps()).isEqualTo(taps);
            assertThat(a.padBefore()).isEqualTo(before);
            assertThat(a.padAfter()).isEqualTo(after);
            // Every tap of the kernel lands in exactly one phase and small tap.
            int[] uses = new int[(int) kernel];
            for (int r = 0; r < a.stride(); r++) {
                for (int t = 0; t < a.taps(); t++) {
                    if (a.tap(r, t) >= 0) {
                        uses[a.tap(r, t)]++;
                    }
                }
            }
            assertThat(uses).containsOnly(1);
        });
    }

    @ParameterizedTest
    @CsvSource({"FLOAT", "DOUBLE"})
    void samePaddingCropsTheSmallerHalfBeforeTheOutput(DataType type) {
        // One column: input rows 1 and 10, taps 1, 2, 3, stride 2. The full output 1, 2, 3+10, 20, 30
        // loses one row, the last, as TensorFlow pads the convolution it transposes after the input.
        INDArray x = Nd4j.create(new double[] {1, 10}, new long[] {1, 2, 1, 1}).castTo(type);
        INDArray kernel = Nd4j.create(new double[] {1, 2, 3}, new long[] {3, 1, 1, 1}).castTo(type);
        INDArray z = Nd4j.create(type, 1, 4, 1, 1);
        TransposedConvKernel.of(x, kernel, Optional.empty(), z, new long[] {2, 1}, Padding.SAME, Optional.empty(), z.ulike(),
                kernel.ulike(), Optional.empty(), Optional.empty()).forward();
        assertThat(z.reshape(4).toDoubleVector()).containsExactly(1, 2, 13, 20);
    }

    /** A layer's geometry, as the CSV tables spell it; an output padding, if any, last as `RxC`. */
    private record Geometry(int batch, int h, int w, int in, int filters, int kh, int kw, int sh, int sw,
                            Padding padding, boolean bias, boolean gradIn, Optional<long[]> extra) {
        long oh() {
            return TransposedConvKernel.outputSize(h, kh, sh, padding, extra(0));
        }

        long ow() {
            return TransposedConvKernel.outputSize(w, kw, sw, padding, extra(1));
        }

        private OptionalLong extra(int axis) {
            return extra.map(e -> OptionalLong.of(e[axis])).orElse(OptionalLong.empty());
        }
    }

    /** The arrays of one layer; the kernel and bias are views of one flat array, as the executor's parameters. */
    private record Arrays(INDArray x, INDArray kernel, Optional<INDArray> bias, INDArray z, INDArray gradZ,
                          INDArray gradKernel, Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        static Arrays random(Geometry g, DataType type, long seed) {
            Nd4j.getRandom().setSeed(seed);
            long kernelLength = (long) g.kh() * g.kw() * g.filters() * g.in();
            INDArray flat = Nd4j.rand(type, kernelLength + g.filters() + 3).subi(0.5);
            INDArray gradFlat = Nd4j.create(type, kernelLength + g.filters() + 3);
            INDArray kernel = view(flat, 3, g.kh(), g.kw(), g.filters(), g.in());
            INDArray x = Nd4j.rand(type, g.batch(), g.h(), g.w(), g.in()).subi(0.5);
            INDArray z = Nd4j.create(type, g.batch(), g.oh(), g.ow(), g.filters());
            return new Arrays(x, kernel,
                    g.bias() ? Optional.of(view(flat, 3 + kernelLength, g.filters())) : Optional.empty(), z,
                    Nd4j.rand(type, z.shape()).subi(0.5), view(gradFlat, 3, g.kh(), g.kw(), g.filters(), g.in()),
                    g.bias() ? Optional.of(view(gradFlat, 3 + kernelLength, g.filters())) : Optional.empty(),
                    g.gradIn() ? Optional.of(x.ulike()) : Optional.empty());
        }

        Arrays castTo(DataType type) {
            INDArray flat = Nd4j.create(type, kernel.length() + bias.map(INDArray::length).orElse(0L));
            INDArray gradFlat = flat.ulike();
            long[] k = kernel.shape();
            return new Arrays(x.castTo(type), view(flat, 0, k).assign(kernel),
                    bias.map(b -> view(flat, kernel.length(), b.length()).assign(b)), z.ulike().castTo(type),
                    gradZ.castTo(type), view(gradFlat, 0, k),
                    bias.map(b -> view(gradFlat, kernel.length(), b.length())),
                    gradIn.map(g -> g.ulike().castTo(type)));
        }

        TransposedConvKernel kernel(Geometry g) {
            return TransposedConvKernel.of(x, kernel, bias, z, new long[] {g.sh(), g.sw()}, g.padding(), g.extra(), gradZ,
                    gradKernel, gradBias, gradIn);
        }

        private static INDArray view(INDArray flat, long offset, long... shape) {
            long length = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            return flat.get(NDArrayIndex.interval(offset, offset + length)).reshape('c', shape);
        }
    }

    private static Geometry geometry(String spec) {
        String[] v = spec.trim().split("\\s+");
        return new Geometry(Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]),
                Integer.parseInt(v[3]), Integer.parseInt(v[4]), Integer.parseInt(v[5]), Integer.parseInt(v[6]),
                Integer.parseInt(v[7]), Integer.parseInt(v[8]), Padding.valueOf(v[9]), Boolean.parseBoolean(v[10]),
                Boolean.parseBoolean(v[11]), v.length > 12
                        ? Optional.of(java.util.Arrays.stream(v[12].split("x")).mapToLong(Long::parseLong).toArray())
                        : Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2 3 3 2 3 3 3 2 2 SAME true true",
            "2 3 4 3 2 3 3 2 2 VALID true true",
            "3 2 2 2 2 4 4 2 2 SAME false true",
            "2 3 3 1 2 5 5 2 2 SAME true false",
            "2 4 3 2 3 3 3 1 1 SAME true true",
            "2 3 3 2 2 2 3 1 2 VALID false true",
            "2 3 2 2 2 1 1 2 2 VALID true true",
            "2 2 3 3 2 2 2 3 3 SAME true true",
            "1 3 3 2 1 3 3 2 2 SAME true true",
            "4 7 7 8 16 3 3 2 2 SAME true true",
            "2 3 3 2 3 3 3 2 2 SAME true true 0x1",
            "2 3 4 2 2 4 3 2 2 SAME true true 1x0",
            "2 2 2 1 2 3 3 3 2 VALID true true 2x1",
            "2 2 3 2 2 1 1 2 2 SAME false true 1x1",
            "2 3 3 2 2 2 2 4 4 SAME true true 3x3",
    })
    void oneDnnInFloatAgreesWithTheLoopsInDouble(String spec) {
        Geometry g = geometry(spec);
        Arrays reference = Arrays.random(g, DataType.DOUBLE, spec.hashCode());
        Arrays fast = reference.castTo(DataType.FLOAT);
        TransposedConvKernel loops = reference.kernel(g);
        TransposedConvKernel onednn = fast.kernel(g);
        for (int step = 0; step < 2; step++) {
            // Twice: a second step must not add to the first one's gradients.
            loops.forward();
            loops.backward();
            onednn.forward();
            onednn.backward();
        }
        assertThat(relativeError(fast.z(), reference.z())).as("output").isLessThan(1e-5);
        assertThat(relativeError(fast.gradKernel(), reference.gradKernel())).as("kernel gradient").isLessThan(1e-5);
        if (g.bias()) {
            assertThat(relativeError(fast.gradBias().orElseThrow(), reference.gradBias().orElseThrow()))
                    .as("bias gradient").isLessThan(1e-5);
        }
        if (g.gradIn()) {
            assertThat(relativeError(fast.gradIn().orElseThrow(), reference.gradIn().orElseThrow()))
                    .as("input gradient").isLessThan(1e-5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2 3 3 2 3 3 3 2 2 SAME true true",
            "2 3 4 3 2 3 3 2 2 VALID true true",
            "3 2 2 2 2 4 4 2 2 SAME false true",
            "1 2 2 1 2 5 5 2 2 SAME true true",
            "2 3 3 2 2 2 3 1 2 VALID false true",
            "2 3 2 2 2 1 1 2 2 VALID true true",
            "2 2 3 3 2 2 2 3 3 SAME true true",
            "2 3 4 2 2 4 3 2 2 SAME true true 1x0",
            "2 2 2 1 2 3 3 3 2 VALID true true 2x1",
            "2 3 3 2 2 2 2 4 4 SAME true true 3x3",
    })
    void theLoopsGradientsMatchCentralFiniteDifferences(String spec) {
        Geometry g = geometry(spec);
        Arrays a = Arrays.random(g, DataType.DOUBLE, spec.hashCode());
        TransposedConvKernel kernel = a.kernel(g);
        // Loss sum(r z + z^2 / 2), not linear in z, so that the gradient fed back depends on the output.
        INDArray r = a.gradZ().dup();
        java.util.function.DoubleSupplier loss = () -> {
            kernel.forward();
            return a.z().mul(r).sumNumber().doubleValue() + 0.5 * a.z().mul(a.z()).sumNumber().doubleValue();
        };
        loss.getAsDouble();
        a.gradZ().assign(r.add(a.z()));
        kernel.backward();
        List<INDArray[]> pairs = new java.util.ArrayList<>();
        pairs.add(new INDArray[] {a.kernel(), a.gradKernel()});
        a.bias().ifPresent(b -> pairs.add(new INDArray[] {b, a.gradBias().orElseThrow()}));
        if (g.gradIn()) {
            pairs.add(new INDArray[] {a.x(), a.gradIn().orElseThrow()});
        }
        Random pick = new Random(spec.hashCode());
        double h = 1e-6;
        for (INDArray[] pair : pairs) {
            INDArray value = pair[0].reshape(pair[0].length());
            INDArray analytic = pair[1].dup().reshape(pair[1].length());
            for (int n = 0; n < 20; n++) {
                long i = pick.nextInt((int) value.length());
                double saved = value.getDouble(i);
                value.putScalar(i, saved + h);
                double up = loss.getAsDouble();
                value.putScalar(i, saved - h);
                double down = loss.getAsDouble();
                value.putScalar(i, saved);
                double numeric = (up - down) / (2 * h);
                assertThat(Math.abs(numeric - analytic.getDouble(i)))
                        .as("element %d of %s", i, java.util.Arrays.toString(pair[0].shape()))
                        .isLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
            }
        }
    }

    /** Gradients of sum(z * gradZ) from ND4J's own `deconv2d` in SameDiff, on copies of the layer's arrays. */
    private record Nd4jDeconv(INDArray z, INDArray gradKernel, INDArray gradBias, INDArray gradIn) {
        static Nd4jDeconv of(Geometry g, Arrays a) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("x", a.x().dup());
            // libnd4j's deconv2d reads weights [kH, kW, out, in] (its weights format 0), Keras's layout.
            SDVariable k = sd.var("k", a.kernel().dup());
            SDVariable b = sd.var("b", a.bias().orElseThrow().dup());
            DeConv2DConfig config = DeConv2DConfig.builder().kH(g.kh()).kW(g.kw()).sH(g.sh()).sW(g.sw())
                    .pH(0).pW(0).dH(1).dW(1).isSameMode(g.padding() == Padding.SAME).dataFormat("NHWC").build();
            SDVariable z = sd.cnn().deconv2d(x, k, b, config);
            INDArray out = z.eval().dup();
            if (!java.util.Arrays.equals(out.shape(), a.z().shape())) {
                return new Nd4jDeconv(out, k.getArr().ulike(), b.getArr().ulike(), x.getArr().ulike());
            }
            z.mul(sd.constant(a.gradZ().dup())).sum().markAsLoss();
            Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "x", "k", "b");
            return new Nd4jDeconv(out, grads.get("k"), grads.get("b"), grads.get("x"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2 3 3 2 3 3 3 2 2 SAME true true",
            "2 4 4 2 3 4 4 2 2 SAME true true",
            "2 3 3 2 3 5 5 2 2 SAME true true",
            "2 3 4 3 2 3 3 2 2 VALID true true",
            "2 4 3 2 3 3 3 1 1 SAME true true",
    })
    void nd4jsDeconv2dAgreesInFloat(String spec) {
        Geometry g = geometry(spec);
        Arrays a = Arrays.random(g, DataType.FLOAT, spec.hashCode());
        TransposedConvKernel kernel = a.kernel(g);
        kernel.forward();
        kernel.backward();
        Nd4jDeconv nd4j = Nd4jDeconv.of(g, a);
        assertThat(relativeError(a.z(), nd4j.z())).as("output").isLessThan(1e-5);
        assertThat(relativeError(a.gradKernel(), nd4j.gradKernel())).as("kernel gradient").isLessThan(1e-5);
        assertThat(relativeError(a.gradBias().orElseThrow(), nd4j.gradBias())).as("bias gradient").isLessThan(1e-5);
        assertThat(relativeError(a.gradIn().orElseThrow(), nd4j.gradIn())).as("input gradient").isLessThan(1e-5);
    }

    @Test
    void nd4jsValidDeconv2dDropsTheRowsThatAKernelShorterThanItsStrideLeavesToTheBias() {
        // Keras sizes a valid transposed convolution in * stride + max(kernel - stride, 0); libnd4j
        // sizes it (in - 1) * stride + kernel, short by stride - kernel rows and columns of bias.
        Geometry g = geometry("2 3 2 2 2 1 1 2 2 VALID true true");
        Arrays a = Arrays.random(g, DataType.FLOAT, 5);
        a.kernel(g).forward();
        Nd4jDeconv nd4j = Nd4jDeconv.of(g, a);
        assertThat(a.z().shape()).containsExactly(2, 6, 4, 2);
        assertThat(nd4j.z().shape()).containsExactly(2, 5, 3, 2);
        INDArray cropped = a.z().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5), NDArrayIndex.interval(0, 3),
                NDArrayIndex.all());
        assertThat(relativeError(cropped, nd4j.z())).isLessThan(1e-6);
        INDArray lastRow = a.z().get(NDArrayIndex.all(), NDArrayIndex.point(5), NDArrayIndex.all(), NDArrayIndex.all());
        assertThat(relativeError(lastRow, a.bias().orElseThrow().reshape(1, 1, 2).broadcast(2, 4, 2)))
                .isLessThan(1e-7);
    }

    private static double relativeError(INDArray actual, INDArray expected) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        double scale = Math.max(e.amaxNumber().doubleValue(), 1e-6);
        return actual.castTo(DataType.DOUBLE).sub(e).amaxNumber().doubleValue() / scale;
    }
}
