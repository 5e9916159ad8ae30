package dev.aec.compiler.resolve;

import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.layers.LayerSpec;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Fix;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.model.Program;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast;
import dev.aec.compiler.syntax.Ast.ArgList;
import dev.aec.compiler.syntax.Ast.Call;
import dev.aec.compiler.syntax.Ast.CallExpr;
import dev.aec.compiler.syntax.Ast.Expr;
import dev.aec.compiler.syntax.Ast.FileNode;
import dev.aec.compiler.syntax.Ast.FunctionalModel;
import dev.aec.compiler.syntax.Ast.ModelDecl;
import dev.aec.compiler.syntax.Ast.SequentialModel;
import dev.aec.compiler.syntax.Ast.ShapeLit;
import dev.aec.compiler.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds names: layer calls to the layer table, model references to declarations, functional
 * values to their definitions; types every argument; rejects composition cycles. Both model
 * forms come out as the same list of {@link Node}s.
 */
public final class Resolver {
    /** The note of an unknown lowercase name, made once: a file may have a hundred thousand of them. */
    private static final String LAYERS_NOTE = "layers: " + String.join(", ", LayerKinds.names().stream()
            .filter(n -> java.util.Arrays.stream(ActivationKind.values()).noneMatch(k -> k.keyword().equals(n)))
            .toList()) + ", and the activations";

    private final Diagnostics diagnostics;
    private final ArgBinder binder;
    private final Map<String, ModelDecl> declarations = new LinkedHashMap<>();
    /** Model names already reported as clashing with a layer; their uses are not reported again. */
    private final java.util.Set<String> rejectedModelNames = new java.util.HashSet<>();
    /** The declared model names, for "did you mean". */
    private final Suggest.Budget suggestions = new Suggest.Budget(Suggest.COMPARISONS);
    private final Suggest.Names declaredNames = new Suggest.Names(suggestions);
    /** The model being resolved, whose own uses are not suggested for a mistyped name in it. */
    private Optional<ModelDecl> current = Optional.empty();
    /** The words of {@link #current}'s text, counted at its first mistyped name. */
    private Optional<Map<String, Integer>> currentWords = Optional.empty();

    private Resolver(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.binder = new ArgBinder(diagnostics);
    }

    /**
     * Resolves the files (imports first, the checked file last) into one program; `directoryOf`
     * gives the folder of each file, against which its train blocks' data paths are resolved.
     */
    public static Program resolve(List<FileNode> files, Function<SourceFile, Path> directoryOf, Diagnostics diagnostics) {
        return new Resolver(diagnostics).run(files, directoryOf);
    }

    private Program run(List<FileNode> files, Function<SourceFile, Path> directoryOf) {
        for (FileNode file : files) {
            for (ModelDecl decl : file.models()) {
                declare(decl);
            }
        }
        declarations.keySet().forEach(declaredNames::add);
        List<ModelDef> models = new ArrayList<>();
        for (ModelDecl decl : declarations.values()) {
            current = Optional.of(decl);
            currentWords = Optional.empty();
            models.add(resolveModel(decl));
        }
        current = Optional.empty();
        List<ModelDef> acyclic = CompositionLimits.apply(CycleFinder.removeCycles(models, diagnostics), diagnostics);
        Map<String, ModelDef> byName = new HashMap<>();
        acyclic.forEach(m -> byName.put(m.name(), m));
        List<TrainSpec> trains = new ArrayList<>();
        Map<String, Span> trained = new HashMap<>();
        TrainResolver trainResolver = new TrainResolver(diagnostics);
        for (FileNode file : files) {
            for (Ast.TrainDecl train : file.trains()) {
                String name = train.model().text();
                if (!declarations.containsKey(name)) {
                    Diagnostic.Builder b = Diagnostic.of(Code.E0109, train.model().span(),
                                    "train block names unknown model `" + name + "`")
                            .label("no model with this name");
                    declaredNames.closest(name, List.of(), m -> true)
                            .ifPresent(s -> b.didYouMean(train.model().span(), s));
                    if (declarations.isEmpty()) {
                        b.note("this file declares no models");
                    }
                    b.report(diagnostics);
                    trainResolver.resolve(train, directoryOf.apply(file.source()));
                    continue;
                }
                Span previous = trained.putIfAbsent(name, train.model().span());
                if (previous != null) {
                    Diagnostic.of(Code.E0110, train.model().span(), "`" + name + "` has two train blocks")
                            .label("second train block")
                            .secondary(previous, "first train block")
                            .help("merge them into one")
                            .report(diagnostics);
                    continue;
                }
                trainResolver.resolve(train, directoryOf.apply(file.source())).ifPresent(trains::add);
            }
        }
        return new Program(acyclic, trains);
    }

