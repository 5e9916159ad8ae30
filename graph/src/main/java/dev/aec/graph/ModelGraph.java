package dev.aec.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An aec model's SameDiff graph under construction, one method per layer kind, as {@code aec train}
 * builds it and the classes {@code aec gen} writes call it. Every ND4J default is spelt out: data
 * channels last (NHWC) as Keras, the padding mode, kernels in Keras's layouts (dense {@code [in, out]},
 * conv2d {@code [rows, cols, in, out]}, ND4J's YXIO), Keras's Glorot-uniform kernels drawn from one
 * {@code SplittableRandom(seed)} in the order the layers are added, each row-major, and zero biases.
 *
 * <p>Variables are named after the layer ({@code Encoder/conv2d_0}): its parameters
 * {@code <layer>/kernel} and {@code <layer>/bias}, the value before its activation
 * {@code <layer>/linear}, its output {@code <layer>}. The graph's own variables have the names below.
 */
public final class ModelGraph {
    /** Placeholder for a batch of inputs. */
    public static final String INPUT = "input";
    /** Placeholder for what the output should be: the input for an autoencoder, the one-hot label for a classifier. */
    public static final String TARGET = "target";
    /** The model's output. */
    public static final String OUTPUT = "output";
    /** The scalar loss training minimises. */
    public static final String LOSS = "loss";
    /** The gaussian layer's noise eps ~ N(0, 1), [n, units]: fresh normal samples to train; unread at inference. */
    public static final String NOISE = "latent_noise";
    /** With a gaussian layer: the reconstruction part of the loss. */
    public static final String RECONSTRUCTION = "reconstruction";
    /**
     * The training flag, a scalar: 0 (inference, the value the graph is built and saved with) or 1
     * (a training step). See {@link #setTraining}.
     */
    public static final String TRAINING = "training";
    /** Suffix of a layer's random draws: {@code <layer>/draws}. */
    public static final String DRAWS = "/draws";
    /** The gaussian layer's KL divergence from N(0, 1), summed over its units and averaged over the batch (nats). */
    public static final String KL = "kl";
    /** Suffix of a layer's activity penalty, the scalar term it adds to the loss: {@code <layer>/activity_l1}. */
    public static final String ACTIVITY_L1 = "/activity_l1";
    /** Suffixes of a batch normalisation's moving statistics, constants that only training changes. */
    public static final String MOVING_MEAN = "/moving_mean";
    public static final String MOVING_VARIANCE = "/moving_variance";
    /** Suffixes of a batch normalisation's batch mean and biased batch variance, [channels]. */
    public static final String BATCH_MEAN = "/batch_mean";
    public static final String BATCH_VARIANCE = "/batch_variance";
    /** Suffix of a batch normalisation's momentum, a scalar constant. */
    public static final String MOMENTUM = "/momentum";

    /**
     * How upsampling is built. Only {@link #NCHW_PERMUTED} is correct; {@link #NHWC_DIRECT} is the op
     * with ND4J 1.0.0-M2.1's wrong gradient, kept so that tests can show a gradient check catches it.
     */
    enum Upsampling {
        NCHW_PERMUTED,
        NHWC_DIRECT
    }

    private final SameDiff sd = SameDiff.create();
    private final SplittableRandom random;
    private final DataType type;
    private final Upsampling upsampling;
    private final List<String> paramNames = new ArrayList<>();
    private final List<String> nonTrainableNames = new ArrayList<>();
    /** Per activation's output variable, the activation and the value it read (for a loss on logits). */
    private final Map<String, Applied> activations = new HashMap<>();
    private Optional<Latent> latent = Optional.empty();
    private Optional<SDVariable> training = Optional.empty();
    /** The activity penalties, in the order their layers were added; {@link #loss} adds each. */
    private final List<SDVariable> penalties = new ArrayList<>();

    private record Applied(Activation.Kind kind, SDVariable in) {
    }

    private ModelGraph(long seed, DataType type, Upsampling upsampling) {
        this.random = new SplittableRandom(seed);
        this.type = Objects.requireNonNull(type);
        this.upsampling = upsampling;
    }

    /** An empty float32 graph whose weights will be drawn from {@code seed}. */
    public static ModelGraph create(long seed) {
        return create(seed, DataType.FLOAT);
    }

    /**
     * An empty graph in precision {@code type} (double for gradient checks). The weights are drawn in
     * float32 whatever the type, so a seed gives the same model in every precision.
     */
    public static ModelGraph create(long seed, DataType type) {
        return new ModelGraph(seed, type, Upsampling.NCHW_PERMUTED);
    }

    /** As {@link #create(long, DataType)}, with upsampling built as {@code upsampling} says (tests only). */
    static ModelGraph create(long seed, DataType type, Upsampling upsampling) {
        return new ModelGraph(seed, type, upsampling);
    }

    /** The graph built so far. */
    public SameDiff sameDiff() {
        return sd;
    }

    /** The trainable variables, in the order they were made (the order their weights were drawn). */
    public List<String> paramNames() {
        return List.copyOf(paramNames);
    }

