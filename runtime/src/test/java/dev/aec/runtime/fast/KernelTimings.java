package dev.aec.runtime.fast;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Padding;
import dev.aec.runtime.fast.BatchNormKernel.Mode;
import dev.aec.runtime.fast.BatchNormKernel.MovingVariance;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward plus backward time of the oneDNN transposed-convolution, batch-norm and activation kernels against
 * ND4J's own ops on typical shapes, in float; prints milliseconds per step and asserts nothing (not
 * a test: Surefire does not run it). Run with the runtime's test classpath:
 * `java -cp ... dev.aec.runtime.fast.KernelTimings`; `-Dtimings.warmup`, `-Dtimings.rounds` and
 * `-Dtimings.steps` (30, 7 and 20) set how many steps it times.
 */
final class KernelTimings {
    private static final int WARMUP = Integer.getInteger("timings.warmup", 30);
    private static final int ROUNDS = Integer.getInteger("timings.rounds", 7);
    private static final int STEPS = Integer.getInteger("timings.steps", 20);

    private KernelTimings() {
    }

    /** Arguments name the sections to run (`deconv`, `batchnorm`, `activations`, `adadelta`); none runs all. */
    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(1);
        DataType f = DataType.FLOAT;
        java.util.List<String> wanted = Arrays.asList(args);
        if (wanted.isEmpty() || wanted.contains("deconv")) {
            transposedConvolution(f);
        }
        if (wanted.isEmpty() || wanted.contains("batchnorm")) {
            batchNorm(f);
        }
        if (wanted.isEmpty() || wanted.contains("activations")) {
            activations(f);
        }
        if (wanted.isEmpty() || wanted.contains("adadelta")) {
            adadelta(f);
        }
    }

    /**
     * oneDNN's Adadelta passes over the tutorial's dense parameters and the deep dense stack's, in
     * blocks of several sizes and in one block, interleaved round by round so drift falls on all alike.
     */
    private static void adadelta(DataType f) {
        long[] blocks = {16 * 1024, 32 * 1024, 64 * 1024, 128 * 1024, 256 * 1024, Integer.MAX_VALUE};
        for (int length : new int[] {226_512, 1_153_712}) {
            INDArray params = Nd4j.rand(f, length);
            INDArray gradient = Nd4j.rand(f, length).subi(0.5);
            INDArray accumGrad = Nd4j.zeros(f, length);
            INDArray accumVar = Nd4j.zeros(f, length);
            DnnlAdadelta[] kernels = new DnnlAdadelta[blocks.length];
            double[][] rounds = new double[blocks.length][ROUNDS];
            for (int b = 0; b < blocks.length; b++) {
                kernels[b] = new DnnlAdadelta(length, 1.0, 0.95, 1e-7, blocks[b]);
                for (int i = 0; i < WARMUP; i++) {
                    kernels[b].apply(params, gradient, accumGrad, accumVar);
                }
            }
            for (int r = 0; r < ROUNDS; r++) {
                for (int b = 0; b < blocks.length; b++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < STEPS; i++) {
                        kernels[b].apply(params, gradient, accumGrad, accumVar);
                    }
                    rounds[b][r] = (System.nanoTime() - start) / 1e6 / STEPS;
                }
            }
            for (int b = 0; b < blocks.length; b++) {
                Arrays.sort(rounds[b]);
                print(String.format("adadelta, %,d values, %s", length,
                        length < 2 * blocks[b] ? "one pass over all" : "blocks of " + blocks[b]), rounds[b][ROUNDS / 2]);
            }
        }
    }

    private static void activations(DataType f) {
        // A decoder's last hidden layer at batch 32: 32 x 28x28x32 values.
        for (String spec : new String[] {"relu", "leaky_relu(0.2)", "sigmoid", "tanh"}) {
            Activation activation = spec.equals("relu") ? Activation.of(ActivationKind.RELU)
                    : spec.startsWith("leaky") ? new Activation(ActivationKind.LEAKY_RELU, 0.2)
                    : Activation.of(ActivationKind.valueOf(spec.toUpperCase()));
            for (boolean onOneDnn : new boolean[] {true, false}) {
                INDArray value = Nd4j.rand(f, 32, 28, 28, 32).subi(0.5);
                INDArray gradient = Nd4j.rand(f, value.shape()).subi(0.5);
                ActivationOps ops = new ActivationOps(activation, value, gradient, onOneDnn);
                print(spec + (onOneDnn ? ", oneDNN eltwise" : ", libnd4j transforms"), time(() -> {
                    ops.forward();
                    ops.backward();
                }));
            }
        }
    }

    private static void transposedConvolution(DataType f) {
        // 100 x 7x7x32 -> 14x14x64, 3x3, stride 2, same: a decoder's upsampling step.
        INDArray x = Nd4j.rand(f, 100, 7, 7, 32).subi(0.5);
        INDArray kernel = Nd4j.rand(f, 3, 3, 64, 32).subi(0.5).muli(0.2);
        INDArray bias = Nd4j.rand(f, 64);
        INDArray z = Nd4j.create(f, 100, 14, 14, 64);
        INDArray gradZ = Nd4j.rand(f, z.shape()).subi(0.5);
        INDArray gradKernel = kernel.ulike();
        INDArray gradBias = bias.ulike();
        INDArray gradIn = x.ulike();
        TransposedConvKernel onednn = TransposedConvKernel.of(x, kernel, Optional.of(bias), z, new long[] {2, 2},
                Padding.SAME, Optional.empty(), gradZ, gradKernel, Optional.of(gradBias), Optional.of(gradIn));
        print("transposed conv, oneDNN kernel", time(() -> {
            onednn.forward();
            onednn.backward();
        }));

        DeConv2DConfig config = DeConv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
                .isSameMode(true).dataFormat("NHWC").build();
        DeConv2D deconv = new DeConv2D(new INDArray[] {x, kernel, bias}, new INDArray[] {z.ulike()}, config);
        DynamicCustomOp deconvBp = DynamicCustomOp.builder("deconv2d_bp")
                .addInputs(x, kernel, bias, gradZ)
                .addOutputs(x.ulike(), kernel.ulike(), bias.ulike())
                .addIntegerArguments(ConvKernel.ints(deconv.iArgs()))
                .build();
        print("transposed conv, libnd4j deconv2d + deconv2d_bp", time(() -> {
            Nd4j.exec(deconv);
            Nd4j.exec(deconvBp);
        }));

        SameDiff sd = SameDiff.create();
        SDVariable out = sd.cnn().deconv2d(sd.var("x", x.dup()), sd.var("k", kernel.dup()), sd.var("b", bias.dup()),
                config);
        out.mul(sd.constant(gradZ.dup())).sum().markAsLoss();
        print("transposed conv, SameDiff calculateGradients", time(() -> sd.calculateGradients(Map.of(), "x", "k", "b")));
    }

    private static void batchNorm(DataType f) {
        // 100 x 14x14x32, training mode.
        INDArray x = Nd4j.randn(f, 100, 14, 14, 32);
        INDArray gamma = Nd4j.ones(f, 32);
        INDArray beta = Nd4j.zeros(f, 32);
        INDArray y = x.ulike();
        INDArray gradY = Nd4j.rand(f, x.shape()).subi(0.5);
        BatchNormKernel onednn = BatchNormKernel.of(x, gamma, beta, Nd4j.zeros(f, 32), Nd4j.ones(f, 32), y,
                BatchNormKernel.MOMENTUM, BatchNormKernel.EPSILON, Mode.TRAINING, MovingVariance.keras(4), gradY,
                gamma.ulike(), beta.ulike(), Optional.of(x.ulike()));
        print("batch norm, oneDNN kernel", time(() -> {
            onednn.forward();
            onednn.backward();
        }));

        // libnd4j takes the statistics as inputs: the batch's, from two reductions, then the op and its gradient.
        INDArray mean = Nd4j.create(f, 32);
        INDArray variance = Nd4j.create(f, 32);
        INDArray gradIn = x.ulike();
        DynamicCustomOp forward = DynamicCustomOp.builder("batchnorm")
                .addInputs(x, mean, variance, gamma, beta)
                .addOutputs(y)
                .addIntegerArguments(1, 1, 3)
                .addFloatingPointArguments(BatchNormKernel.EPSILON)
                .build();
        DynamicCustomOp backward = DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(x, mean, variance, gamma, beta, gradY)
                .addOutputs(gradIn, mean.ulike(), variance.ulike(), gamma.ulike(), beta.ulike())
                .addIntegerArguments(1, 1, 3)
                .addFloatingPointArguments(BatchNormKernel.EPSILON)
                .build();
        print("batch norm, libnd4j mean + variance + batchnorm + batchnorm_bp", time(() -> {
            mean.assign(x.mean(0, 1, 2));
            variance.assign(x.var(false, 0, 1, 2));
            Nd4j.exec(forward);
            Nd4j.exec(backward);
        }));
    }

    /** The median over rounds of the mean time per step, in milliseconds. */
    private static double time(Runnable step) {
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        double[] rounds = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                step.run();
            }
            rounds[r] = (System.nanoTime() - start) / 1e6 / STEPS;
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }

    private static void print(String what, double ms) {
        System.out.printf("%-65s %8.3f ms%n", what, ms);
    }
}
