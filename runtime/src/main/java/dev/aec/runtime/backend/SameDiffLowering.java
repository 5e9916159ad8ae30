package dev.aec.runtime.backend;

import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.ir.Param;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lowers a {@link Graph} to one SameDiff graph, layout NHWC as Keras, float32. Every ND4J default
 * is spelt out: data format, padding mode, weight layout, initialiser.
 */
public final class SameDiffLowering {
    /**
     * How upsampling is lowered. Only {@link #NCHW_PERMUTED} is correct; {@link #NHWC_DIRECT} is
     * the op with ND4J 1.0.0-M2.1's wrong gradient, kept so a test can show the check catches it.
     */
    enum Upsampling {
        NCHW_PERMUTED,
        NHWC_DIRECT
    }

    private final SameDiff sd = SameDiff.create();
    private final Graph graph;
    private final SplittableRandom random;
    private final DataType type;
    private final Upsampling upsampling;
    private final List<String> paramNames = new ArrayList<>();

    private SameDiffLowering(Graph graph, long seed, DataType type, Upsampling upsampling) {
        this.graph = graph;
        this.random = new SplittableRandom(seed);
        this.type = type;
        this.upsampling = upsampling;
    }

    /** The graph with weights drawn from `seed` (Glorot-uniform kernels, zero biases, as Keras), float32. */
    public static CompiledModel lower(Graph graph, Loss loss, long seed) {
        return lower(graph, loss, seed, DataType.FLOAT, Upsampling.NCHW_PERMUTED);
    }

    /** As {@link #lower(Graph, Loss, long)} in another precision (double for gradient checks). */
    public static CompiledModel lower(Graph graph, Loss loss, long seed, DataType type) {
        return lower(graph, loss, seed, type, Upsampling.NCHW_PERMUTED);
    }

    static CompiledModel lower(Graph graph, Loss loss, long seed, DataType type, Upsampling upsampling) {
        Nd4jEnvironment.init();
        return new SameDiffLowering(graph, seed, type, upsampling).build(loss);
    }

    private CompiledModel build(Loss loss) {
        SDVariable input = sd.placeHolder(CompiledModel.INPUT, type, batchShape(graph.input()));
        SDVariable target = sd.placeHolder(CompiledModel.TARGET, type, batchShape(graph.output()));
        Map<Integer, SDVariable> values = new HashMap<>();
        // With binary cross-entropy on a sigmoid output, or categorical cross-entropy on a softmax, the
        // loss reads the logits (stable, as Keras's from_logits), and the output is their activation.
        Optional<ActivationKind> folded = foldedActivation(loss);
        Optional<Integer> foldedOutput = folded.isPresent() ? outputNodeEndingIn(folded.get()) : Optional.empty();
        SDVariable logits = null;
        for (IrNode node : graph.nodes()) {
            SDVariable in = node.input() == IrNode.GRAPH_INPUT ? input : values.get(node.input());
            Map<String, SDVariable> params = new HashMap<>();
            for (Param p : node.params()) {
                params.put(p.name().substring(p.name().lastIndexOf('/') + 1), variable(p));
            }
            boolean splitLogits = foldedOutput.isPresent() && foldedOutput.get() == node.id();
            LayerLowering lowering = new LayerLowering(node, in, params, splitLogits ? folded : Optional.empty());
            SDVariable out = node.layer().accept(lowering);
            if (splitLogits) {
                logits = lowering.logits;
            }
            values.put(node.id(), out);
        }
        SDVariable result = graph.outputNode() == IrNode.GRAPH_INPUT ? input : values.get(graph.outputNode());
        sd.identity(CompiledModel.OUTPUT, result);
        lossOf(sd, loss, target, result, Optional.ofNullable(logits));
        sd.setLossVariables(CompiledModel.LOSS);
        return new CompiledModel(sd, graph, paramNames, (logits != null ? logits : result).name(), logits != null);
    }