    /** The names of the scalar activity penalties the loss adds, in the order their layers were added. */
    public List<String> penaltyNames() {
        return penalties.stream().map(SDVariable::name).toList();
    }

    /**
     * The tensors no optimizer trains (batch normalisation's moving statistics), in the order they
     * were made: constants of the graph, saved with it, that training updates by their own rule
     * ({@link #updateMovingStatistics}).
     */
    public List<String> nonTrainableNames() {
        return List.copyOf(nonTrainableNames);
    }

    /** The gaussian layer, once {@link #gaussian} has added it. */
    public Optional<Latent> latent() {
        return latent;
    }

    // Placeholders and the output.

    /** The placeholder {@value #INPUT}: a batch of samples of shape {@code dims}, [n, dims...]. */
    public SDVariable input(long... dims) {
        return sd.placeHolder(INPUT, type, batchOf(dims));
    }

    /** The placeholder {@value #TARGET}: a batch of what the output should be, [n, dims...]. */
    public SDVariable target(long... dims) {
        return sd.placeHolder(TARGET, type, batchOf(dims));
    }

    /** Names {@code result} the model's output, {@value #OUTPUT}. */
    public SDVariable output(SDVariable result) {
        return sd.identity(OUTPUT, result);
    }

    // Layers, one method per kind.

    /**
     * Keras {@code Dense(units, activation)}: {@code in} [n, inputs] times the kernel [inputs, units],
     * plus the bias, then the activation.
     */
    public SDVariable dense(String name, SDVariable in, int inputs, int units, Activation activation) {
        SDVariable kernel = glorotUniform(name + "/kernel", inputs, units, inputs, units);
        SDVariable bias = zeros(name + "/bias", units);
        // Not sd.nn().linear: with the oneDNN backend in float32 it returns wrong values on every second
        // call (ND4J 1.0.0-M2.1; the runtime's Nd4jQuirksTest pins it). A product plus a bias is exact.
        SDVariable product = sd.mmul(name + "/matmul", in, kernel);
        return activate(name, sd.math().add(name + "/linear", product, bias), activation);
    }

    /** Keras {@code Dense(units, activation, use_bias=False)}: the kernel's product, then the activation. */
    public SDVariable denseNoBias(String name, SDVariable in, int inputs, int units, Activation activation) {
        SDVariable kernel = glorotUniform(name + "/kernel", inputs, units, inputs, units);
        return activate(name, sd.mmul(name + "/linear", in, kernel), activation);
    }

    /**
     * Keras {@code Dense(units, activation, activity_regularizer=regularizers.l1(activityL1))}: as
     * {@link #dense}, and the loss adds the penalty of {@link #activityL1}.
     */
    public SDVariable dense(String name, SDVariable in, int inputs, int units, Activation activation,
                            double activityL1) {
        return activityL1(name, dense(name, in, inputs, units, activation), activityL1);
    }

    /** As {@link #denseNoBias}, with the activity penalty of {@link #dense(String, SDVariable, int, int, Activation, double)}. */
    public SDVariable denseNoBias(String name, SDVariable in, int inputs, int units, Activation activation,
                                  double activityL1) {
        return activityL1(name, denseNoBias(name, in, inputs, units, activation), activityL1);
    }

    /**
     * Keras {@code Conv2D(filters, (kernelRows, kernelCols), strides, padding, activation)} on NHWC input
     * with {@code channels} channels: kernel [kernelRows, kernelCols, channels, filters], no dilation,
     * plus the bias, then the activation.
     */
    public SDVariable conv2d(String name, SDVariable in, int channels, int filters, int kernelRows, int kernelCols,
                             int strideRows, int strideCols, Padding padding, Activation activation) {
        SDVariable kernel = convolutionKernel(name, channels, filters, kernelRows, kernelCols);
        SDVariable bias = zeros(name + "/bias", filters);
        Conv2DConfig config = convolution(kernelRows, kernelCols, strideRows, strideCols, padding);
        return activate(name, sd.cnn().conv2d(name + "/linear", in, kernel, bias, config), activation);
    }

    /** Keras {@code Conv2D(..., use_bias=False)}: as {@link #conv2d} without the bias. */
    public SDVariable conv2dNoBias(String name, SDVariable in, int channels, int filters, int kernelRows,
                                   int kernelCols, int strideRows, int strideCols, Padding padding,
                                   Activation activation) {
        SDVariable kernel = convolutionKernel(name, channels, filters, kernelRows, kernelCols);
        Conv2DConfig config = convolution(kernelRows, kernelCols, strideRows, strideCols, padding);
        return activate(name, sd.cnn().conv2d(name + "/linear", in, kernel, config), activation);
    }

    /**
     * Keras {@code Conv2DTranspose(filters, (kernelRows, kernelCols), strides, padding, activation)} on
     * NHWC input with {@code channels} channels: kernel [kernelRows, kernelCols, filters, channels]
     * (output channels first, as Keras stores it), no dilation or output padding, plus the bias, then the
     * activation. {@code same} gives in*stride rows; {@code valid} gives in*stride + max(kernel - stride, 0).
     */
    public SDVariable conv2dTranspose(String name, SDVariable in, int channels, int filters, int kernelRows,
                                      int kernelCols, int strideRows, int strideCols, Padding padding,
                                      Activation activation) {
        SDVariable kernel = transposedKernel(name, channels, filters, kernelRows, kernelCols);
        SDVariable bias = zeros(name + "/bias", filters);
        SDVariable product = transposed(name, in, kernel, kernelRows, kernelCols, strideRows, strideCols, padding);
        return activate(name, sd.nn().biasAdd(name + "/linear", product, bias, false), activation);
    }