    private void declare(ModelDecl decl) {
        String name = decl.name().text();
        ModelDecl previous = declarations.get(name);
        if (previous != null) {
            Diagnostic.of(Code.E0102, decl.name().span(), "model `" + name + "` is declared twice")
                    .label("second declaration")
                    .secondary(previous.name().span(), "first declared here")
                    .help("rename one of them")
                    .report(diagnostics);
            return;
        }
        if (LayerKinds.find(name).isPresent()) {
            rejectedModelNames.add(name);
            Diagnostic.of(Code.E0102, decl.name().span(), "model `" + name + "` has the name of a layer")
                    .label("`" + name + "` is a built-in layer")
                    .help("choose another name, for example `" + capitalize(name) + "`")
                    .report(diagnostics);
            return;
        }
        declarations.put(name, decl);
    }

    private ModelDef resolveModel(ModelDecl decl) {
        Shape input = signatureShape(decl.input(), "input");
        Shape output = signatureShape(decl.output(), "output");
        if (decl instanceof SequentialModel seq) {
            List<Node> nodes = new ArrayList<>();
            int previous = Node.MODEL_INPUT;
            for (Call call : seq.layers()) {
                Op op = sequentialOp(call);
                nodes.add(new Node(nodes.size(), op, previous, call.span(), Optional.empty()));
                previous = nodes.size() - 1;
            }
            return new ModelDef(seq.name().text(), seq.name().span(), input, seq.input().span(), output,
                    seq.output().span(), ModelDef.Form.SEQUENTIAL, nodes, previous, seq.span());
        }
        FunctionalModel fun = (FunctionalModel) decl;
        FunctionalBody body = new FunctionalBody(fun);
        body.resolve();
        return new ModelDef(fun.name().text(), fun.name().span(), input, fun.input().span(), output,
                fun.output().span(), ModelDef.Form.FUNCTIONAL, body.nodes, body.result, fun.span());
    }

    private Shape signatureShape(ShapeLit lit, String which) {
        if (lit.dims().size() > 3) {
            Diagnostic.of(Code.E0308, lit.span(), "shape " + lit.text() + " has " + lit.dims().size() + " dimensions")
                    .label("at most 3: height x width x channels")
                    .note("the batch dimension is never written")
                    .report(diagnostics);
            return Shape.UNKNOWN;
        }
        int[] dims = new int[lit.dims().size()];
        for (int i = 0; i < dims.length; i++) {
            long d = lit.dims().get(i);
            if (d <= 0 || d > ValueReader.MAX_DIM) {
                Diagnostic.of(Code.E0308, lit.span(), "declared " + which + " shape " + lit.text()
                                + (d <= 0 ? " has a non-positive size" : " has a size above " + ValueReader.MAX_DIM))
                        .label(d <= 0 ? "every size must be at least 1" : "too large")
                        .report(diagnostics);
                return Shape.UNKNOWN;
            }
            dims[i] = (int) d;
        }
        return Shape.of(dims);
    }

    /** A layer line of a sequential body: `conv2d(...)`, `relu`, `Encoder`. */
    private Op sequentialOp(Call call) {
        String name = call.name().text();
        if (call.argLists().size() > 1) {
            Diagnostic.of(Code.E0208, call.argLists().get(1).span(), "a layer in a sequential model takes one argument list")
                    .label("extra argument list")
                    .note("in a sequential model each layer reads the output of the line above")
                    .help("to name values, declare the model in functional form: `model M(x: 784) -> 784 { ... }`")
                    .report(diagnostics);
            return new Op.Invalid();
        }
        Optional<ArgList> args = call.argLists().stream().findFirst();
        if (rejectedModelNames.contains(name) && args.isEmpty()) {
            return new Op.Invalid();
        }
        if (declarations.containsKey(name)) {
            if (args.isPresent()) {
                Diagnostic.of(Code.E0208, args.get().span(), "model `" + name + "` takes no arguments here")
                        .label("remove this")
                        .note("in a sequential model a model reads the output of the line above")
                        .report(diagnostics);
                return new Op.Invalid();
            }
            return new Op.ModelOp(name);
        }
        if (LayerKinds.find(name).filter(s -> MergeLayer.class.isAssignableFrom(s.type())).isPresent()) {
            Diagnostic.of(Code.E0212, call.name().span(), "`" + name + "` merges several values and has no place in "
                            + "a sequential model")
                    .label("a sequential layer reads only the line above")
                    .help("declare the model in functional form and name the values: `model M(x: 784) -> 784 { "
                            + "h = dense(784)(x)  return " + name + "(x, h) }`")
                    .report(diagnostics);
            return new Op.Invalid();
        }
        return layerOp(call.name(), args, call.span());
    }

