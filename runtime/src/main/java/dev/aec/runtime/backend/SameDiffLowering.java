package dev.aec.runtime.backend;

import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.Reduction;
import dev.aec.graph.Activation;
import dev.aec.graph.ModelGraph;
import dev.aec.graph.Padding;
import dev.aec.graph.TrainingLoss;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
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
            List<SDVariable> ins = node.inputs().stream().map(i -> i == IrNode.GRAPH_INPUT ? input : values.get(i))
                    .toList();
            values.put(node.id(), call(g, node, ins));
        }
        SDVariable result = graph.outputNode() == IrNode.GRAPH_INPUT ? input : values.get(graph.outputNode());
        g.output(result);
        TrainingLoss trainingLoss = g.loss(loss(loss), reduction(reduction), target, result);
        checkParams(graph, g);
        SameDiff sd = g.sameDiff();
        return new CompiledModel(sd, graph, g.paramNames(), g.nonTrainableNames(), loss, trainingLoss.input().name(),
                trainingLoss.fromLogits(), trainingLoss.scale(), g.latent().map(l -> new CompiledModel.Latent(l.noise(),
                        l.units(), l.mean(), l.logVar(), l.beta())), g.penaltyNames());
    }

    /**
     * The library made the parameters the compiler counted, in its order: `aec check`'s parameter
     * table and the fast executor read the IR's list, training and saved runs the graph's.
     */
    private static void checkParams(Graph graph, ModelGraph g) {
        checkParams(graph, g, true, g.paramNames());
        checkParams(graph, g, false, g.nonTrainableNames());
    }

    private static void checkParams(Graph graph, ModelGraph g, boolean trainable, List<String> names) {
        List<String> expected = graph.params().stream().filter(p -> p.trainable() == trainable)
                .map(p -> p.name() + " " + Arrays.toString(dims(p.shape().dims()))).toList();
        List<String> made = names.stream()
                .map(n -> n + " " + Arrays.toString(g.sameDiff().getVariable(n).getShape())).toList();
        if (!made.equals(expected)) {
            throw new IllegalStateException("the graph library made parameters " + made + " where the IR has "
                    + expected + ": a bug in aec");
        }
    }

    /**
     * The node's layer built by the graph library call its kind names ({@link Layer#libraryCall}):
     * the very call `aec gen` writes into a generated class, so the two cannot differ.
     */
    static SDVariable call(ModelGraph g, IrNode node, List<SDVariable> ins) {
        LibraryCall call = node.layer() instanceof MergeLayer merge ? merge.libraryCall(node.inShapes(), node.outShape())
                : node.layer().libraryCall(node.inShape(), node.outShape());
        Method method = method(call);
        List<Object> values = new ArrayList<>(List.of(node.name()));
        if (call.inputs() == LibraryCall.Inputs.ONE) {
            values.add(ins.get(0));
        }
        call.args().forEach(arg -> values.add(value(arg)));
        if (call.inputs() == LibraryCall.Inputs.LAST) {
            values.add(ins.toArray(SDVariable[]::new));
        }
        try {
            return (SDVariable) method.invoke(g, values.toArray());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(node.name() + ": " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("ModelGraph." + call.method() + " is not public", e);
        }
    }

    /** The library method a call names, found by its argument types; a kind naming none is a bug the tests catch. */
    static Method method(LibraryCall call) {
        List<Class<?>> types = new ArrayList<>(List.of(String.class));
        if (call.inputs() == LibraryCall.Inputs.ONE) {
            types.add(SDVariable.class);
        }
        call.args().forEach(arg -> types.add(type(arg)));
        if (call.inputs() == LibraryCall.Inputs.LAST) {
            types.add(SDVariable[].class);
        }
        try {
            return ModelGraph.class.getMethod(call.method(), types.toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the graph library has no ModelGraph." + call.method() + types, e);
        }
    }

    private static Class<?> type(LibraryCall.Arg arg) {
        if (arg instanceof LibraryCall.Arg.Int) {
            return int.class;
        } else if (arg instanceof LibraryCall.Arg.Long) {
            return long.class;
        } else if (arg instanceof LibraryCall.Arg.Real) {
            return double.class;
        } else if (arg instanceof LibraryCall.Arg.Pad) {
            return Padding.class;
        } else if (arg instanceof LibraryCall.Arg.Act) {
            return Activation.class;
        } else if (arg instanceof LibraryCall.Arg.Dims) {
            return long[].class;
        }
        throw new IllegalStateException("no library type for " + arg);
    }

    private static Object value(LibraryCall.Arg arg) {
        if (arg instanceof LibraryCall.Arg.Int i) {
            return i.value();
        } else if (arg instanceof LibraryCall.Arg.Long l) {
            return l.value();
        } else if (arg instanceof LibraryCall.Arg.Real r) {
            return r.value();
        } else if (arg instanceof LibraryCall.Arg.Pad p) {
            return padding(p.value());
        } else if (arg instanceof LibraryCall.Arg.Act a) {
            return activation(a.value());
        } else if (arg instanceof LibraryCall.Arg.Dims d) {
            return dims(d.value());
        }
        throw new IllegalStateException("no library value for " + arg);
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