    /** Keras {@code Conv2DTranspose(..., use_bias=False)}: as {@link #conv2dTranspose} without the bias. */
    public SDVariable conv2dTransposeNoBias(String name, SDVariable in, int channels, int filters, int kernelRows,
                                            int kernelCols, int strideRows, int strideCols, Padding padding,
                                            Activation activation) {
        SDVariable kernel = transposedKernel(name, channels, filters, kernelRows, kernelCols);
        SDVariable product = transposed(name, in, kernel, kernelRows, kernelCols, strideRows, strideCols, padding);
        return activate(name, sd.identity(name + "/linear", product), activation);
    }

    /**
     * Keras {@code Conv2DTranspose(..., output_padding=(extraRows, extraCols))}: as {@link #conv2dTranspose}
     * with Keras's exact output size, (in - 1) * stride + kernel, less 2 * (kernel / 2) with {@code same},
     * plus the output padding (less than the stride).
     */
    public SDVariable conv2dTranspose(String name, SDVariable in, int channels, int filters, int kernelRows,
                                      int kernelCols, int strideRows, int strideCols, Padding padding, int extraRows,
                                      int extraCols, Activation activation) {
        SDVariable kernel = transposedKernel(name, channels, filters, kernelRows, kernelCols);
        SDVariable bias = zeros(name + "/bias", filters);
        SDVariable product = transposedPadded(name, in, kernel, kernelRows, kernelCols, strideRows, strideCols,
                padding, extraRows, extraCols);
        return activate(name, sd.nn().biasAdd(name + "/linear", product, bias, false), activation);
    }

    /** As {@link #conv2dTranspose(String, SDVariable, int, int, int, int, int, int, Padding, int, int, Activation)} without the bias. */
    public SDVariable conv2dTransposeNoBias(String name, SDVariable in, int channels, int filters, int kernelRows,
                                            int kernelCols, int strideRows, int strideCols, Padding padding,
                                            int extraRows, int extraCols, Activation activation) {
        SDVariable kernel = transposedKernel(name, channels, filters, kernelRows, kernelCols);
        SDVariable product = transposedPadded(name, in, kernel, kernelRows, kernelCols, strideRows, strideCols,
                padding, extraRows, extraCols);
        return activate(name, sd.identity(name + "/linear", product), activation);
    }

    /** Keras {@code MaxPooling2D((sizeRows, sizeCols), strides, padding)} on NHWC input, no dilation. */
    public SDVariable maxPool(String name, SDVariable in, int sizeRows, int sizeCols, int strideRows, int strideCols,
                              Padding padding) {
        Pooling2DConfig config = Pooling2DConfig.builder()
                .kH(sizeRows).kW(sizeCols)
                .sH(strideRows).sW(strideCols)
                .dH(1).dW(1)
                .paddingMode(mode(padding))
                .isNHWC(true)
                .build();
        return sd.cnn().maxPooling2d(name, in, config);
    }

    /**
     * Keras {@code UpSampling2D((rows, cols))}, nearest neighbour, on NHWC input: every row repeated
     * {@code rows} times and every column {@code cols} times.
     */
    public SDVariable upsample(String name, SDVariable in, int rows, int cols) {
        if (upsampling == Upsampling.NHWC_DIRECT) {
            return sd.cnn().upsampling2d(name, in, rows, cols, false);
        }
        // ND4J 1.0.0-M2.1's NHWC upsampling2d has a wrong gradient (relative error 0.87 against finite
        // differences). The NCHW form is exact, so it runs between two permutes.
        SDVariable nchw = sd.permute(name + "/nchw", in, 0, 3, 1, 2);
        SDVariable up = sd.cnn().upsampling2d(name + "/up", nchw, rows, cols, true);
        return sd.permute(name, up, 0, 2, 3, 1);
    }

    /** Keras {@code Flatten()}: each sample to a vector of its {@code elements}, row-major (NHWC order). */
    public SDVariable flatten(String name, SDVariable in, long elements) {
        return sd.reshape(name, in, -1, elements);
    }

    /** Keras {@code Reshape(dims)}: each sample's elements, row-major, in shape {@code dims}. */
    public SDVariable reshape(String name, SDVariable in, long... dims) {
        return sd.reshape(name, in, batchOf(dims));
    }

    /**
     * Keras {@code Add()(ins)}: the elementwise sum of two or more values of one shape, added left to
     * right ({@code <name>/sum_1}, ...), the last sum named {@code name}.
     */
    public SDVariable add(String name, SDVariable... ins) {
        if (ins.length < 2) {
            throw new IllegalArgumentException(name + ": add merges at least two values, got " + ins.length);
        }
        SDVariable sum = ins[0];
        for (int i = 1; i < ins.length; i++) {
            sum = sd.math().add(i == ins.length - 1 ? name : name + "/sum_" + i, sum, ins[i]);
        }
        return sum;
    }

