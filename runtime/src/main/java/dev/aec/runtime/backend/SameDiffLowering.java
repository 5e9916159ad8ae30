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
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;
import dev.aec.graph.Activation;
import dev.aec.graph.ModelGraph;
import dev.aec.graph.Padding;
import dev.aec.graph.TrainingLoss;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Lowers a {@link Graph} to one SameDiff graph through the graph library ({@link ModelGraph}), the
 * code the classes of `aec gen` call too: each IR node becomes one library call with its arguments.
 */
public final class SameDiffLowering {
    private SameDiffLowering() {
    }

    /** The graph with weights drawn from `seed` (Glorot-uniform kernels, zero biases, as Keras), float32. */
    public static CompiledModel lower(Graph graph, Loss loss, long seed) {
        return lower(graph, loss, Reduction.MEAN, seed);
    }

    /** As {@link #lower(Graph, Loss, long)}, the loss reduced over each sample as `reduction` says. */
    public static CompiledModel lower(Graph graph, Loss loss, Reduction reduction, long seed) {
        return lower(graph, loss, reduction, seed, DataType.FLOAT);
    }

    /** As {@link #lower(Graph, Loss, long)} in another precision (double for gradient checks). */
    public static CompiledModel lower(Graph graph, Loss loss, long seed, DataType type) {
        return lower(graph, loss, Reduction.MEAN, seed, type);
    }

    /** As {@link #lower(Graph, Loss, Reduction, long)} in another precision (double for gradient checks). */
    public static CompiledModel lower(Graph graph, Loss loss, Reduction reduction, long seed, DataType type) {
        return lower(graph, loss, reduction, () -> ModelGraph.create(seed, type));
    }

    /** Into the empty graph `empty` makes (a test passes one with ND4J's wrong upsampling). */
    static CompiledModel lower(Graph graph, Loss loss, Reduction reduction, Supplier<ModelGraph> empty) {
        Nd4jEnvironment.init();
        ModelGraph g = empty.get();
        SDVariable input = g.input(dims(graph.input().dims()));
        SDVariable target = g.target(dims(graph.output().dims()));
        Map<Integer, SDVariable> values = new HashMap<>();
        for (IrNode node : graph.nodes()) {
            SDVariable in = node.input() == IrNode.GRAPH_INPUT ? input : values.get(node.input());
            values.put(node.id(), new LayerCall(g, node, in).of(node.layer()));
        }
        SDVariable result = graph.outputNode() == IrNode.GRAPH_INPUT ? input : values.get(graph.outputNode());
        g.output(result);
        TrainingLoss trainingLoss = g.loss(loss(loss), reduction(reduction), target, result);
        checkParams(graph, g);
        SameDiff sd = g.sameDiff();
        return new CompiledModel(sd, graph, g.paramNames(), trainingLoss.input().name(), trainingLoss.fromLogits(),
                trainingLoss.scale(), g.latent().map(l -> new CompiledModel.Latent(l.noise(), l.units(), l.mean(),
                        l.logVar(), l.beta())));
    }

    /**
     * The library made the parameters the compiler counted, in its order: `aec check`'s parameter
     * table and the fast executor read the IR's list, training and saved runs the graph's.
     */
    private static void checkParams(Graph graph, ModelGraph g) {
        List<String> expected = graph.params().stream()
                .map(p -> p.name() + " " + Arrays.toString(dims(p.shape().dims()))).toList();
        List<String> made = g.paramNames().stream()
                .map(n -> n + " " + Arrays.toString(g.sameDiff().getVariable(n).getShape())).toList();
        if (!made.equals(expected)) {
            throw new IllegalStateException("the graph library made parameters " + made + " where the IR has "
                    + expected + ": a bug in aec");
        }
    }

    /** One library call per layer kind. */
    private record LayerCall(ModelGraph g, IrNode node, SDVariable in) {
        /** The call for `layer`; the lowering tests build a model with every kind, so none is missed. */
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
            int inputs = node.inShape().dim(0);
            return l.useBias()
                    ? g.dense(node.name(), in, inputs, l.units(), activation(l.activation()))
                    : g.denseNoBias(node.name(), in, inputs, l.units(), activation(l.activation()));
        }

        private SDVariable conv2d(Conv2d l) {
            int channels = node.inShape().channels();
            return l.useBias()
                    ? g.conv2d(node.name(), in, channels, l.filters(), l.kernel().rows(), l.kernel().cols(),
                            l.stride().rows(), l.stride().cols(), padding(l.padding()), activation(l.activation()))
                    : g.conv2dNoBias(node.name(), in, channels, l.filters(), l.kernel().rows(), l.kernel().cols(),
                            l.stride().rows(), l.stride().cols(), padding(l.padding()), activation(l.activation()));
        }

        private SDVariable maxPool(MaxPool l) {
            return g.maxPool(node.name(), in, l.size().rows(), l.size().cols(), l.stride().rows(), l.stride().cols(),
                    padding(l.padding()));
        }

        private SDVariable upsample(Upsample l) {
            return g.upsample(node.name(), in, l.size().rows(), l.size().cols());
        }

        private SDVariable flatten(Flatten l) {
            return g.flatten(node.name(), in, node.outShape().dim(0));
        }

        private SDVariable reshape(Reshape l) {
            return g.reshape(node.name(), in, dims(l.target().dims()));
        }

        private SDVariable activate(Activate l) {
            return g.activation(node.name(), in, activation(l.activation()));
        }

        private SDVariable gaussian(Gaussian l) {
            return g.gaussian(node.name(), in, node.inShape().dim(0), l.units(), l.beta());
        }
    }

    private static Activation activation(dev.aec.compiler.model.Activation a) {
        return switch (a.kind()) {
            case LINEAR -> Activation.linear();
            case RELU -> Activation.relu();
            case SIGMOID -> Activation.sigmoid();
            case TANH -> Activation.tanh();
            case SOFTMAX -> Activation.softmax();
            case LEAKY_RELU -> Activation.leakyRelu(a.alpha());
            case ELU -> Activation.elu(a.alpha());
        };
    }

    private static Padding padding(dev.aec.compiler.model.Padding padding) {
        return switch (padding) {
            case SAME -> Padding.SAME;
            case VALID -> Padding.VALID;
        };
    }

    private static dev.aec.graph.Loss loss(Loss loss) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> dev.aec.graph.Loss.BINARY_CROSSENTROPY;
            case MSE -> dev.aec.graph.Loss.MSE;
            case MAE -> dev.aec.graph.Loss.MAE;
            case CATEGORICAL_CROSSENTROPY -> dev.aec.graph.Loss.CATEGORICAL_CROSSENTROPY;
        };
    }

    private static dev.aec.graph.Reduction reduction(Reduction reduction) {
        return switch (reduction) {
            case MEAN -> dev.aec.graph.Reduction.MEAN;
            case SUM -> dev.aec.graph.Reduction.SUM;
        };
    }

    private static long[] dims(List<Integer> dims) {
        return dims.stream().mapToLong(Integer::longValue).toArray();
    }
}
