package dev.aec.runtime.backend;

import dev.aec.compiler.layers.Activate;
import dev.aec.compiler.layers.Conv2d;
import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.layers.Flatten;
import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.layers.MaxPool;
import dev.aec.compiler.layers.Reshape;
import dev.aec.compiler.layers.Upsample;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.ir.Param;
import dev.aec.compiler.model.Weight;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.Reduction;
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
    private Optional<SDVariable> noise = Optional.empty();

    private SameDiffLowering(Graph graph, long seed, DataType type, Upsampling upsampling) {
        this.graph = graph;
        this.random = new SplittableRandom(seed);
        this.type = type;
        this.upsampling = upsampling;
    }

    /** The graph with weights drawn from `seed` (Glorot-uniform kernels, zero biases, as Keras), float32. */
    public static CompiledModel lower(Graph graph, Loss loss, long seed) {
        return lower(graph, loss, Reduction.MEAN, seed);
    }

    /** As {@link #lower(Graph, Loss, long)}, the loss reduced over each sample as `reduction` says. */
    public static CompiledModel lower(Graph graph, Loss loss, Reduction reduction, long seed) {
        return lower(graph, loss, reduction, seed, DataType.FLOAT, Upsampling.NCHW_PERMUTED);
    }

    /** As {@link #lower(Graph, Loss, long)} in another precision (double for gradient checks). */
    public static CompiledModel lower(Graph graph, Loss loss, long seed, DataType type) {
        return lower(graph, loss, seed, type, Upsampling.NCHW_PERMUTED);
    }

    /** As {@link #lower(Graph, Loss, Reduction, long)} in another precision (double for gradient checks). */
    public static CompiledModel lower(Graph graph, Loss loss, Reduction reduction, long seed, DataType type) {
        return lower(graph, loss, reduction, seed, type, Upsampling.NCHW_PERMUTED);
    }

    static CompiledModel lower(Graph graph, Loss loss, long seed, DataType type, Upsampling upsampling) {
        return lower(graph, loss, Reduction.MEAN, seed, type, upsampling);
    }

    static CompiledModel lower(Graph graph, Loss loss, Reduction reduction, long seed, DataType type,
                               Upsampling upsampling) {
        Nd4jEnvironment.init();
        return new SameDiffLowering(graph, seed, type, upsampling).build(loss, reduction);
    }

    private CompiledModel build(Loss loss, Reduction reduction) {
        SDVariable input = sd.placeHolder(CompiledModel.INPUT, type, graph.input().withBatch(-1));
        SDVariable target = sd.placeHolder(CompiledModel.TARGET, type, graph.output().withBatch(-1));
        Optional<IrNode> gaussian = graph.nodes().stream().filter(n -> n.layer() instanceof Gaussian).findFirst();
        noise = gaussian.map(n -> sd.placeHolder(CompiledModel.NOISE, type, -1,
                ((Gaussian) n.layer()).units()));
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
            SDVariable out = lowering.of(node.layer());
            if (splitLogits) {
                logits = lowering.logits;
            }
            values.put(node.id(), out);
        }
        SDVariable result = graph.outputNode() == IrNode.GRAPH_INPUT ? input : values.get(graph.outputNode());
        sd.identity(CompiledModel.OUTPUT, result);
        // `sum` is the per-element mean times the elements of a sample: the per-sample sum averaged over
        // the batch. With a gaussian layer the loss adds beta times the KL term, both parts keep names.
        double scale = reduction == Reduction.SUM ? graph.output().elements() : 1;
        boolean parts = gaussian.isPresent();
        SDVariable reconstruction = lossOf(loss, target, result, Optional.ofNullable(logits),
                parts ? CompiledModel.RECONSTRUCTION : CompiledModel.LOSS, scale);
        Optional<CompiledModel.Latent> latent = Optional.empty();
        if (parts) {
            Gaussian layer = (Gaussian) gaussian.get().layer();
            String name = gaussian.get().name();
            reconstruction.add(CompiledModel.LOSS, sd.getVariable(CompiledModel.KL).mul("kl_weighted", layer.beta()));
            latent = Optional.of(new CompiledModel.Latent(CompiledModel.NOISE, layer.units(), name + "/mean",
                    name + "/log_var", layer.beta()));
        }
        sd.setLossVariables(CompiledModel.LOSS);
        return new CompiledModel(sd, graph, paramNames, (logits != null ? logits : result).name(), logits != null,
                scale, latent);
    }

    /** The per-element mean of `loss` (per sample for categorical cross-entropy) times `scale`, named `name`. */
    private SDVariable lossOf(Loss loss, SDVariable target, SDVariable output, Optional<SDVariable> logits,
                              String name, double scale) {
        if (logits.isPresent()) {
            // ND4J's loss ops ignore the gradient flowing into them (their backward pass assumes they are
            // the loss), so a product after the op would scale the value but not the gradient. The
            // scale is the op's weight instead (GradientCheckTest fails with the product).
            SDVariable weights = scale == 1 ? null : sd.constant(name + "_weight", Nd4j.scalar(type, scale));
            if (loss == Loss.BINARY_CROSSENTROPY) {
                return sd.loss().sigmoidCrossEntropy(name, target, logits.get(), weights,
                        LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            }
            if (loss == Loss.CATEGORICAL_CROSSENTROPY) {
                // Per sample -sum(target * log softmax(logits)), then the mean over the samples.
                return sd.loss().softmaxCrossEntropy(name, target, logits.get(), weights,
                        LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            }
        }
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
        if (p.init() instanceof Weight.Init.GlorotUniform g) {
            double limit = g.limit();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        INDArray array = Nd4j.create(values, shape, 'c').castTo(type);
        paramNames.add(p.name());
        return sd.var(p.name(), array);
    }

    /** Lowers one layer; for an output whose activation the loss folds in, it also keeps the logits. */
    private final class LayerLowering {
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

        /** The lowering of `layer`; the lowering tests build a model with every kind, so none is missed. */
        SDVariable of(Layer layer) {
            if (layer instanceof Dense l) {
                return dense(l);
            } else if (layer instanceof Conv2d l) {
                return conv2d(l);
            } else if (layer instanceof MaxPool l) {
                return maxPool(l);
            } else if (layer instanceof Upsample l) {
                return upsample(l);
            } else if (layer instanceof Flatten l) {
                return flatten(l);
            } else if (layer instanceof Reshape l) {
                return reshape(l);
            } else if (layer instanceof Activate l) {
                return activate(l);
            } else if (layer instanceof Gaussian l) {
                return gaussian(l);
            }
            throw new IllegalStateException("no SameDiff lowering for `" + layer.kind() + "`");
        }

        private SDVariable dense(Dense l) {
            // Not sd.nn().linear: with the oneDNN backend in float32 it returns garbage on every
            // second call (ND4J 1.0.0-M2.1; pinned by Nd4jQuirksTest). A product plus a bias is exact.
            SDVariable product = sd.mmul(l.useBias() ? node.name() + "/matmul" : node.name() + "/linear", in,
                    params.get("kernel"));
            SDVariable z = l.useBias() ? sd.math().add(node.name() + "/linear", product, params.get("bias")) : product;
            return activation(z, l.activation());
        }

        private SDVariable conv2d(Conv2d l) {
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

        private SDVariable maxPool(MaxPool l) {
            Pooling2DConfig config = Pooling2DConfig.builder()
                    .kH(l.size().rows()).kW(l.size().cols())
                    .sH(l.stride().rows()).sW(l.stride().cols())
                    .dH(1).dW(1)
                    .paddingMode(mode(l.padding()))
                    .isNHWC(true)
                    .build();
            return sd.cnn().maxPooling2d(node.name(), in, config);
        }

        private SDVariable upsample(Upsample l) {
            if (upsampling == Upsampling.NHWC_DIRECT) {
                return sd.cnn().upsampling2d(node.name(), in, l.size().rows(), l.size().cols(), false);
            }
            // ND4J 1.0.0-M2.1's NHWC upsampling2d has a wrong gradient (relative error 0.87 against
            // finite differences; see docs). The NCHW form is exact, so permute around it.
            SDVariable nchw = sd.permute(node.name() + "/nchw", in, 0, 3, 1, 2);
            SDVariable up = sd.cnn().upsampling2d(node.name() + "/up", nchw, l.size().rows(), l.size().cols(), true);
            return sd.permute(node.name(), up, 0, 2, 3, 1);
        }

        private SDVariable flatten(Flatten l) {
            return sd.reshape(node.name(), in, -1, node.outShape().dim(0));
        }

        private SDVariable reshape(Reshape l) {
            return sd.reshape(node.name(), in, l.target().withBatch(-1));
        }

        private SDVariable activate(Activate l) {
            return activation(in, l.activation());
        }

        /**
         * The reparameterisation trick: z = mean + exp(log_var / 2) * eps, with eps fed through the
         * noise placeholder (zeros give the mean). The KL divergence of N(mean, exp(log_var)) from
         * N(0, 1), summed over the units and averaged over the batch, is the variable `kl`.
         */
        private SDVariable gaussian(Gaussian l) {
            String name = node.name();
            SDVariable mean = sd.math().add(name + "/mean",
                    sd.mmul(name + "/mean_matmul", in, params.get("mean_kernel")), params.get("mean_bias"));
            SDVariable logVar = sd.math().add(name + "/log_var",
                    sd.mmul(name + "/log_var_matmul", in, params.get("log_var_kernel")), params.get("log_var_bias"));
            SDVariable std = sd.math().exp(name + "/std", logVar.mul(name + "/half_log_var", 0.5));
            SDVariable z = sd.math().add(name, mean, std.mul(name + "/scaled_noise", noise.orElseThrow()));
            SDVariable terms = logVar.add(name + "/kl_1", 1.0)
                    .sub(name + "/kl_2", sd.math().square(name + "/mean_squared", mean))
                    .sub(name + "/kl_3", sd.math().exp(name + "/var", logVar));
            terms.sum(name + "/kl_sum", 1).mul(name + "/kl_per_sample", -0.5).mean(CompiledModel.KL, 0);
            return z;
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