    /**
     * Keras {@code Concatenate(axis)(ins)}: two or more values joined along {@code axis}, numbered as
     * Keras numbers it on NHWC data: the batch is 0, a negative axis counts from the end (-1 is an
     * image's channels). ND4J's concat numbers the batched shape the same way, negative axes included
     * (the shapes of values inside a graph are not known before it runs, so none is resolved here).
     */
    public SDVariable concat(String name, int axis, SDVariable... ins) {
        if (ins.length < 2) {
            throw new IllegalArgumentException(name + ": concat merges at least two values, got " + ins.length);
        }
        if (axis == 0) {
            throw new IllegalArgumentException(name + ": axis 0 is the batch");
        }
        return sd.concat(name, axis, ins);
    }

    /** Keras {@code Activation(activation)} (and {@code LeakyReLU}, {@code ELU}): the function alone. */
    public SDVariable activation(String name, SDVariable in, Activation activation) {
        return activate(name, in, activation);
    }

    /**
     * The variational autoencoder's latent layer, as Keras's {@code z_mean} and {@code z_log_var} Dense
     * layers with the sampling layer: z = mean + exp(log_var / 2) * eps, the reparameterisation trick,
     * with eps fed through the placeholder {@value #NOISE} [n, units], while the {@value #TRAINING}
     * flag is on; at inference z is the mean, whatever is fed (zeros, as every caller feeds). It also
     * makes {@value #KL}, the KL divergence of N(mean, exp(log_var)) from N(0, 1):
     * -0.5 * sum(1 + log_var - mean^2 - exp(log_var)) per sample, averaged over the batch, which
     * {@link #loss} adds to the loss {@code beta} times. A graph holds at most one.
     */
    public SDVariable gaussian(String name, SDVariable in, int inputs, int units, double beta) {
        if (latent.isPresent()) {
            throw new IllegalStateException("a graph holds one gaussian layer; " + name + " would be the second");
        }
        SDVariable noise = sd.placeHolder(NOISE, type, -1, units);
        SDVariable meanKernel = glorotUniform(name + "/mean_kernel", inputs, units, inputs, units);
        SDVariable meanBias = zeros(name + "/mean_bias", units);
        SDVariable logVarKernel = glorotUniform(name + "/log_var_kernel", inputs, units, inputs, units);
        SDVariable logVarBias = zeros(name + "/log_var_bias", units);
        SDVariable mean = sd.math().add(name + "/mean", sd.mmul(name + "/mean_matmul", in, meanKernel), meanBias);
        SDVariable logVar = sd.math().add(name + "/log_var", sd.mmul(name + "/log_var_matmul", in, logVarKernel),
                logVarBias);
        SDVariable std = sd.math().exp(name + "/std", logVar.mul(name + "/half_log_var", 0.5));
        // On the training flag t, as dropout: the sample while training, the mean at inference whatever is fed.
        SDVariable scaled = std.mul(name + "/scaled_noise", noise);
        SDVariable z = sd.math().add(name, mean, training().mul(name + "/training_noise", scaled));
        SDVariable terms = logVar.add(name + "/kl_1", 1.0)
                .sub(name + "/kl_2", sd.math().square(name + "/mean_squared", mean))
                .sub(name + "/kl_3", sd.math().exp(name + "/var", logVar));
        terms.sum(name + "/kl_sum", 1).mul(name + "/kl_per_sample", -0.5).mean(KL, 0);
        latent = Optional.of(new Latent(NOISE, units, mean.name(), logVar.name(), beta));
        return z;
    }

    /**
     * Keras {@code Dropout(rate)}: while training, each value times floor(u + 1 - rate) / (1 - rate)
     * with u ~ U[0, 1) (0 with probability rate, else 1 / (1 - rate)); at inference the identity.
     * Built from elementwise ops on the {@value #TRAINING} flag t: in * (t * mask + 1 - t). The u are
     * the constant {@code <name>/draws}, set per training step by the caller (see {@link #setDraws}).
     */
    public SDVariable dropout(String name, SDVariable in, double rate) {
        SDVariable t = training();
        SDVariable u = draws(name);
        SDVariable mask = sd.math().floor(name + "/kept", u.add(name + "/shifted", 1.0 - rate))
                .div(name + "/mask", 1.0 - rate);
        SDVariable factor = t.mul(name + "/training_mask", mask).add(name + "/factor", t.rsub(name + "/inference", 1.0));
        return sd.math().mul(name, in, factor);
    }

    /**
     * Keras {@code GaussianNoise(stddev)}: while training, each value plus stddev * e with e ~ N(0, 1);
     * at inference the identity: in + t * stddev * e on the {@value #TRAINING} flag t, the e being the
     * constant {@code <name>/draws}, set per training step by the caller (see {@link #setDraws}).
     */
    public SDVariable gaussianNoise(String name, SDVariable in, double stddev) {
        SDVariable t = training();
        SDVariable noise = draws(name).mul(name + "/scaled_draws", stddev);
        return sd.math().add(name, in, t.mul(name + "/noise", noise));
    }