    private static void lossOf(SameDiff sd, Loss loss, SDVariable target, SDVariable output,
                               Optional<SDVariable> logits) {
        switch (loss) {
            case BINARY_CROSSENTROPY -> {
                if (logits.isPresent()) {
                    sd.loss().sigmoidCrossEntropy(CompiledModel.LOSS, target, logits.get(), null,
                            LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
                } else {
                    // Keras's binary cross-entropy on probabilities: clipped to [eps, 1 - eps], eps = 1e-7.
                    SDVariable p = sd.math().clipByValue(output, 1e-7, 1 - 1e-7);
                    SDVariable ones = sd.onesLike(p);
                    SDVariable perElement = target.mul(sd.math().log(p))
                            .add(ones.sub(target).mul(sd.math().log(ones.sub(p))));
                    sd.math().neg(CompiledModel.LOSS, perElement.mean());
                }
            }
            case CATEGORICAL_CROSSENTROPY -> {
                if (logits.isPresent()) {
                    // Per sample -sum(target * log softmax(logits)), then the mean over the samples.
                    sd.loss().softmaxCrossEntropy(CompiledModel.LOSS, target, logits.get(), null,
                            LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
                } else {
                    // Keras's categorical cross-entropy on probabilities: rescaled to sum to 1, clipped.
                    SDVariable p = sd.math().clipByValue(output.div(output.sum(true, -1)), 1e-7, 1 - 1e-7);
                    sd.math().neg(CompiledModel.LOSS, target.mul(sd.math().log(p)).sum(-1).mean());
                }
            }
            case MSE -> sd.identity(CompiledModel.LOSS, sd.math().square(output.sub(target)).mean());
            case MAE -> sd.identity(CompiledModel.LOSS, sd.math().abs(output.sub(target)).mean());
        }
    }

    /** The output activation a loss can fold into itself, computing on the logits. */
    static Optional<ActivationKind> foldedActivation(Loss loss) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> Optional.of(ActivationKind.SIGMOID);
            case CATEGORICAL_CROSSENTROPY -> Optional.of(ActivationKind.SOFTMAX);
            case MSE, MAE -> Optional.empty();
        };
    }

    /** The output node when it ends in activation `kind`. */
    private Optional<Integer> outputNodeEndingIn(ActivationKind kind) {
        if (graph.outputNode() == IrNode.GRAPH_INPUT) {
            return Optional.empty();
        }
        Layer last = graph.nodes().get(graph.outputNode()).layer();
        boolean ends = last.appliedActivation().map(a -> a.kind() == kind).orElse(false);
        return ends ? Optional.of(graph.outputNode()) : Optional.empty();
    }

