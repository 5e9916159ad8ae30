package dev.aec.compiler.gen;

import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.gen.ClassView.GroupView;
import dev.aec.compiler.gen.ClassView.LayerView;
import dev.aec.compiler.gen.ClassView.LineView;
import dev.aec.compiler.gen.ClassView.TrainView;
import dev.aec.compiler.gen.ClassView.UpdaterView;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.MergeLayer;
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
 * `aec train` builds, by calling the graph library (`dev.aec.graph.ModelGraph`, module aec-graph)
 * once per layer as the runtime's SameDiffLowering does, so both get the same ops, names and initial
 * weights for a seed; with the train block's training configuration and a method that loads the
 * weights of a run. The Java is rendered from the Mustache templates beside this class; this class
 * only decides what goes in them. The output depends on nothing but its inputs (no dates), so it
 * can be compared with golden files.
 */
public final class JavaGenerator {
    /** Shape comments line up at most this far from the statements' start; longer statements push theirs. */
    private static final int COMMENT_COLUMN = 96;

    /** The graph library's package, whose types the layers' calls name. */
    private static final String LIBRARY = "dev.aec.graph.";

    private final Graph graph;
    private final boolean chain;
    /** The graph library's types the layers' calls name (`Activation`, `Padding`), to import. */
    private final Set<String> libraryTypes = new TreeSet<>();

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
                graph.output().toString(), graph.input().dims(), graph.output().dims(), arguments(graph.input()),
                arguments(graph.output()), String.format(Locale.ROOT, "%,d", graph.paramCount()),
                List.copyOf(imports), train.map(TrainSpec::seed).orElse(TrainSpec.DEFAULT_SEED), trainView,
                gaussian().map(g -> new ClassView.NoiseView(g.units())), chain, lines, result());
    }

    /** Every node reads the one before it and the last is the output: one variable `x` reads best. */
    private static boolean isChain(Graph graph) {
        List<IrNode> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).inputs().equals(List.of(i == 0 ? IrNode.GRAPH_INPUT : i - 1))) {
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
            LayerView layer = layerView(node);
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
                        nodes.get(i).inShapes().get(0).toString(), nodes.get(last).outShape().toString()));
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
        boolean sum = spec.reduction() == Reduction.SUM;
        Optional<Gaussian> gaussian = gaussian();
        boolean penalised = graph.nodes().stream().anyMatch(n -> n.layer() instanceof Dense d && d.activityL1() > 0);
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
        } + gaussian.map(g -> ", plus " + (g.beta() == 1.0 ? "" : g.beta() + " times ") + "the KL term").orElse("")
                + (penalised ? ", plus each activity penalty, activity_l1 * sum(|output|) / batch" : "");
        String target = loss == Loss.CATEGORICAL_CROSSENTROPY ? "the one-hot label of each sample"
                : spec.noise().isPresent() ? "the clean input, for a denoising autoencoder" : "the input, for an autoencoder";
        // The graph library's constants of the same names.
        String lossConstant = switch (loss) {
            case BINARY_CROSSENTROPY -> "BINARY_CROSSENTROPY";
            case MSE -> "MSE";
            case MAE -> "MAE";
            case CATEGORICAL_CROSSENTROPY -> "CATEGORICAL_CROSSENTROPY";
        };
        String reductionConstant = switch (spec.reduction()) {
            case MEAN -> "MEAN";
            case SUM -> "SUM";
        };
        return new TrainView(description, target, spec.data().toString(), spec.validation().map(Object::toString),
                spec.batch(), spec.epochs(), spec.shuffle(), spec.noise().map(n -> JavaNames.literal(n.toString())),
                updaterView(spec.optimizer()), lossConstant, reductionConstant, gaussian.isPresent() || penalised,
                graph.nodes().stream().anyMatch(n -> n.layer().trainingDraws().isPresent()),
                graph.params().stream().anyMatch(p -> !p.trainable()),
                spec.earlyStop().map(e -> JavaNames.literal(e.toString())),
                spec.schedule().map(s -> JavaNames.literal(s.toString())),
                spec.retention().kind() == dev.aec.compiler.model.Retention.Kind.LAST ? Optional.empty()
                        : Optional.of(JavaNames.literal(spec.retention().toString())));
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

    /** The classes the rendered file names; computed after the layers, which record what they use. */
    private Set<String> imports(Optional<TrainView> train) {
        Set<String> imports = new TreeSet<>(List.of(
                LIBRARY + "ModelGraph",
                "java.io.IOException",
                "java.nio.file.Files",
                "java.nio.file.NoSuchFileException",
                "java.nio.file.Path",
                "java.util.Arrays",
                "org.nd4j.autodiff.samediff.SDVariable",
                "org.nd4j.autodiff.samediff.SameDiff",
                "org.nd4j.autodiff.samediff.VariableType",
                "org.nd4j.linalg.api.ndarray.INDArray"));
        libraryTypes.forEach(type -> imports.add(LIBRARY + type));
        if (train.isPresent()) {
            TrainView t = train.get();
            imports.add(LIBRARY + "Loss");
            imports.add(LIBRARY + "Reduction");
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

    /**
     * One node as its statement: the graph library call its layer kind says builds it (the same call
     * `aec train` makes), with the library types the arguments name imported.
     */
    private LayerView layerView(IrNode node) {
        LibraryCall call = node.layer() instanceof MergeLayer merge ? merge.libraryCall(node.inShapes(), node.outShape())
                : node.layer().libraryCall(node.inShape(), node.outShape());
        for (LibraryCall.Arg arg : call.args()) {
            if (arg instanceof LibraryCall.Arg.Pad) {
                libraryTypes.add("Padding");
            } else if (arg instanceof LibraryCall.Arg.Act) {
                libraryTypes.add("Activation");
            }
        }
        if (call.inputs() == LibraryCall.Inputs.LAST) {
            // A merge's values go after its arguments, as the library's varargs.
            List<String> all = new ArrayList<>();
            if (!call.args().isEmpty()) {
                all.add(call.javaArguments());
            }
            node.inputs().forEach(i -> all.add(variable(i)));
            return new LayerView(JavaNames.literal(node.name()), String.join(", ", all), variable(node.id()), !chain,
                    call.method(), "");
        }
        String args = call.args().isEmpty() ? "" : ", " + call.javaArguments();
        return new LayerView(JavaNames.literal(node.name()), variable(node.input()), variable(node.id()), !chain,
                call.method(), args);
    }

    /** A shape as call arguments: `28, 28, 1`. */
    private static String arguments(Shape shape) {
        return String.join(", ", shape.dims().stream().map(String::valueOf).toList());
    }
}
