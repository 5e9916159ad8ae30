package dev.aec.compiler.check;

import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Fix;
import dev.aec.compiler.diag.LineEdits;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.model.Program;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.resolve.TrainLimits;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.DataFit;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Infers the shape and parameter count of every value, checks each model against its declared
 * signature and every use of a model against the model's declared input, and checks train blocks
 * against their data. A model's declared signature is its type: uses are checked against it even
 * when its body is wrong, so one mistake is reported once.
 */
public final class Checker {
    private final Program program;
    private final Diagnostics diagnostics;
    private final Map<String, ModelDef> defs;
    private final Map<String, CheckedModel> checked = new LinkedHashMap<>();
    private final RoundTrip roundTrip;
    private final Map<String, Integer> gaussians = new HashMap<>();
    private final DataProbe probe;
    private final Map<FileSource, DataProbe.Found> found = new LinkedHashMap<>();

    private Checker(Program program, DataProbe probe, Diagnostics diagnostics) {
        this.program = program;
        this.diagnostics = diagnostics;
        this.defs = program.byName();
        this.roundTrip = new RoundTrip(defs, RoundTrip.BUDGET);
        this.probe = probe;
    }

    /** Checks `program`; the user's files in train blocks are looked at through `probe` (named datasets never are). */
    public static CheckedProgram check(Program program, DataProbe probe, Diagnostics diagnostics) {
        return new Checker(program, probe, diagnostics).run();
    }

    private CheckedProgram run() {
        for (ModelDef def : program.models()) {
            model(def.name());
        }
        List<TrainSpec> trains = new ArrayList<>();
        for (TrainSpec train : program.trains()) {
            if (train(train)) {
                trains.add(train);
            }
        }
        return new CheckedProgram(program, checked, trains, found);
    }