    private SDVariable variable(Param p) {
        long[] shape = p.shape().dims().stream().mapToLong(Integer::longValue).toArray();
        float[] values = new float[(int) p.shape().elements()];
        if (p.init() instanceof Param.Init.GlorotUniform g) {
            double limit = g.limit();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        INDArray array = Nd4j.create(values, shape, 'c').castTo(type);
        paramNames.add(p.name());
        return sd.var(p.name(), array);
    }

    private static long[] batchShape(Shape shape) {
        long[] dims = new long[shape.rank() + 1];
        dims[0] = -1;
        for (int i = 0; i < shape.rank(); i++) {
            dims[i + 1] = shape.dim(i);
        }
        return dims;
    }

    /** Lowers one layer; for an output whose activation the loss folds in, it also keeps the logits. */
    private final class LayerLowering implements Layer.Visitor<SDVariable> {
        private final IrNode node;
        private final SDVariable in;
        private final Map<String, SDVariable> params;
        private final Optional<ActivationKind> splitLogits;
        SDVariable logits;

        LayerLowering(IrNode node, SDVariable in, Map<String, SDVariable> params,
                      Optional<ActivationKind> splitLogits) {
            this.node = node;
            this.in = in;
            this.params = params;
            this.splitLogits = splitLogits;
        }

        @Override
        public SDVariable dense(Layer.Dense l) {
            // Not sd.nn().linear: with the oneDNN backend in float32 it returns garbage on every
            // second call (ND4J 1.0.0-M2.1; pinned by Nd4jQuirksTest). A product plus a bias is exact.
            SDVariable product = sd.mmul(l.useBias() ? node.name() + "/matmul" : node.name() + "/linear", in,
                    params.get("kernel"));
            SDVariable z = l.useBias() ? sd.math().add(node.name() + "/linear", product, params.get("bias")) : product;
            return activation(z, l.activation());
        }

        @Override
        public SDVariable conv2d(Layer.Conv2d l) {
            Conv2DConfig config = Conv2DConfig.builder()
                    .kH(l.kernel().rows()).kW(l.kernel().cols())
                    .sH(l.stride().rows()).sW(l.stride().cols())
                    .dH(1).dW(1)
                    .paddingMode(mode(l.padding()))
                    .dataFormat("NHWC")
                    .weightsFormat(WeightsFormat.YXIO)
                    .build();
            SDVariable z = l.useBias()
                    ? sd.cnn().conv2d(node.name() + "/linear", in, params.get("kernel"), params.get("bias"), config)
                    : sd.cnn().conv2d(node.name() + "/linear", in, params.get("kernel"), config);
            return activation(z, l.activation());
        }

        @Override
        public SDVariable maxPool(Layer.MaxPool l) {
            Pooling2DConfig config = Pooling2DConfig.builder()
                    .kH(l.size().rows()).kW(l.size().cols())
                    .sH(l.stride().rows()).sW(l.stride().cols())
                    .dH(1).dW(1)
                    .paddingMode(mode(l.padding()))
                    .isNHWC(true)
                    .build();
            return sd.cnn().maxPooling2d(node.name(), in, config);
        }

        @Override
        public SDVariable upsample(Layer.Upsample l) {
            if (upsampling == Upsampling.NHWC_DIRECT) {
                return sd.cnn().upsampling2d(node.name(), in, l.size().rows(), l.size().cols(), false);
            }
            // ND4J 1.0.0-M2.1's NHWC upsampling2d has a wrong gradient (relative error 0.87 against
            // finite differences; see docs). The NCHW form is exact, so permute around it.
            SDVariable nchw = sd.permute(node.name() + "/nchw", in, 0, 3, 1, 2);
            SDVariable up = sd.cnn().upsampling2d(node.name() + "/up", nchw, l.size().rows(), l.size().cols(), true);
            return sd.permute(node.name(), up, 0, 2, 3, 1);
        }

        @Override
        public SDVariable flatten(Layer.Flatten l) {
            return sd.reshape(node.name(), in, -1, node.outShape().dim(0));
        }

        @Override
        public SDVariable reshape(Layer.Reshape l) {
            return sd.reshape(node.name(), in, batchShape(l.target()));
        }

        @Override
        public SDVariable activate(Layer.Activate l) {
            return activation(in, l.activation());
        }

        private SDVariable activation(SDVariable z, Activation a) {
            if (splitLogits.isPresent() && a.kind() == splitLogits.get()) {
                logits = z;
            }
            String name = node.name();
            return switch (a.kind()) {
                case LINEAR -> sd.identity(name, z);
                case RELU -> sd.nn().relu(name, z, 0);
                case SIGMOID -> sd.nn().sigmoid(name, z);
                case TANH -> sd.math().tanh(name, z);
                case SOFTMAX -> sd.nn().softmax(name, z, -1);
                case LEAKY_RELU -> sd.nn().leakyRelu(name, z, a.alpha());
                case ELU -> a.alpha() == 1.0 ? sd.nn().elu(name, z)
                        // ELU with another alpha: x for x > 0, alpha * (exp(x) - 1) otherwise.
                        : sd.math().add(name, sd.nn().relu(z, 0),
                                sd.math().exp(sd.math().min(z, sd.zerosLike(z))).sub(1.0).mul(a.alpha()));
            };
        }
    }

    private static PaddingMode mode(Padding padding) {
        return switch (padding) {
            case SAME -> PaddingMode.SAME;
            case VALID -> PaddingMode.VALID;
        };
    }
}