    /**
     * Keras's L1 activity regularizer on the layer output {@code out} [n, units], after its activation:
     * {@code <name>/activity_l1} = l1 * sum(|out|) / n, the sum over the whole batch divided by the
     * batch size as Keras's base layer makes the term independent of the batch. {@link #loss} adds it.
     */
    private SDVariable activityL1(String name, SDVariable out, double l1) {
        if (!(l1 > 0)) {
            throw new IllegalArgumentException(name + ": an activity penalty of " + l1 + " is not positive");
        }
        SDVariable perSample = sd.math().abs(name + "/activity_abs", out).sum(name + "/activity_sum", 1);
        penalties.add(perSample.mean(name + "/activity_mean", 0).mul(name + ACTIVITY_L1, l1));
        return out;
    }

    /**
     * Keras {@code BatchNormalization(axis=-1, momentum, epsilon)} over the last axis of {@code in},
     * its {@code channels}: gamma (x - mean) / sqrt(variance + epsilon) + beta. While training the
     * mean and the biased variance are the batch's, over every other axis ({@code <name>/batch_mean},
     * {@code <name>/batch_variance}); at inference they are the moving statistics. Built from
     * elementwise ops and reductions on the {@value #TRAINING} flag t, mean = t * batch + (1 - t) *
     * moving, because SameDiff cannot differentiate its own batch-norm op in training mode. gamma
     * (ones) and beta (zeros) are parameters; the moving mean (zeros) and variance (ones) are
     * constants, out of every optimizer's reach, that the trainer moves after each step
     * ({@link #updateMovingStatistics}).
     */
    public SDVariable batchNorm(String name, SDVariable in, int channels, double momentum, double epsilon) {
        SDVariable gamma = param(name + "/gamma", Nd4j.ones(type, channels));
        SDVariable beta = zeros(name + "/beta", channels);
        SDVariable movingMean = nonTrainable(name + MOVING_MEAN, Nd4j.zeros(type, channels));
        SDVariable movingVariance = nonTrainable(name + MOVING_VARIANCE, Nd4j.ones(type, channels));
        // In double whatever the graph's type: it is read by the update rule, never by an op.
        sd.constant(name + MOMENTUM, Nd4j.scalar(DataType.DOUBLE, momentum));
        // Every axis but the last is one axis of values per channel, whatever the input's rank.
        SDVariable values = sd.reshape(name + "/per_channel", in, -1, channels);
        SDVariable batchMean = values.mean(name + BATCH_MEAN, 0);
        SDVariable batchVariance = sd.math().square(name + "/squared_deviation", values.sub(name + "/deviation",
                batchMean)).mean(name + BATCH_VARIANCE, 0);
        SDVariable t = training();
        SDVariable notT = t.rsub(name + "/not_training", 1.0);
        SDVariable mean = t.mul(name + "/training_mean", batchMean)
                .add(name + "/mean", notT.mul(name + "/inference_mean", movingMean));
        SDVariable variance = t.mul(name + "/training_variance", batchVariance)
                .add(name + "/variance", notT.mul(name + "/inference_variance", movingVariance));
        SDVariable scale = sd.math().rsqrt(name + "/inverse_deviation", variance.add(name + "/variance_epsilon",
                epsilon)).mul(name + "/scale", gamma);
        return in.sub(name + "/centred", mean).mul(name + "/scaled", scale).add(name, beta);
    }

    /**
     * Whether the graph's variable {@code name} is a batch normalisation's moving statistic: a
     * constant that is part of the trained model, saved and loaded with the weights.
     */
    public static boolean isMovingStatistic(String name) {
        return name.endsWith(MOVING_MEAN) || name.endsWith(MOVING_VARIANCE);
    }

    /**
     * Moves layer {@code layer}'s moving statistics towards a training step's batch statistics, as
     * Keras's {@code _assign_moving_average}: moving = momentum * moving + (1 - momentum) * batch,
     * the batch variance times {@code varianceCorrection} (n/(n-1) where Keras's fused path applies
     * Bessel's correction, else 1). Computed in double per channel and stored in the graph's type, in
     * place, so the arrays bound to the constants stay bound.
     */
    public static void updateMovingStatistics(SameDiff sd, String layer, INDArray batchMean, INDArray batchVariance,
                                              double varianceCorrection) {
        double momentum = sd.getVariable(layer + MOMENTUM).getArr().getDouble(0);
        INDArray mean = sd.getVariable(layer + MOVING_MEAN).getArr();
        INDArray variance = sd.getVariable(layer + MOVING_VARIANCE).getArr();
        for (long k = 0; k < mean.length(); k++) {
            mean.putScalar(k, momentum * mean.getDouble(k) + (1 - momentum) * batchMean.getDouble(k));
            variance.putScalar(k, momentum * variance.getDouble(k)
                    + (1 - momentum) * varianceCorrection * batchVariance.getDouble(k));
        }
    }