    private CheckedModel model(String name) {
        CheckedModel done = checked.get(name);
        if (done != null) {
            return done;
        }
        ModelDef def = defs.get(name);
        List<Shape> shapes = new ArrayList<>();
        List<Long> params = new ArrayList<>();
        long nonTrainable = 0;
        for (Node node : def.nodes()) {
            List<Shape> ins = node.inputs().stream().map(i -> i == Node.MODEL_INPUT ? def.input() : shapes.get(i))
                    .toList();
            Shape in = ins.get(0);
            Shape out = Shape.UNKNOWN;
            long count = 0;
            if (node.op() instanceof Op.LayerOp layerOp && layerOp.layer() instanceof MergeLayer merge) {
                if (ins.stream().allMatch(Shape::isKnown)) {
                    ShapeResult result = LayerShapes.apply(merge, ins);
                    if (result instanceof ShapeResult.Ok ok) {
                        out = ok.shape();
                    } else {
                        reportMergeProblem((ShapeResult.Problem) result, def, node, ins);
                    }
                }
            } else if (node.inputs().size() == 1 && in.isKnown()) {
                if (node.op() instanceof Op.LayerOp layerOp) {
                    ShapeResult result = LayerShapes.apply(layerOp.layer(), in);
                    if (result instanceof ShapeResult.Ok ok) {
                        out = ok.shape();
                        count = ok.params();
                        nonTrainable += layerOp.layer().weights(in).stream().filter(w -> !w.trainable())
                                .mapToLong(w -> w.shape().elements()).sum();
                    } else {
                        reportLayerProblem((ShapeResult.Problem) result, def, node, in);
                    }
                } else if (node.op() instanceof Op.ModelOp ref) {
                    CheckedModel callee = model(ref.model());
                    ModelDef calleeDef = callee.def();
                    if (calleeDef.input().isKnown() && !calleeDef.input().equals(in)) {
                        reportWrongModelInput(def, node, calleeDef, in, shapes);
                    } else {
                        out = calleeDef.output();
                    }
                    count = callee.totalParams();
                    nonTrainable += callee.nonTrainableParams();
                }
            }
            shapes.add(out);
            params.add(count);
        }
        Shape inferred = def.result() == Node.MODEL_INPUT ? def.input() : shapes.get(def.result());
        if (def.output().isKnown() && inferred.isKnown() && !inferred.equals(def.output())) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0302, def.outputSpan(), "model `" + def.name()
                            + "` is declared to produce " + def.output() + ", but its body produces " + inferred)
                    .label("declared " + def.output());
            if (def.result() == Node.MODEL_INPUT) {
                b.secondary(def.inputSpan(), "the body is empty, so the output is the input");
            } else {
                b.secondary(def.nodes().get(def.result()).span(), "produces " + inferred);
            }
            Optional<RoundTrip.Finding> roundTrips = def.input().equals(def.output())
                    ? Optional.of(roundTrip.describe(def)) : Optional.empty();
            roundTrips.ifPresent(found -> b.note(found.note()));
            Optional<String> fix = OneLayerFix.find(inferred, def.output());
            if (fix.isPresent()) {
                b.help("adding `" + fix.get() + "` at the end of `" + def.name() + "` gives " + def.output());
                atEnd(def, fix.get()).ifPresent(b::fix);
            } else if (roundTrips.isPresent()) {
                b.help("change the layers so that they give " + def.output() + ", or use an input size from the note");
                roundTripFixes(def, roundTrips.get().shown()).forEach(b::fix);
            } else {
                b.help("change the declared output to " + inferred + ", or change the layers");
            }
            b.report(diagnostics);
        }
        checkOneGaussian(def);
        long total = params.stream().mapToLong(Long::longValue).sum();
        CheckedModel result = new CheckedModel(def, shapes, params, inferred, total, nonTrainable);
        checked.put(name, result);
        return result;
    }

    /**
     * A model holds at most one gaussian layer, directly or through the models it uses: the latent
     * is one placeholder for the noise and one KL term. Reported where the second comes in; a used
     * model that has two itself was reported there.
     */
    private void checkOneGaussian(ModelDef def) {
        List<Node> holders = def.nodes().stream().filter(n -> gaussianCount(n) > 0).toList();
        if (holders.size() < 2) {
            return;
        }
        Node first = holders.get(0);
        Node second = holders.get(1);
        Diagnostic.of(Code.E0310, second.span(), "model `" + def.name() + "` has a second gaussian layer")
                .label(second.op() instanceof Op.ModelOp ref ? "`" + ref.model() + "` holds a gaussian layer"
                        : "second gaussian layer")
                .secondary(first.span(), first.op() instanceof Op.ModelOp ref
                        ? "`" + ref.model() + "` holds the first" : "the first gaussian layer")
                .note("a model has one latent: one noise input and one KL term in the loss")
                .help("keep one gaussian layer, at the end of the encoder")
                .report(diagnostics);
    }

    /** Gaussian layers in what a node applies: its layer, or every layer of the model it inlines. */
    private int gaussianCount(Node node) {
        if (node.op() instanceof Op.LayerOp layerOp) {
            return layerOp.layer() instanceof Gaussian ? 1 : 0;
        }
        if (node.op() instanceof Op.ModelOp ref) {
            ModelDef used = defs.get(ref.model());
            if (used == null) {
                return 0;
            }
            // Counted once per model: a model used by many would otherwise be walked once per use.
            Integer known = gaussians.get(used.name());
            if (known == null) {
                known = used.nodes().stream().mapToInt(this::gaussianCount).sum();
                gaussians.put(used.name(), known);
            }
            return known;
        }
        return 0;
    }

    private void reportLayerProblem(ShapeResult.Problem problem, ModelDef def, Node node, Shape in) {
        Diagnostic.Builder b = Diagnostic.of(problem.code(), node.span(), problem.message())
                .label(problem.label());
        addOrigin(b, def, node.input(), in);
        problem.helps().forEach(b::help);
        if (def.form() == ModelDef.Form.SEQUENTIAL) {
            problem.layerBefore().ifPresent(layer -> b.fix(new Fix("add `" + layer + "` before it",
                    List.of(LineEdits.before(node.span(), layer)))));
        }
        b.report(diagnostics);
    }

    /**
     * A merge's problem, at the argument at fault when it names one, with where that value and the
     * first were made.
     */
    private void reportMergeProblem(ShapeResult.Problem problem, ModelDef def, Node node, List<Shape> ins) {
        Span at = problem.input().isPresent() ? node.inputSpans().get(problem.input().getAsInt()) : node.span();
        Diagnostic.Builder b = Diagnostic.of(problem.code(), at, problem.message()).label(problem.label());
        if (problem.input().isPresent()) {
            int i = problem.input().getAsInt();
            b.secondary(node.inputSpans().get(0), "the first value is " + ins.get(0));
            addOrigin(b, def, node.inputs().get(i), ins.get(i));
        }
        problem.helps().forEach(b::help);
        b.report(diagnostics);
    }

    /** A secondary label at the place the value `input` was made. */
    private void addOrigin(Diagnostic.Builder b, ModelDef def, int input, Shape shape) {
        if (input == Node.MODEL_INPUT) {
            b.secondary(def.inputSpan(), "`" + def.name() + "`'s input is " + shape);
        } else {
            Node from = def.nodes().get(input);
            b.secondary(from.span(), producerName(from) + " produces " + shape);
        }
    }

    private static String producerName(Node node) {
        if (node.op() instanceof Op.ModelOp ref) {
            return "`" + ref.model() + "`";
        }
        return "this layer";
    }

    /**
     * The fix that adds `layer` after the last layer of a sequential model; none for an empty body or
     * a functional one, whose last value may be read elsewhere too.
     */
    private static Optional<Fix> atEnd(ModelDef def, String layer) {
        if (def.form() != ModelDef.Form.SEQUENTIAL || def.nodes().isEmpty()) {
            return Optional.empty();
        }
        Node last = def.nodes().get(def.nodes().size() - 1);
        return Optional.of(new Fix("add `" + layer + "` at the end of `" + def.name() + "`",
                List.of(LineEdits.after(last.span(), layer))));
    }

    /**
     * One fix per input size the note names, nearest the declared size first: declare the model on
     * that size. Only for a body of layers, whose shapes follow its input; the models a body uses keep
     * their own declared sizes.
     */
    private static List<Fix> roundTripFixes(ModelDef def, List<Shape> sizes) {
        if (def.nodes().isEmpty() || !def.nodes().stream().allMatch(n -> n.op() instanceof Op.LayerOp)) {
            return List.of();
        }
        long declared = def.input().elements();
        return sizes.stream()
                .sorted(java.util.Comparator.comparingLong((Shape s) -> Math.abs(s.elements() - declared)))
                .map(size -> new Fix("declare `" + def.name() + "` on " + size, List.of(
                        new Fix.Edit(def.inputSpan(), size.toString()),
                        new Fix.Edit(def.outputSpan(), size.toString()))))
                .toList();
    }

    private void reportWrongModelInput(ModelDef def, Node node, ModelDef callee, Shape in, List<Shape> shapes) {
        String from = node.input() == Node.MODEL_INPUT ? "the input of `" + def.name() + "`"
                : producerName(def.nodes().get(node.input())).equals("this layer") ? "the layer before it"
                : producerName(def.nodes().get(node.input()));
        Diagnostic.Builder b = Diagnostic.of(Code.E0301, node.span(), "`" + callee.name() + "` expects "
                        + callee.input() + ", but " + from + " produces " + in)
                .label("expects " + callee.input());
        addOrigin(b, def, node.input(), in);
        b.secondary(callee.inputSpan(), "`" + callee.name() + "`'s input is declared " + callee.input() + " here");
        if (node.input() != Node.MODEL_INPUT && def.nodes().get(node.input()).op() instanceof Op.ModelOp producer) {
            ModelDef producerDef = defs.get(producer.model());
            if (producerDef.result() != Node.MODEL_INPUT) {
                Node last = producerDef.nodes().get(producerDef.result());
                b.note("`" + producer.model() + "` ends with `" + last.span().text().strip() + "` at "
                        + last.span().location());
            }
            OneLayerFix.find(in, callee.input()).ifPresent(fix -> {
                b.help("adding `" + fix + "` at the end of `" + producer.model() + "` gives " + callee.input());
                // The uses of a model are checked against its declared output, which must say the new size too.
                atEnd(producerDef, fix).map(f -> new Fix(f.title(), List.of(f.edits().get(0),
                        new Fix.Edit(producerDef.outputSpan(), callee.input().toString())))).ifPresent(b::fix);
            });
        } else {
            OneLayerFix.find(in, callee.input()).ifPresent(fix -> {
                b.help("adding `" + fix + "` before `" + callee.name() + "` gives " + callee.input());
                if (def.form() == ModelDef.Form.SEQUENTIAL) {
                    b.fix(new Fix("add `" + fix + "` before `" + callee.name() + "`",
                            List.of(LineEdits.before(node.span(), fix))));
                }
            });
        }
        b.report(diagnostics);
    }

    /** Checks a train block against its model; true when it can be trained. */
    private boolean train(TrainSpec train) {
        ModelDef def = defs.get(train.model());
        if (def == null) {
            return false;
        }
        CheckedModel model = model(train.model());
        boolean ok = true;
        Optional<Samples> data = samples(train.data());
        ok &= data.isPresent();
        if (data.isPresent() && data.get().shape().isPresent()) {
            ok &= fits(train, def, train.data(), data.get().shape().get());
        }
        if (data.isPresent() && train.data() instanceof FileSource files) {
            ok &= batchFits(train, files, data.get().count());
        }
        for (Optional<DataSource> other : List.of(train.validation(), train.test())) {
            if (other.isEmpty() || other.get() instanceof DataSource.HeldOut) {
                continue;
            }
            Optional<Samples> measured = samples(other.get());
            if (measured.isEmpty()) {
                ok = false;
            } else if (data.isPresent()) {
                ok &= likeTraining(train, def, other.get(), measured.get(), data.get());
            }
        }
        if (train.loss().classifies()) {
            ok &= data.isEmpty() || classifierOutput(train, def, data.get());
        } else if (def.input().isKnown() && def.output().isKnown() && !def.input().equals(def.output())) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0307, train.modelSpan(), "`" + train.model()
                            + "` is trained to reconstruct its input, but maps " + def.input() + " to " + def.output())
                    .label("output must equal input")
                    .secondary(def.outputSpan(), "declared output " + def.output())
                    .note("a train block compares the output with the input itself");
            RoundTrip.Finding roundTrips = roundTrip.describe(def);
            b.note(roundTrips.note());
            roundTripFixes(def, roundTrips.shown()).forEach(b::fix);
            b.report(diagnostics);
            ok = false;
        }
        if (ok && train.loss() == Loss.BINARY_CROSSENTROPY) {
            FinalActivation.of(def, defs).ifPresent(last -> {
                if (last.activation().kind() != ActivationKind.SIGMOID) {
                    warnNotSigmoid(train, last);
                }
            });
        }
        if (ok && train.reduction() == Reduction.MEAN) {
            def.nodes().stream().filter(n -> gaussianCount(n) > 0).findFirst()
                    .ifPresent(n -> warnMeanWithGaussian(train, def, n));
        }
        if (ok && train.loss() == Loss.CATEGORICAL_CROSSENTROPY) {
            FinalActivation.of(def, defs).ifPresent(last -> {
                if (last.activation().kind() != ActivationKind.SOFTMAX) {
                    Diagnostic.of(Code.W0504, train.lossSpan(), "categorical cross-entropy on a `"
                                    + last.activation().kind().keyword() + "` output")
                            .label("reads the outputs as class probabilities")
                            .secondary(last.span(), "the output activation is `" + last.activation().kind().keyword() + "`")
                            .note("the outputs are rescaled to sum to 1 and clipped, as Keras does; only a softmax "
                                    + "gives probabilities the loss can use as they are")
                            .help("use `activation: softmax` on the last layer")
                            .report(diagnostics);
                }
            });
        }
        return ok && model.isComplete() && !hasErrorsIn(def);
    }

    private void warnMeanWithGaussian(TrainSpec train, ModelDef def, Node holder) {
        long elements = def.output().isKnown() ? def.output().elements() : 0;
        Diagnostic.of(Code.W0503, train.lossSpan(), "`" + train.loss().keyword()
                        + "` is a mean per element here, but the gaussian layer's KL term is per sample")
                .label("mean over the " + (elements > 0 ? elements + " " : "") + "elements of each sample")
                .secondary(holder.span(), holder.op() instanceof Op.ModelOp ref
                        ? "`" + ref.model() + "` holds a gaussian layer" : "adds a KL term per sample")
                .note("the KL term then weighs " + (elements > 0 ? elements + " times " : "") + "more than the "
                        + "reconstruction, and the decoder learns little beyond the average image")
                .help("add `reduction: sum` to sum the loss over each sample, as Keras's VAE examples do")
                .fix(new Fix("add `reduction: sum`", List.of(LineEdits.after(train.lossSpan(), "reduction: sum"))))
                .report(diagnostics);
    }

    /**
     * What is known of a source's samples before reading them: everything for a named dataset;
     * for the user's files what the probe found (or, for images, the size they are read at).
     * Empty after reporting the probe's problem with the source.
     *
     * @param classes the class names when known, an empty list for a source known to be unlabelled
     */
    private record Samples(Optional<Shape> shape, OptionalInt count, Optional<Integer> classCount,
                           Optional<List<String>> classes) {
    }

    private Optional<Samples> samples(DataSource source) {
        return source.accept(new DataSource.Visitor<Optional<Samples>>() {
            @Override
            public Optional<Samples> dataset(DataRef ref) {
                Datasets.Info info = Datasets.find(ref.dataset()).orElseThrow();
                int count = ref.split() == DataRef.Split.TRAIN ? info.trainCount() : info.testCount();
                return Optional.of(new Samples(Optional.of(info.sampleShape()), OptionalInt.of(count),
                        Optional.of(info.classes()), Optional.empty()));
            }

            @Override
            public Optional<Samples> files(FileSource files) {
                DataProbe.Finding finding = probe.probe(files);
                if (finding instanceof DataProbe.Problem problem) {
                    Diagnostic.Builder b = Diagnostic.of(Code.E0408, problem.option().map(files::optionSpan)
                                    .orElse(files.pathSpan()), problem.message())
                            .label(problem.label());
                    problem.help().ifPresent(b::help);
                    b.report(diagnostics);
                    return Optional.empty();
                }
                if (finding instanceof DataProbe.Found f) {
                    found.put(files, f);
                    return Optional.of(new Samples(Optional.of(f.sampleShape()), f.count(),
                            Optional.of(f.classes().size()), Optional.of(f.classes())));
                }
                return Optional.of(new Samples(files.size(), OptionalInt.empty(), Optional.empty(), Optional.empty()));
            }

            @Override
            public Optional<Samples> heldOut(DataSource.HeldOut share) {
                throw new IllegalStateException("a held-out share has the samples of the data it is held out of");
            }
        });
    }

    /** How a source is named in messages: `mnist`, or the path as written. */
    private static String nameOf(DataSource source) {
        if (source instanceof DataRef ref) {
            return ref.dataset();
        }
        if (source instanceof FileSource files) {
            return files.written();
        }
        return source.toString();
    }

    /** Where a message about a source's samples points: the size images are read at, a file's path, a dataset's name. */
    private static Span samplesSpan(DataSource source) {
        if (source instanceof FileSource files) {
            return files.format() == DataSource.Format.IMAGES ? files.optionSpan("size") : files.pathSpan();
        }
        return source.span();
    }

    /** "28x28x1 images" or "samples of 64". */
    private static String describeSamples(DataSource source, Shape sample) {
        boolean images = source instanceof DataRef
                || (source instanceof FileSource f && f.format() == DataSource.Format.IMAGES);
        return images ? sample + " images" : "samples of " + sample;
    }

    /** The training samples must feed the model's input (see {@link DataFit}). */
    private boolean fits(TrainSpec train, ModelDef def, DataSource source, Shape sample) {
        if (!def.input().isKnown() || DataFit.feed(sample, def.input()) != DataFit.Feed.NONE) {
            return true;
        }
        boolean images = source instanceof DataRef
                || (source instanceof FileSource f && f.format() == DataSource.Format.IMAGES);
        String inputs = sample.rank() == 1 ? sample.toString()
                : sample.rank() == 3 && sample.channels() == 1
                ? sample + ", " + sample.height() + "x" + sample.width() + ", or " + sample.elements() + " (flattened row-major)"
                : sample + " or " + sample.elements() + " (flattened row-major)";
        String help = "declare the input as " + sample + (sample.rank() == 1 ? ""
                : ", or " + sample.elements() + " to take the " + (images ? "pixels" : "values") + " flattened");
        if (source instanceof FileSource f && f.format() == DataSource.Format.IMAGES && def.input().rank() == 3
                && List.of(1, 3, 4).contains(def.input().channels())) {
            help += "; or read the images at `size: " + def.input() + "`";
        }
        Diagnostic.of(Code.E0306, samplesSpan(source), "`" + train.model() + "` takes " + def.input()
                        + ", but `" + nameOf(source) + "` gives " + describeSamples(source, sample))
                .label("samples are " + sample)
                .secondary(def.inputSpan(), "`" + train.model() + "`'s input is declared here")
                .note((images ? "images" : "samples of " + sample) + " feed a model whose input is " + inputs)
                .help(help)
                .report(diagnostics);
        return false;
    }

    /** A batch no larger than the user's files, when the probe counted them. */
    private boolean batchFits(TrainSpec train, FileSource files, OptionalInt count) {
        Optional<String> tooLarge = TrainLimits.batchProblem(train.batch(), files, count);
        if (tooLarge.isEmpty()) {
            return true;
        }
        int available = count.getAsInt();
        Diagnostic.Builder b = Diagnostic.of(Code.E0205, train.batchSpan().orElse(files.pathSpan()),
                        (train.batchSpan().isPresent() ? "batch " : "the default batch ") + tooLarge.get())
                .label(train.batchSpan().isPresent() ? "too large" : available + (available == 1 ? " sample" : " samples"));
        b.help(train.batchSpan().isPresent() ? "use a batch of at most " + available
                : "add `batch: " + available + "` or less to the train block");
        train.batchSpan().ifPresent(at ->
                b.fix(Fix.of("use a batch of " + available, at, Integer.toString(available))));
        b.report(diagnostics);
        return false;
    }

    /** Validation and test data must look like the training data: the same sample shape, the same classes. */
    private boolean likeTraining(TrainSpec train, ModelDef def, DataSource other, Samples measured, Samples data) {
        String role = train.validation().filter(v -> v == other).isPresent() ? "validation" : "test";
        if (measured.shape().isPresent() && data.shape().isPresent()) {
            Shape mine = measured.shape().get();
            Shape theirs = data.shape().get();
            if (!mine.equals(theirs)) {
                boolean bothImages = other instanceof FileSource o && o.format() == DataSource.Format.IMAGES
                        && train.data() instanceof FileSource d && d.format() == DataSource.Format.IMAGES;
                Diagnostic.of(Code.E0409, samplesSpan(other), "`" + role + "` gives " + describeSamples(other, mine)
                                + ", but `data` gives " + describeSamples(train.data(), theirs))
                        .label("samples are " + mine)
                        .secondary(samplesSpan(train.data()), "training samples are " + theirs)
                        .note("the model is measured on " + role + " data shaped as it is trained")
                        .help(bothImages ? "read these images at `size: " + theirs + "` too"
                                : "use " + role + " data whose samples are " + theirs)
                        .report(diagnostics);
                return false;
            }
        } else if (measured.shape().isPresent() && !fits(train, def, other, measured.shape().get())) {
            return false;
        }
        if (train.loss().classifies() && measured.classes().isPresent() && data.classes().isPresent()
                && !measured.classes().get().isEmpty() && !data.classes().get().isEmpty()
                && !measured.classes().get().equals(data.classes().get())) {
            Diagnostic.of(Code.E0409, ((FileSource) other).pathSpan(), "`" + role + "` has other classes than `data`")
                    .label("classes " + String.join(", ", measured.classes().get()))
                    .secondary(((FileSource) train.data()).pathSpan(), "classes " + String.join(", ", data.classes().get()))
                    .note("a class is a label number: both must list the same sub-folders")
                    .help("give both folders the same class sub-folders")
                    .report(diagnostics);
            return false;
        }
        return true;
    }

    /** A classifier's output must be one probability per class of its data. */
    private boolean classifierOutput(TrainSpec train, ModelDef def, Samples data) {
        if (data.classCount().isEmpty()) {
            return true;
        }
        int classes = data.classCount().get();
        if (classes == 0) {
            FileSource files = (FileSource) train.data();
            boolean images = files.format() == DataSource.Format.IMAGES;
            Diagnostic.of(Code.E0410, files.pathSpan(), "`" + files.written() + "` has no labels, but `"
                            + train.loss().keyword() + "` trains a classifier on them")
                    .label(images ? "no class sub-folders" : "no labels")
                    .secondary(train.lossSpan(), "needs a class per sample")
                    .note(images ? "an image folder is labelled by its sub-folders: each one is a class"
                            : "only a folder of images is labelled (by its sub-folders)")
                    .help(images ? "put each class's images in a sub-folder of its own, e.g. `" + files.written()
                            + "/cat/` and `" + files.written() + "/dog/`"
                            : "read a folder of images with a sub-folder per class")
                    .report(diagnostics);
            return false;
        }
        Shape expected = Shape.of(classes);
        if (!def.output().isKnown() || def.output().equals(expected)) {
            return true;
        }
        Diagnostic.of(Code.E0311, train.lossSpan(), "`" + train.model() + "` is trained to classify `"
                        + nameOf(train.data()) + "` into " + classes + " classes, but its output is " + def.output())
                .label("needs an output of " + expected)
                .secondary(def.outputSpan(), "declared output " + def.output())
                .note("categorical cross-entropy compares one probability per class with the one-hot label")
                .help(def.output().rank() == 1 ? "end the model with `dense(" + classes + ", activation: softmax)`"
                        : "end the model with `flatten` and `dense(" + classes + ", activation: softmax)`")
                .report(diagnostics);
        return false;
    }

    private boolean hasErrorsIn(ModelDef def) {
        return def.nodes().stream().anyMatch(n -> n.op() instanceof Op.Invalid);
    }

    private void warnNotSigmoid(TrainSpec train, FinalActivation last) {
        Activation act = last.activation();
        String why = switch (act.kind()) {
            case SOFTMAX -> "softmax makes the outputs sum to 1 across all pixels, so a 784-pixel image averages "
                    + "1/784 per pixel and can never match pixel values in [0, 1]";
            case LINEAR, RELU, LEAKY_RELU, ELU -> "`" + act.kind().keyword()
                    + "` outputs are not limited to [0, 1], and binary cross-entropy needs probabilities";
            case TANH -> "tanh outputs lie in [-1, 1], and binary cross-entropy needs probabilities in [0, 1]";
            case SIGMOID -> "";
        };
        Diagnostic.of(Code.W0501, train.lossSpan(), "binary cross-entropy on a `" + act.kind().keyword()
                        + "` output")
                .label("treats every output as an independent probability")
                .secondary(last.span(), "the output activation is `" + act.kind().keyword() + "`")
                .note(why)
                .help("use `activation: sigmoid` on the last layer")
                .report(diagnostics);
    }

    /** The activation that produces a model's output, looking through shape-only layers. */
    record FinalActivation(Activation activation, Span span) {
        static Optional<FinalActivation> of(ModelDef def, Map<String, ModelDef> defs) {
            int id = def.result();
            while (id != Node.MODEL_INPUT) {
                Node node = def.nodes().get(id);
                if (node.op() instanceof Op.ModelOp ref) {
                    return of(defs.get(ref.model()), defs);
                }
                if (!(node.op() instanceof Op.LayerOp layerOp)) {
                    return Optional.empty();
                }
                Optional<Activation> act = layerOp.layer().appliedActivation();
                if (act.isPresent()) {
                    return Optional.of(new FinalActivation(act.get(), node.span()));
                }
                if (node.inputs().size() != 1) {
                    // A merge's output is no one activation's.
                    return Optional.empty();
                }
                id = node.input();
            }
            return Optional.empty();
        }
    }

    /** Shapes of a model body for any input, ignoring declarations; used to search round trips. */
    static Optional<Shape> evaluate(ModelDef def, Shape input, Map<String, ModelDef> defs) {
        Map<Integer, Shape> shapes = new HashMap<>();
        for (Node node : def.nodes()) {
            List<Shape> ins = node.inputs().stream().map(i -> i == Node.MODEL_INPUT ? input : shapes.get(i)).toList();
            Shape in = ins.get(0);
            Optional<Shape> out;
            if (node.op() instanceof Op.LayerOp layerOp && layerOp.layer() instanceof MergeLayer merge) {
                ShapeResult r = LayerShapes.apply(merge, ins);
                out = r instanceof ShapeResult.Ok ok ? Optional.of(ok.shape()) : Optional.empty();
            } else if (node.op() instanceof Op.LayerOp layerOp) {
                ShapeResult r = LayerShapes.apply(layerOp.layer(), in);
                out = r instanceof ShapeResult.Ok ok ? Optional.of(ok.shape()) : Optional.empty();
            } else if (node.op() instanceof Op.ModelOp ref) {
                out = evaluate(defs.get(ref.model()), in, defs);
            } else {
                out = Optional.empty();
            }
            if (out.isEmpty()) {
                return Optional.empty();
            }
            shapes.put(node.id(), out.get());
        }
        return Optional.of(def.result() == Node.MODEL_INPUT ? input : shapes.get(def.result()));
    }
}