    private Op layerOp(Ast.Ident name, Optional<ArgList> args, Span callSpan) {
        Optional<LayerSpec> spec = LayerKinds.find(name.text());
        if (spec.isEmpty()) {
            reportUnknownCallee(name, callSpan);
            return new Op.Invalid();
        }
        return binder.bind(spec.get(), args, callSpan)
                .<Op>map(bound -> new Op.LayerOp(spec.get().build().apply(bound)))
                .orElseGet(Op.Invalid::new);
    }

    private void reportUnknownCallee(Ast.Ident name, Span callSpan) {
        // A model the same body already uses is not what a different name meant (`Decoder` after `Encoder`).
        Map<String, Integer> inCall = Words.count(callSpan.text());
        if (currentWords.isEmpty()) {
            currentWords = Optional.of(current.map(d -> Words.count(d.span().text())).orElse(Map.of()));
        }
        Map<String, Integer> inBody = currentWords.get();
        java.util.function.Predicate<String> unused = m ->
                inBody.getOrDefault(m, 0) - inCall.getOrDefault(m, 0) <= 0;
        Diagnostic.Builder b = Diagnostic.of(Code.E0101, name.span(), "unknown layer or model `" + name.text() + "`")
                .label("not a layer, and no model has this name");
        Optional<String> close = declaredNames.closest(name.text(), LayerKinds.names(), unused);
        Optional<String> keras = KerasNames.layer(name.text());
        if (keras.isPresent()) {
            b.help("Keras's `" + name.text() + "` is `" + keras.get() + "` here")
                    .fix(Fix.of("change to `" + keras.get() + "`", name.span(), keras.get()));
        } else if (close.isPresent()) {
            b.didYouMean(name.span(), close.get());
        } else if (Character.isUpperCase(name.text().charAt(0))) {
            b.help("declare `model " + name.text() + " : ... { ... }` in this file, or import the file that declares it");
        } else {
            b.note(LAYERS_NOTE);
        }
        b.report(diagnostics);
    }