    /**
     * The flag {@value #TRAINING}, made by the first layer that needs it. It is a constant 0, not a
     * placeholder, so that every caller that knows nothing of modes (evaluation, generated classes
     * serving a model, SameDiff's training loop, whose feature mapping cannot feed a scalar) runs
     * inference; a training step sets it to 1 with {@link #setTraining} and back to 0 after.
     */
    private SDVariable training() {
        if (training.isEmpty()) {
            training = Optional.of(sd.constant(TRAINING, Nd4j.scalar(type, 0.0)));
        }
        return training.get();
    }

    /**
     * A layer's random draws, a constant that is a scalar 0 as built and saved (it broadcasts over any
     * batch at inference, where the flag cancels it). SameDiff's own random ops are not used: in
     * ND4J 1.0.0-M2.1 they ignore {@code Nd4j.getRandom()}'s seed and draw the same values on every
     * call, and a gradient and a loss drawn apart would not match; fed draws repeat exactly from the
     * run's seed and equal the fast executor's.
     */
    private SDVariable draws(String name) {
        return sd.constant(name + DRAWS, Nd4j.scalar(type, 0.0));
    }

    /** Whether {@code sd} has layers that compute something else while training (it has the flag). */
    public static boolean hasTrainingMode(SameDiff sd) {
        return sd.hasVariable(TRAINING);
    }

    /**
     * Sets the graph's {@value #TRAINING} flag (a no-op on a graph without one): training on, dropout
     * drops and noise is added, on the draws {@link #setDraws} gave; off, the layers are the identity.
     */
    public static void setTraining(SameDiff sd, boolean on) {
        if (hasTrainingMode(sd)) {
            // In place: the same array stays bound to the constant, whatever SameDiff's sessions hold.
            sd.getVariable(TRAINING).getArr().assign(on ? 1.0 : 0.0);
        }
    }

    /**
     * Sets layer {@code layer}'s draws for the next training step: U[0, 1) for dropout, N(0, 1) for
     * gaussian noise, shaped as the layer's input.
     */
    public static void setDraws(SameDiff sd, String layer, INDArray values) {
        SDVariable draws = sd.getVariable(layer + DRAWS);
        sd.associateArrayWithVariable(values.castTo(draws.dataType()), draws);
    }

    /** Puts back layer {@code layer}'s scalar 0 draws, as built and saved, which fit any batch. */
    public static void clearDraws(SameDiff sd, String layer) {
        SDVariable draws = sd.getVariable(layer + DRAWS);
        sd.associateArrayWithVariable(Nd4j.scalar(draws.dataType(), 0.0), draws);
    }

    // The loss.

    /**
     * The scalar loss {@value #LOSS} of {@code output} against {@code target}, as Keras computes
     * {@code loss} with {@code reduction}, and the graph's loss variable. Binary cross-entropy on a
     * sigmoid output and categorical cross-entropy on a softmax output read the activation's input, as
     * Keras's {@code from_logits=True} (stable); the output stays the activation's value. With a
     * gaussian layer or activity penalties the reconstruction loss is {@value #RECONSTRUCTION}, and the
     * loss adds the KL term {@code beta} times and then each penalty, as Keras adds its layers' losses.
     */
    public TrainingLoss loss(Loss loss, Reduction reduction, SDVariable target, SDVariable output) {
        // `sum` is the per-element mean times the elements of a sample: the per-sample sum averaged over
        // the batch.
        double scale = switch (reduction) {
            case MEAN -> 1;
            case SUM -> elementsPerSample(target);
        };
        Optional<SDVariable> logits = logitsFor(loss, output);
        List<SDVariable> terms = new ArrayList<>();
        latent.ifPresent(l -> terms.add(sd.getVariable(KL).mul("kl_weighted", l.beta())));
        terms.addAll(penalties);
        String name = terms.isEmpty() ? LOSS : RECONSTRUCTION;
        SDVariable value = logits.isPresent()
                ? onLogits(loss, name, target, logits.get(), scale)
                : onValues(loss, name, target, output, scale);
        for (int i = 0; i < terms.size(); i++) {
            value = value.add(i == terms.size() - 1 ? LOSS : "loss_" + (i + 1), terms.get(i));
        }
        sd.setLossVariables(LOSS);
        return new TrainingLoss(value, logits.orElse(output), logits.isPresent(), scale);
    }

    /** The logits `loss` reads in place of `output`: the input of the sigmoid or softmax that made it. */
    private Optional<SDVariable> logitsFor(Loss loss, SDVariable output) {
        Optional<Activation.Kind> folded = switch (loss) {
            case BINARY_CROSSENTROPY -> Optional.of(Activation.Kind.SIGMOID);
            case CATEGORICAL_CROSSENTROPY -> Optional.of(Activation.Kind.SOFTMAX);
            case MSE, MAE -> Optional.empty();
        };
        Applied applied = activations.get(output.name());
        return applied != null && folded.isPresent() && applied.kind() == folded.get()
                ? Optional.of(applied.in()) : Optional.empty();
    }

