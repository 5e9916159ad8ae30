package dev.aec.compiler.gen;

import dev.aec.compiler.layers.Activate;
import dev.aec.compiler.layers.Conv2d;
import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.layers.Flatten;
import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.layers.MaxPool;
import dev.aec.compiler.layers.Reshape;
import dev.aec.compiler.layers.Upsample;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.gen.ClassView.ActivateView;
import dev.aec.compiler.gen.ClassView.ActivationView;
import dev.aec.compiler.gen.ClassView.Conv2dView;
import dev.aec.compiler.gen.ClassView.DenseView;
import dev.aec.compiler.gen.ClassView.GroupView;
import dev.aec.compiler.gen.ClassView.LayerView;
import dev.aec.compiler.gen.ClassView.LineView;
import dev.aec.compiler.gen.ClassView.MaxPoolView;
import dev.aec.compiler.gen.ClassView.ReshapeView;
import dev.aec.compiler.gen.ClassView.TrainView;
import dev.aec.compiler.gen.ClassView.UpdaterView;
import dev.aec.compiler.gen.ClassView.UpsampleView;
import dev.aec.compiler.gen.ClassView.UsesView;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gen pass: one model of a checked program as a Java class that builds the SameDiff graph
 * `aec train` builds (the runtime's SameDiffLowering), op for op and name for name, with the same
 * initial weights for a seed, the train block's training configuration, and a method that loads the
 * weights of a run. The Java is rendered from the Mustache templates beside this class; this class
 * only decides what goes in them. The output depends on nothing but its inputs (no dates), so it
 * can be compared with golden files.
 */
public final class JavaGenerator {
    /** Shape comments line up at most this far from the statements' start; longer statements push theirs. */
    private static final int COMMENT_COLUMN = 96;

    /** The helper methods a generated class may need; the activations are LINEAR to ELU_ALPHA. */
    private enum Helper {
        DENSE, DENSE_NO_BIAS, CONV2D, CONV2D_NO_BIAS, MAX_POOL, UPSAMPLE,
        LINEAR, RELU, SIGMOID, TANH, SOFTMAX, LEAKY_RELU, ELU, ELU_ALPHA, PARAMS, BIASES, GAUSSIAN
    }

    private final Graph graph;
    private final boolean chain;
    private final Set<Helper> helpers = EnumSet.noneOf(Helper.class);
    /** Per node, the SameDiff variable its activation reads (for a loss on the logits). */
    private final Map<Integer, String> beforeActivation = new LinkedHashMap<>();

    private JavaGenerator(Graph graph) {
        this.graph = graph;
        this.chain = isChain(graph);
    }

    /**
     * The class of `model`, which must have checked without errors, in package `javaPackage`. Its
     * training configuration comes from the model's train block in `source` (the file given to
     * `aec gen`); without one the class builds the inference graph only.
     */
    public static GeneratedClass generate(CheckedProgram program, String model, SourceFile source, String javaPackage) {
        if (!JavaNames.isPackage(javaPackage)) {
            throw new IllegalArgumentException("not a Java package name: " + javaPackage);
        }
        refusal(program, model, source).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        Graph graph = Lowerer.lower(program, model);
        Optional<TrainSpec> train = trainOf(program, model, source);
        String className = JavaNames.className(model);
        ClassView view = new JavaGenerator(graph).view(source, javaPackage, className, train);
        return new GeneratedClass(javaPackage, className, model, Templates.render("model.java.mustache", view));
    }

    /**
     * Why the class of `model` is not generated, when it is not: its train block reads the user's
     * files or holds out a share, which the generated training constants cannot describe yet (the
     * files' scaling is fitted by `aec train`). Callers say this to the user instead of generating.
     */
    public static Optional<String> refusal(CheckedProgram program, String model, SourceFile source) {
        return trainOf(program, model, source).flatMap(t -> DataSource.of(t.data(), t.validation(), Optional.empty())
                        .stream().filter(d -> !(d instanceof DataRef)).findFirst())
                .map(d -> "`" + model + "` is trained on " + d + ": generating the class of a model trained on "
                        + "your own files is not built yet");
    }

    private static Optional<TrainSpec> trainOf(CheckedProgram program, String model, SourceFile source) {
        return program.trains().stream()
                .filter(t -> t.model().equals(model) && t.span().file() == source)
                .findFirst();
    }

    /**
     * The models `aec gen FILE` generates when not told which: those the file has train blocks for,
     * else the models of the file that no other model of the file uses.
     */
    public static List<String> defaultModels(CheckedProgram program, SourceFile source) {
        Set<String> trained = new LinkedHashSet<>();
        program.trains().stream().filter(t -> t.span().file() == source).forEach(t -> trained.add(t.model()));
        if (!trained.isEmpty()) {
            return List.copyOf(trained);
        }
        List<ModelDef> local = program.program().models().stream().filter(m -> m.span().file() == source).toList();
        Set<String> used = new LinkedHashSet<>();
        for (ModelDef m : local) {
            for (Node node : m.nodes()) {
                if (node.op() instanceof Op.ModelOp ref) {
                    used.add(ref.model());
                }
            }
        }
        return local.stream().map(ModelDef::name).filter(name -> !used.contains(name)).distinct().toList();
    }

    private ClassView view(SourceFile source, String javaPackage, String className, Optional<TrainSpec> train) {
        List<LineView> lines = lines();
        Optional<TrainView> trainView = train.map(this::trainView);
        Set<String> imports = imports(trainView);
        return new ClassView(JavaNames.comment(source.displayPath()), JavaNames.literal(source.displayPath()),
                sha256(source.text()), javaPackage, className, graph.model(), graph.input().toString(),
                graph.output().toString(), graph.input().dims(), graph.output().dims(),
                String.format(Locale.ROOT, "%,d", graph.paramCount()), List.copyOf(imports),
                train.map(TrainSpec::seed).orElse(TrainSpec.DEFAULT_SEED), trainView, gaussian().map(g ->
                        new ClassView.NoiseView(g.units())), chain, lines, result(), usesView());
    }

    /** Every node reads the one before it and the last is the output: one variable `x` reads best. */
    private static boolean isChain(Graph graph) {
        List<IrNode> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).input() != (i == 0 ? IrNode.GRAPH_INPUT : i - 1)) {
                return false;
            }
        }
        return graph.outputNode() == (nodes.isEmpty() ? IrNode.GRAPH_INPUT : nodes.size() - 1);
    }

    private String variable(int node) {
        if (chain) {
            return "x";
        }
        return node == IrNode.GRAPH_INPUT ? "input" : "h" + node;
    }

    private String result() {
        return variable(graph.outputNode());
    }

    private List<LineView> lines() {
        List<IrNode> nodes = graph.nodes();
        List<String> statements = new ArrayList<>();
        for (IrNode node : nodes) {
            LayerView layer = new LayerViews(node).of(node.layer());
            statements.add(Templates.render("layer.mustache", layer).strip());
        }
        int column = Math.min(COMMENT_COLUMN, statements.stream().mapToInt(String::length).max().orElse(0));
        boolean headings = nodes.stream().anyMatch(n -> n.name().contains("/"));
        List<LineView> lines = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Optional<GroupView> group = Optional.empty();
            String prefix = prefix(nodes.get(i));
            if (headings && (i == 0 || !prefix(nodes.get(i - 1)).equals(prefix))) {
                int last = i;
                while (last + 1 < nodes.size() && prefix(nodes.get(last + 1)).equals(prefix)) {
                    last++;
                }
                group = Optional.of(new GroupView(prefix.isEmpty() ? graph.model() : prefix,
                        nodes.get(i).inShape().toString(), nodes.get(last).outShape().toString()));
            }
            String statement = statements.get(i);
            lines.add(new LineView(group, statement, " ".repeat(Math.max(0, column - statement.length())),
                    nodes.get(i).outShape().toString()));
        }
        return lines;
    }

    /** The inlined models a node belongs to: `Encoder` for `Encoder/conv2d_0`, empty for the model's own layers. */
    private static String prefix(IrNode node) {
        int slash = node.name().lastIndexOf('/');
        return slash < 0 ? "" : node.name().substring(0, slash);
    }

    private Optional<Gaussian> gaussian() {
        return graph.nodes().stream().map(IrNode::layer).filter(l -> l instanceof Gaussian)
                .map(Gaussian.class::cast).findFirst();
    }

    private TrainView trainView(TrainSpec spec) {
        Loss loss = spec.loss();
        Optional<String> logits = switch (loss) {
            case BINARY_CROSSENTROPY -> logitsOfOutput(ActivationKind.SIGMOID);
            case CATEGORICAL_CROSSENTROPY -> logitsOfOutput(ActivationKind.SOFTMAX);
            case MSE, MAE -> Optional.empty();
        };
        boolean sum = spec.reduction() == Reduction.SUM;
        Optional<Gaussian> gaussian = gaussian();
        int elements = (int) graph.output().elements();
        String description = switch (loss) {
            case BINARY_CROSSENTROPY -> sum ? "binary cross-entropy, summed over the " + elements
                    + " elements of a sample and averaged over the batch"
                    : "binary cross-entropy, the mean over all elements as Keras's";
            case CATEGORICAL_CROSSENTROPY -> sum ? "categorical cross-entropy, the mean over the samples times "
                    + elements : "categorical cross-entropy, the mean over the samples as Keras's";
            case MSE -> sum ? "squared error summed over the " + elements + " elements of a sample, averaged over the batch"
                    : "mean squared error over all elements";
            case MAE -> sum ? "absolute error summed over the " + elements + " elements of a sample, averaged over the batch"
                    : "mean absolute error over all elements";
        } + gaussian.map(g -> ", plus " + (g.beta() == 1.0 ? "" : g.beta() + " times ") + "the KL term").orElse("");
        // The same names and ops as the runtime's lowering (SameDiffLowering.lossOf): the loss on logits
        // takes the sum's scale as its weight, since ND4J's loss ops ignore a gradient flowing into them.
        String finalName = gaussian.isPresent() ? "RECONSTRUCTION" : "LOSS";
        String finalLiteral = gaussian.isPresent() ? "reconstruction" : "loss";
        String assign = gaussian.isPresent() ? "SDVariable reconstruction = " : "";
        boolean scaledAfter = sum && logits.isEmpty();
        String meanAssign = scaledAfter ? "SDVariable perElementMean = " : assign;
        String meanName = scaledAfter ? "\"" + finalLiteral + "_mean\"" : finalName;
        String weights = sum && logits.isPresent()
                ? "sd.constant(\"" + finalLiteral + "_weight\", Nd4j.scalar(DataType.FLOAT, " + (double) elements + "))"
                : "null";
        Optional<ClassView.SumView> sumView = scaledAfter
                ? Optional.of(new ClassView.SumView(assign, finalName, elements)) : Optional.empty();
        boolean bce = loss == Loss.BINARY_CROSSENTROPY;
        boolean cce = loss == Loss.CATEGORICAL_CROSSENTROPY;
        String target = cce ? "the one-hot label of each sample" : spec.noise().isPresent()
                ? "the clean input, for a denoising autoencoder" : "the input, for an autoencoder";
        return new TrainView(description, target, spec.data().toString(), spec.validation().map(Object::toString),
                spec.batch(), spec.epochs(), spec.shuffle(), spec.noise().map(n -> JavaNames.literal(n.toString())),
                updaterView(spec.optimizer()), bce ? logits : Optional.empty(), bce && logits.isEmpty(),
                cce ? logits : Optional.empty(), cce && logits.isEmpty(), loss == Loss.MSE, loss == Loss.MAE,
                meanAssign, meanName, weights, sumView, gaussian.map(g -> Double.toString(g.beta())));
    }

    /** When the output ends in activation `kind`, the variable it reads: the loss then reads those logits. */
    private Optional<String> logitsOfOutput(ActivationKind kind) {
        if (graph.outputNode() == IrNode.GRAPH_INPUT) {
            return Optional.empty();
        }
        Layer last = graph.nodes().get(graph.outputNode()).layer();
        boolean ends = last.appliedActivation().map(a -> a.kind() == kind).orElse(false);
        return ends ? Optional.of(beforeActivation.get(graph.outputNode())) : Optional.empty();
    }

    private static UpdaterView updaterView(Optimizer optimizer) {
        UpdaterChoice choice = UpdaterChoice.of(optimizer);
        boolean supported = choice.fidelity() != UpdaterChoice.Fidelity.NONE;
        Map<String, String> args = new LinkedHashMap<>();
        optimizer.params().forEach((name, value) -> args.put(name, Double.toString(value)));
        return new UpdaterView(JavaNames.comment(optimizer.toString()), JavaNames.literal(optimizer.toString()),
                supported, choice.updaterClass(), choice.fidelity() == UpdaterChoice.Fidelity.EXACT,
                JavaNames.comment(choice.difference()),
                supported ? Optional.empty() : Optional.of(JavaNames.comment(choice.difference())),
                JavaNames.literal(choice.difference()), supported ? Map.of(choice.updaterClass(), args) : Map.of());
    }

    private UsesView usesView() {
        boolean activations = EnumSet.range(Helper.LINEAR, Helper.ELU_ALPHA).stream().anyMatch(helpers::contains);
        return new UsesView(helpers.contains(Helper.DENSE), helpers.contains(Helper.DENSE_NO_BIAS),
                helpers.contains(Helper.CONV2D), helpers.contains(Helper.CONV2D_NO_BIAS),
                helpers.contains(Helper.CONV2D) || helpers.contains(Helper.CONV2D_NO_BIAS),
                helpers.contains(Helper.MAX_POOL), helpers.contains(Helper.UPSAMPLE), activations,
                helpers.contains(Helper.LINEAR), helpers.contains(Helper.RELU), helpers.contains(Helper.SIGMOID),
                helpers.contains(Helper.TANH), helpers.contains(Helper.SOFTMAX), helpers.contains(Helper.LEAKY_RELU),
                helpers.contains(Helper.ELU), helpers.contains(Helper.ELU_ALPHA), helpers.contains(Helper.PARAMS),
                helpers.contains(Helper.BIASES), helpers.contains(Helper.GAUSSIAN));
    }

    /** The classes the rendered file names; computed after the layers, which record what they use. */
    private Set<String> imports(Optional<TrainView> train) {
        Set<String> imports = new TreeSet<>(List.of(
                "java.io.IOException",
                "java.nio.file.Files",
                "java.nio.file.NoSuchFileException",
                "java.nio.file.Path",
                "java.util.Arrays",
                "java.util.SplittableRandom",
                "org.nd4j.autodiff.samediff.SDVariable",
                "org.nd4j.autodiff.samediff.SameDiff",
                "org.nd4j.autodiff.samediff.VariableType",
                "org.nd4j.linalg.api.buffer.DataType",
                "org.nd4j.linalg.api.ndarray.INDArray"));
        if (helpers.contains(Helper.PARAMS) || helpers.contains(Helper.BIASES)) {
            imports.add("org.nd4j.linalg.factory.Nd4j");
        }
        if (helpers.contains(Helper.CONV2D) || helpers.contains(Helper.CONV2D_NO_BIAS)) {
            imports.add("org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig");
            imports.add("org.nd4j.enums.WeightsFormat");
        }
        if (helpers.contains(Helper.CONV2D) || helpers.contains(Helper.CONV2D_NO_BIAS)
                || helpers.contains(Helper.MAX_POOL)) {
            imports.add("org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode");
        }
        if (helpers.contains(Helper.MAX_POOL)) {
            imports.add("org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig");
        }
        if (train.isPresent()) {
            TrainView t = train.get();
            if (t.bceLogits().isPresent() || t.cceLogits().isPresent()) {
                imports.add("org.nd4j.autodiff.loss.LossReduce");
            }
            if (!t.weights().equals("null")) {
                imports.add("org.nd4j.linalg.factory.Nd4j");
            }
            if (t.updater().supported()) {
                imports.add("org.nd4j.autodiff.samediff.TrainingConfig");
                imports.add("org.nd4j.linalg.learning.config." + t.updater().updaterClass());
            }
        }
        return imports;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One node as the view of its statement; records the helpers it needs and what its activation reads. */
    private final class LayerViews {
        private final IrNode node;
        private final String in;

        LayerViews(IrNode node) {
            this.node = node;
            this.in = variable(node.input());
        }

        /** The view of `layer`; GeneratedCodeTest generates a model with every kind, so none is missed. */
        LayerView of(Layer layer) {
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
            throw new IllegalStateException("the Java generator has no code for `" + layer.kind() + "`");
        }

        private LayerView dense(Dense l) {
            DenseView view = new DenseView(node.inShape().dim(0), l.units(), activation(l.activation()));
            helpers.add(Helper.PARAMS);
            beforeActivation.put(node.id(), node.name() + "/linear");
            if (l.useBias()) {
                helpers.add(Helper.DENSE);
                helpers.add(Helper.BIASES);
                return layer(Optional.of(view), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty());
            }
            helpers.add(Helper.DENSE_NO_BIAS);
            return layer(Optional.empty(), Optional.of(view), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        private LayerView conv2d(Conv2d l) {
            Conv2dView view = new Conv2dView(node.inShape().channels(), l.filters(), l.kernel().rows(),
                    l.kernel().cols(), l.stride().rows(), l.stride().cols(), padding(l.padding()),
                    activation(l.activation()));
            helpers.add(Helper.PARAMS);
            beforeActivation.put(node.id(), node.name() + "/linear");
            if (l.useBias()) {
                helpers.add(Helper.CONV2D);
                helpers.add(Helper.BIASES);
                return layer(Optional.empty(), Optional.empty(), Optional.of(view), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty());
            }
            helpers.add(Helper.CONV2D_NO_BIAS);
            return layer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(view), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        private LayerView maxPool(MaxPool l) {
            helpers.add(Helper.MAX_POOL);
            MaxPoolView view = new MaxPoolView(l.size().rows(), l.size().cols(), l.stride().rows(), l.stride().cols(),
                    padding(l.padding()));
            return layer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(view),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        private LayerView upsample(Upsample l) {
            helpers.add(Helper.UPSAMPLE);
            UpsampleView view = new UpsampleView(l.size().rows(), l.size().cols());
            return layer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(view), Optional.empty(), Optional.empty());
        }

        private LayerView flatten(Flatten l) {
            return reshapeTo(node.outShape());
        }

        private LayerView reshape(Reshape l) {
            return reshapeTo(l.target());
        }

        private LayerView activate(Activate l) {
            ActivateView view = new ActivateView(activation(l.activation()));
            beforeActivation.put(node.id(), node.input() == IrNode.GRAPH_INPUT
                    ? "input" : graph.nodes().get(node.input()).name());
            return layer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(view));
        }

        private LayerView gaussian(Gaussian l) {
            helpers.add(Helper.GAUSSIAN);
            helpers.add(Helper.PARAMS);
            helpers.add(Helper.BIASES);
            return new LayerView(JavaNames.literal(node.name()), in, variable(node.id()), !chain, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(new ClassView.GaussianView(node.inShape().dim(0),
                    l.units())));
        }

        private LayerView reshapeTo(Shape shape) {
            return layer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(new ReshapeView(shape.dims())), Optional.empty());
        }

        private LayerView layer(Optional<DenseView> dense, Optional<DenseView> denseNoBias,
                                Optional<Conv2dView> conv2d, Optional<Conv2dView> conv2dNoBias,
                                Optional<MaxPoolView> maxPool, Optional<UpsampleView> upsample,
                                Optional<ReshapeView> reshape, Optional<ActivateView> activate) {
            return new LayerView(JavaNames.literal(node.name()), in, variable(node.id()), !chain, dense, denseNoBias,
                    conv2d, conv2dNoBias, maxPool, upsample, reshape, activate, Optional.empty());
        }

        private ActivationView activation(Activation a) {
            Optional<String> alpha = Optional.of(Double.toString(a.alpha()));
            return switch (a.kind()) {
                case LINEAR -> helper(Helper.LINEAR, new ActivationView("linear", Optional.empty()));
                case RELU -> helper(Helper.RELU, new ActivationView("relu", Optional.empty()));
                case SIGMOID -> helper(Helper.SIGMOID, new ActivationView("sigmoid", Optional.empty()));
                case TANH -> helper(Helper.TANH, new ActivationView("tanh", Optional.empty()));
                case SOFTMAX -> helper(Helper.SOFTMAX, new ActivationView("softmax", Optional.empty()));
                case LEAKY_RELU -> helper(Helper.LEAKY_RELU, new ActivationView("leakyRelu", alpha));
                // SameDiff's elu op has alpha 1; another alpha is written out (as the runtime's lowering does).
                case ELU -> a.alpha() == 1.0
                        ? helper(Helper.ELU, new ActivationView("elu", Optional.empty()))
                        : helper(Helper.ELU_ALPHA, new ActivationView("elu", alpha));
            };
        }

        private ActivationView helper(Helper helper, ActivationView view) {
            helpers.add(helper);
            return view;
        }

        private String padding(dev.aec.compiler.model.Padding padding) {
            return switch (padding) {
                case SAME -> "SAME";
                case VALID -> "VALID";
            };
        }
    }
}