    /** Words (runs of letters, digits and `_`) of a text, with their counts. */
    private static final class Words {
        static Map<String, Integer> count(String text) {
            Map<String, Integer> counts = new HashMap<>();
            int i = 0;
            while (i < text.length()) {
                if (!isWordChar(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                counts.merge(text.substring(start, i), 1, Integer::sum);
            }
            return counts;
        }

        private static boolean isWordChar(char c) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }

    private static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The named values of one functional model, turned into nodes in order. */
    private final class FunctionalBody {
        private final FunctionalModel model;
        private final List<Node> nodes = new ArrayList<>();
        /** Every definition in order; a name may be bound again, as `x = dense(64)(x)` in Keras. */
        private final List<Binding> bindings = new ArrayList<>();
        private final Map<String, Binding> scope = new LinkedHashMap<>();
        private final Suggest.Names scopeNames = new Suggest.Names(suggestions);
        private int result = Node.MODEL_INPUT;

        FunctionalBody(FunctionalModel model) {
            this.model = model;
        }

        void resolve() {
            long errorsBefore = diagnostics.errorCount();
            String param = model.param().text();
            if (declarations.containsKey(param) || LayerKinds.find(param).isPresent()) {
                Diagnostic.of(Code.E0111, model.param().span(), "input `" + param + "` has the name of a "
                                + (declarations.containsKey(param) ? "model" : "layer"))
                        .label("choose another name")
                        .help("rename the input, for example `x`")
                        .report(diagnostics);
            }
            bind(param, Node.MODEL_INPUT, model.param().span());
            boolean returned = false;
            Span returnSpan = null;
            for (Ast.Statement statement : model.body()) {
                if (returned) {
                    Diagnostic.of(Code.E0108, statement.span(), "statement after `return`")
                            .label("never used")
                            .secondary(returnSpan, "the model's output is this")
                            .help("move `return` to the end")
                            .report(diagnostics);
                    result = poison(statement.span(), Optional.empty());
                    break;
                }
                if (statement instanceof Ast.Assign assign) {
                    int node = value(assign.value(), Optional.of(assign.target().text()));
                    String target = assign.target().text();
                    if (declarations.containsKey(target) || LayerKinds.find(target).isPresent()) {
                        Diagnostic.of(Code.E0104, assign.target().span(), "`" + target + "` is the name of a "
                                        + (declarations.containsKey(target) ? "model" : "layer"))
                                .label("a value cannot take this name")
                                .help("choose another name, for example `h`")
                                .report(diagnostics);
                    }
                    // Bound even when the name is reported, so its uses are not reported again.
                    bind(target, node, assign.target().span());
                } else {
                    result = value(statement.value(), Optional.empty());
                    returned = true;
                    returnSpan = statement.span();
                }
            }
            if (!returned) {
                Diagnostic.of(Code.E0108, model.name().span(), "model `" + model.name().text() + "` has no `return`")
                        .label("its output is never given")
                        .help("end the body with `return <value>`")
                        .report(diagnostics);
                result = nodes.isEmpty() ? Node.MODEL_INPUT : nodes.size() - 1;
                bindings.forEach(b -> b.used = true);
            }
            // After an error in this body a value may look unused only because its use was lost.
            boolean clean = diagnostics.errorCount() == errorsBefore;
            for (Binding binding : bindings) {
                if (!binding.used && clean) {
                    Diagnostic.of(Code.W0502, binding.span, "value `" + binding.name + "` is never used")
                            .label("defined but not used")
                            .help("remove it, or use it in the `return` value")
                            .report(diagnostics);
                }
            }
        }

        private void bind(String name, int node, Span span) {
            Binding binding = new Binding(name, node, span);
            bindings.add(binding);
            scope.put(name, binding);
            scopeNames.add(name);
        }

        /** The node computing `expr`, adding nodes for calls; a poison node after an error. */
        private int value(Expr expr, Optional<String> boundName) {
            if (!(expr instanceof CallExpr callExpr)) {
                Diagnostic.of(Code.E0201, expr.span(), "expected a value, found " + ValueReader.describe(expr))
                        .label("not a value")
                        .help("values are names like `x` or calls like `dense(64)(x)`")
                        .report(diagnostics);
                return poison(expr.span(), boundName);
            }
            Call call = callExpr.call();
            String name = call.name().text();
            if (call.argLists().isEmpty()) {
                Binding binding = scope.get(name);
                if (binding != null) {
                    binding.used = true;
                    return binding.node;
                }
                if (declarations.containsKey(name) || LayerKinds.find(name).isPresent()) {
                    Diagnostic.of(Code.E0207, call.span(), "`" + name + "` is used without its input")
                            .label("apply it to a value")
                            .help("write `" + name + "(" + model.param().text() + ")`")
                            .fix(Fix.of("apply it to `" + model.param().text() + "`", call.span(),
                                    name + "(" + model.param().text() + ")"))
                            .report(diagnostics);
                } else {
                    Diagnostic.Builder b = Diagnostic.of(Code.E0103, call.span(), "unknown value `" + name + "`")
                            .label("not defined before this line");
                    scopeNames.closest(name, List.of(), v -> true).ifPresent(s -> b.didYouMean(call.span(), s));
                    b.report(diagnostics);
                }
                return poison(call.span(), boundName);
            }
            List<ArgList> lists = call.argLists();
            ArgList inputList = lists.get(lists.size() - 1);
            Optional<ArgList> config = lists.size() >= 2 ? Optional.of(lists.get(lists.size() - 2)) : Optional.empty();
            if (lists.size() > 2) {
                Diagnostic.of(Code.E0208, lists.get(0).span(), "too many argument lists")
                        .label("expected `layer(arguments)(input)`")
                        .report(diagnostics);
                return poison(call.span(), boundName);
            }
            boolean isModel = declarations.containsKey(name);
            Optional<LayerSpec> spec = LayerKinds.find(name);
            if (!isModel && spec.isEmpty()) {
                reportUnknownCallee(call.name(), call.span());
                return poison(call.span(), boundName);
            }
            if (!isModel && MergeLayer.class.isAssignableFrom(spec.get().type())) {
                return merge(call, spec.get(), boundName);
            }
            if (!looksLikeInput(inputList)) {
                // `dense(64)` with no second list: the arguments configure the layer, the input is missing.
                Diagnostic.of(Code.E0207, call.span(), "`" + name + "` is used without its input")
                        .label("this configures the layer but gives it no input")
                        .help("apply it to a value: `" + call.span().text() + "(" + model.param().text() + ")`")
                        .fix(Fix.of("apply it to `" + model.param().text() + "`",
                                new Span(call.span().file(), call.span().end(), call.span().end()),
                                "(" + model.param().text() + ")"))
                        .report(diagnostics);
                return poison(call.span(), boundName);
            }
            int input = value(inputList.args().get(0).value(), Optional.empty());
            Op op;
            if (isModel) {
                if (config.isPresent()) {
                    Diagnostic.of(Code.E0208, config.get().span(), "model `" + name + "` takes no arguments")
                            .label("remove this list")
                            .help("write `" + name + "(" + inputList.args().get(0).value().span().text() + ")`")
                            .fix(Fix.of("remove the arguments", config.get().span(), ""))
                            .report(diagnostics);
                    op = new Op.Invalid();
                } else {
                    op = new Op.ModelOp(name);
                }
            } else {
                op = layerOp(call.name(), config, call.span());
            }
            nodes.add(new Node(nodes.size(), op, input, call.span(), boundName));
            return nodes.size() - 1;
        }

        /**
         * A merge, `add(a, b)` or `concat(a, b, axis: -1)`: one list whose positional arguments are
         * the values it reads and whose keyword arguments configure it, as Keras's `Add()([a, b])`.
         */
        private int merge(Call call, LayerSpec spec, Optional<String> boundName) {
            String name = call.name().text();
            List<ArgList> lists = call.argLists();
            if (lists.size() > 1) {
                Diagnostic.of(Code.E0208, lists.get(1).span(), "`" + name + "` takes its values and settings in one "
                                + "argument list")
                        .label("extra argument list")
                        .help("write `" + name + "(a, b" + (spec.params().isEmpty() ? "" : ", "
                                + spec.params().get(0).name() + ": ...") + ")`")
                        .report(diagnostics);
                return poison(call.span(), boundName);
            }
            List<Integer> inputs = new ArrayList<>();
            List<Span> inputSpans = new ArrayList<>();
            List<Ast.Arg> settings = new ArrayList<>();
            for (Ast.Arg arg : lists.get(0).args()) {
                if (arg.key().isPresent()) {
                    settings.add(arg);
                } else {
                    inputs.add(value(arg.value(), Optional.empty()));
                    inputSpans.add(arg.value().span());
                }
            }
            Optional<ArgList> config = settings.isEmpty() ? Optional.empty()
                    : Optional.of(new ArgList(settings, lists.get(0).span()));
            Op op = layerOp(call.name(), config, call.span());
            if (inputs.isEmpty()) {
                // No value at all: the layer's rule would have nothing to point at.
                Diagnostic.of(Code.E0211, call.span(), "`" + name + "` merges at least two values, found none")
                        .label("no values")
                        .help("give it the values to merge: `" + name + "(a, b)`")
                        .report(diagnostics);
                return poison(call.span(), boundName);
            }
            nodes.add(new Node(nodes.size(), op, inputs, inputSpans, call.span(), boundName));
            return nodes.size() - 1;
        }

        /** An input list holds exactly one positional value expression (a name or a call). */
        private boolean looksLikeInput(ArgList list) {
            return list.args().size() == 1 && list.args().get(0).key().isEmpty()
                    && list.args().get(0).value() instanceof CallExpr;
        }

        private int poison(Span span, Optional<String> boundName) {
            nodes.add(new Node(nodes.size(), new Op.Invalid(), Node.MODEL_INPUT, span, boundName));
            return nodes.size() - 1;
        }
    }

    /** One definition of a functional value. */
    private static final class Binding {
        final String name;
        final int node;
        final Span span;
        boolean used;

        Binding(String name, int node, Span span) {
            this.name = name;
            this.node = node;
            this.span = span;
        }
    }
}