    private SDVariable onLogits(Loss loss, String name, SDVariable target, SDVariable logits, double scale) {
        // ND4J's loss ops ignore the gradient flowing into them (their backward pass assumes they are the
        // loss), so a product after the op would scale the value but not the gradient. The scale is the
        // op's weight instead (the runtime's GradientCheckTest fails with the product).
        SDVariable weights = scale == 1 ? null : sd.constant(name + "_weight", Nd4j.scalar(type, scale));
        return switch (loss) {
            case BINARY_CROSSENTROPY -> sd.loss().sigmoidCrossEntropy(name, target, logits, weights,
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            // Per sample -sum(target * log softmax(logits)), then the mean over the samples.
            case CATEGORICAL_CROSSENTROPY -> sd.loss().softmaxCrossEntropy(name, target, logits, weights,
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            case MSE, MAE -> throw new IllegalArgumentException(loss + " never reads logits");
        };
    }

    private SDVariable onValues(Loss loss, String name, SDVariable target, SDVariable output, double scale) {
        String meanName = scale == 1 ? name : name + "_mean";
        SDVariable mean = switch (loss) {
            case BINARY_CROSSENTROPY -> {
                // Keras's binary cross-entropy on probabilities: clipped to [eps, 1 - eps], eps = 1e-7.
                SDVariable p = sd.math().clipByValue(output, 1e-7, 1 - 1e-7);
                SDVariable ones = sd.onesLike(p);
                SDVariable perElement = target.mul(sd.math().log(p))
                        .add(ones.sub(target).mul(sd.math().log(ones.sub(p))));
                yield sd.math().neg(meanName, perElement.mean());
            }
            case CATEGORICAL_CROSSENTROPY -> {
                // Keras's categorical cross-entropy on probabilities: rescaled to sum to 1, clipped.
                SDVariable p = sd.math().clipByValue(output.div(output.sum(true, -1)), 1e-7, 1 - 1e-7);
                yield sd.math().neg(meanName, target.mul(sd.math().log(p)).sum(-1).mean());
            }
            case MSE -> sd.identity(meanName, sd.math().square(output.sub(target)).mean());
            case MAE -> sd.identity(meanName, sd.math().abs(output.sub(target)).mean());
        };
        return scale == 1 ? mean : mean.mul(name, scale);
    }

    private static long elementsPerSample(SDVariable target) {
        long[] shape = target.getShape();
        if (shape == null) {
            throw new IllegalArgumentException(target.name() + " has no known shape");
        }
        return Arrays.stream(shape, 1, shape.length).reduce(1, (a, b) -> a * b);
    }

    // Activations.

    /** Applies `activation` to `z`; its op gives the layer's output its name. */
    private SDVariable activate(String name, SDVariable z, Activation activation) {
        double alpha = activation.alpha();
        SDVariable out = switch (activation.kind()) {
            case LINEAR -> sd.identity(name, z);
            case RELU -> sd.nn().relu(name, z, 0);
            case SIGMOID -> sd.nn().sigmoid(name, z);
            case TANH -> sd.math().tanh(name, z);
            case SOFTMAX -> sd.nn().softmax(name, z, -1);
            case LEAKY_RELU -> sd.nn().leakyRelu(name, z, alpha);
            // SameDiff's elu has alpha 1; another alpha is written out: x for x > 0, alpha * (exp(x) - 1) otherwise.
            case ELU -> alpha == 1.0 ? sd.nn().elu(name, z)
                    : sd.math().add(name, sd.nn().relu(z, 0),
                            sd.math().exp(sd.math().min(z, sd.zerosLike(z))).sub(1.0).mul(alpha));
        };
        activations.put(out.name(), new Applied(activation.kind(), z));
        return out;
    }

    // Parameters.

    /** Keras's fans for a [kh, kw, filters, channels] kernel: kh*kw*filters in, kh*kw*channels out. */
    private SDVariable transposedKernel(String name, int channels, int filters, int kernelRows, int kernelCols) {
        return glorotUniform(name + "/kernel", (long) kernelRows * kernelCols * filters,
                (long) kernelRows * kernelCols * channels, kernelRows, kernelCols, filters, channels);
    }

    /**
     * The transposed convolution without bias. libnd4j's deconv2d takes the kernel in Keras's order;
     * with {@code valid} padding and a kernel smaller than the stride it gives (in-1)*stride + kernel
     * rows where Keras gives in*stride, the rows no input reaches (zero before the bias): they are
     * padded back at the end.
     */
    private SDVariable transposed(String name, SDVariable in, SDVariable kernel, int kernelRows, int kernelCols,
                                  int strideRows, int strideCols, Padding padding) {
        SDVariable product = deconvolution(name, in, kernel, kernelRows, kernelCols, strideRows, strideCols, padding);
        int missingRows = padding == Padding.VALID ? Math.max(strideRows - kernelRows, 0) : 0;
        int missingCols = padding == Padding.VALID ? Math.max(strideCols - kernelCols, 0) : 0;
        if (missingRows == 0 && missingCols == 0) {
            return product;
        }
        SDVariable paddings = sd.constant(name + "/missing", Nd4j.createFromArray(new int[][] {
                {0, 0}, {0, missingRows}, {0, missingCols}, {0, 0}}));
        return sd.nn().pad(name + "/padded", product, paddings, 0.0);
    }

    /**
     * The transposed convolution with an output padding, without bias: libnd4j's {@code valid} deconv2d
     * gives every position an input reaches, (in - 1) * stride + kernel rows. Keras's output is that
     * window as TensorFlow places it: with {@code same}, 2 * (kernel / 2) - extra rows are cut, the
     * smaller half at the top (TensorFlow's padding of the convolution this is the gradient of); rows
     * past the end that no input reaches (with {@code valid}, the extra ones) are zeros.
     */
    private SDVariable transposedPadded(String name, SDVariable in, SDVariable kernel, int kernelRows,
                                        int kernelCols, int strideRows, int strideCols, Padding padding,
                                        int extraRows, int extraCols) {
        if (extraRows < 0 || extraRows >= strideRows || extraCols < 0 || extraCols >= strideCols) {
            throw new IllegalArgumentException(name + ": an output padding of " + extraRows + "x" + extraCols
                    + " is not below the stride " + strideRows + "x" + strideCols);
        }
        SDVariable full = deconvolution(name, in, kernel, kernelRows, kernelCols, strideRows, strideCols,
                Padding.VALID);
        int cutRows = padding == Padding.SAME ? 2 * (kernelRows / 2) - extraRows : -extraRows;
        int cutCols = padding == Padding.SAME ? 2 * (kernelCols / 2) - extraCols : -extraCols;
        int top = Math.max(cutRows, 0) / 2;
        int left = Math.max(cutCols, 0) / 2;
        int bottom = Math.max(cutRows, 0) - top;
        int right = Math.max(cutCols, 0) - left;
        SDVariable kept = full;
        if (cutRows > 0 || cutCols > 0) {
            // The batch and channel axes whole (mask bits 0 and 3); an end of 0 on a cut-free axis is masked too.
            int endMask = 1 | 8 | (bottom == 0 ? 2 : 0) | (right == 0 ? 4 : 0);
            kept = sd.stridedSlice(name + "/cut", full, new long[] {0, top, left, 0},
                    new long[] {0, -bottom, -right, 0}, new long[] {1, 1, 1, 1}, 1 | 8, endMask, 0, 0, 0);
        }
        int padRows = Math.max(-cutRows, 0);
        int padCols = Math.max(-cutCols, 0);
        if (padRows == 0 && padCols == 0) {
            return kept;
        }
        SDVariable paddings = sd.constant(name + "/unreached", Nd4j.createFromArray(new int[][] {
                {0, 0}, {0, padRows}, {0, padCols}, {0, 0}}));
        return sd.nn().pad(name + "/padded", kept, paddings, 0.0);
    }

    /** libnd4j's deconv2d, {@code <name>/product}: the kernel in Keras's order, NHWC, no dilation. */
    private SDVariable deconvolution(String name, SDVariable in, SDVariable kernel, int kernelRows, int kernelCols,
                                     int strideRows, int strideCols, Padding padding) {
        DeConv2DConfig config = DeConv2DConfig.builder()
                .kH(kernelRows).kW(kernelCols)
                .sH(strideRows).sW(strideCols)
                .pH(0).pW(0)
                .dH(1).dW(1)
                .isSameMode(padding == Padding.SAME)
                .dataFormat(DeConv2DConfig.NHWC)
                .build();
        return sd.cnn().deconv2d(name + "/product", in, kernel, config);
    }

    private SDVariable convolutionKernel(String name, int channels, int filters, int kernelRows, int kernelCols) {
        return glorotUniform(name + "/kernel", (long) kernelRows * kernelCols * channels,
                (long) kernelRows * kernelCols * filters, kernelRows, kernelCols, channels, filters);
    }

    /**
     * Keras's Glorot-uniform initialiser: uniform in [-limit, limit], limit = sqrt(6 / (fanIn + fanOut)),
     * drawn in float32 from the graph's one random stream in row-major order.
     */
    private SDVariable glorotUniform(String name, long fanIn, long fanOut, long... shape) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        INDArray array = Nd4j.create(values, shape, 'c');
        return param(name, type == DataType.FLOAT ? array : array.castTo(type));
    }

    private SDVariable zeros(String name, long... shape) {
        return param(name, Nd4j.zeros(type, shape));
    }

    private SDVariable param(String name, INDArray value) {
        paramNames.add(name);
        return sd.var(name, value);
    }

    private SDVariable nonTrainable(String name, INDArray value) {
        nonTrainableNames.add(name);
        return sd.constant(name, value);
    }

    private static Conv2DConfig convolution(int kernelRows, int kernelCols, int strideRows, int strideCols,
                                            Padding padding) {
        return Conv2DConfig.builder()
                .kH(kernelRows).kW(kernelCols)
                .sH(strideRows).sW(strideCols)
                .dH(1).dW(1)
                .paddingMode(mode(padding))
                .dataFormat("NHWC")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
    }

    private static PaddingMode mode(Padding padding) {
        return switch (padding) {
            case SAME -> PaddingMode.SAME;
            case VALID -> PaddingMode.VALID;
        };
    }

    private static long[] batchOf(long[] dims) {
        long[] shape = new long[dims.length + 1];
        shape[0] = -1;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return shape;
    }
}
