package dev.aec.lsp.features;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.layers.LayerSpec;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.resolve.SettingValues;
import dev.aec.compiler.resolve.TrainSettings;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Lexer.Kind;
import dev.aec.compiler.syntax.Lexer.Token;
import dev.aec.compiler.types.Shape;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import dev.aec.lsp.features.TextContext.OpenList;
import dev.aec.lsp.features.TextContext.Tokens;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * The hover of a place: a layer's output shape and parameters there, a model's signature and size, what
 * an argument, a train setting or a value means. Names are recognised from the tokens, so keys and layer
 * kinds are explained even in a file that does not parse; shapes come from the last check and are shown
 * for every model the checker got through, whatever the errors elsewhere.
 */
public final class Hovers {
    private Hovers() {
    }

    /** The hover at `position`, in markdown; empty over comments, strings and places with nothing to say. */
    public static Optional<Hover> hover(Analysis analysis, Position position) {
        SourceFile file = analysis.source();
        int offset = Positions.offset(file, position);
        Tokens tokens = Tokens.of(file);
        boolean inText = tokens.all().stream().anyMatch(t -> t.span().start() <= offset && offset < t.span().end()
                && (t.kind().isComment() || t.kind() == Kind.STRING || t.kind() == Kind.UNTERMINATED_STRING));
        if (inText) {
            return Optional.empty();
        }
        Optional<CheckedProgram> program = analysis.result().program();
        Optional<Integer> at = tokens.codeAt(offset);
        if (at.isPresent() && TextContext.isWord(tokens.code().get(at.get()))) {
            Token word = tokens.code().get(at.get());
            TextContext context = TextContext.before(tokens.code(), at.get());
            Optional<Token> next = at.get() + 1 < tokens.code().size() ? Optional.of(tokens.code().get(at.get() + 1))
                    : Optional.empty();
            boolean keyed = next.filter(t -> t.is(":")).isPresent();
            Optional<String> text = word(context, word.text(), keyed, program, analysis, offset);
            if (text.isEmpty() && program.isEmpty() && context.block() != TextContext.Block.TRAIN) {
                text = tokens.declared(word.text()).map(d -> "```aec\nmodel " + word.text() + " : " + d + "\n```");
            }
            if (text.isEmpty() && context.block() == TextContext.Block.FUNCTIONAL) {
                boolean assigned = next.filter(t -> t.is("=")).isPresent();
                text = program.flatMap(p -> value(p, analysis.result().main(), word, assigned, context));
            }
            if (text.isPresent()) {
                return Optional.of(hover(text.get(), word.span()));
            }
        }
        return program.flatMap(p -> node(p, analysis.result().main(), offset)).map(f -> hover(f.markdown(), f.span()));
    }

    /** What a hover says and the text it is about. */
    private record Found(String markdown, Span span) {
    }

    private static Optional<String> word(TextContext context, String word, boolean keyed,
                                         Optional<CheckedProgram> program, Analysis analysis, int offset) {
        Optional<OpenList> list = context.innermost();
        switch (context.block()) {
            case MODEL_HEADER, TRAIN_HEADER -> {
                return context.blockName().isEmpty() ? program.flatMap(p -> p.model(word)).map(Descriptions::model)
                        : Optional.empty();
            }
            case TRAIN -> {
                if (list.isEmpty() && keyed) {
                    return TrainSettings.find(word).map(Descriptions::setting);
                }
                if (list.isEmpty() && context.after(":") && context.trainKey().isPresent()) {
                    String key = context.trainKey().get();
                    if (key.equals("optimizer")) {
                        return Descriptions.optimizerKind(word).map(Descriptions::optimizer);
                    }
                    return SettingValues.find(key, word).map(Descriptions::settingValue);
                }
                if (list.isPresent() && keyed && list.get().list() == 0) {
                    return Descriptions.optimizerKind(list.get().callee())
                            .filter(k -> k.defaults().containsKey(word))
                            .map(k -> Descriptions.optimizerParameter(k, word));
                }
                return Optional.empty();
            }
            case SEQUENTIAL, FUNCTIONAL -> {
                if (list.isPresent()) {
                    Optional<String> argument = argument(context, list.get(), word, keyed);
                    if (argument.isPresent()) {
                        return argument;
                    }
                }
                boolean named = LayerKinds.find(word).isPresent() || program.flatMap(p -> p.model(word)).isPresent();
                Optional<String> node = named ? program.flatMap(p -> node(p, analysis.result().main(), offset))
                        .map(Found::markdown) : Optional.empty();
                if (node.isPresent()) {
                    return node;
                }
                Optional<String> model = program.flatMap(p -> p.model(word)).map(Descriptions::model);
                return model.isPresent() ? model : LayerKinds.find(word).map(Descriptions::layer);
            }
            case TOP -> {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A key or a value inside a layer's argument list. */
    private static Optional<String> argument(TextContext context, OpenList list, String word, boolean keyed) {
        Optional<LayerSpec> spec = LayerKinds.find(list.callee());
        boolean configures = spec.isPresent() && (Descriptions.isMerge(spec.get()) || list.list() == 0
                && (context.block() == TextContext.Block.SEQUENTIAL || !spec.get().params().isEmpty()));
        if (!configures) {
            return Optional.empty();
        }
        if (keyed) {
            return spec.get().param(word).map(p -> Descriptions.parameter(spec.get(), p));
        }
        Optional<LayerSpec.Param> param = list.key().flatMap(spec.get()::param);
        if (list.key().isEmpty() && !Descriptions.isMerge(spec.get()) && list.argument() < spec.get().params().size()) {
            param = Optional.of(spec.get().params().get(list.argument()));
        }
        if (param.isEmpty()) {
            return Optional.empty();
        }
        return switch (param.get().type()) {
            case ACTIVATION -> Descriptions.activation(word).map(Descriptions::activationValue);
            case PADDING -> Descriptions.padding(word).map(Descriptions::paddingValue);
            case COUNT, SIZE2, EXTRA_SIZE2, SHAPE, BOOL, NUMBER, WEIGHT, RATE, FRACTION, POSITIVE, AXIS ->
                    Optional.empty();
        };
    }

    /**
     * A named value of a functional body: the value a statement assigns when `assigned`, else the one in
     * scope at the name (the latest assigned before it), else the model's input.
     */
    private static Optional<String> value(CheckedProgram program, SourceFile main, Token word, boolean assigned,
                                          TextContext context) {
        String name = word.text();
        int at = word.span().start();
        for (CheckedModel model : program.models().values()) {
            ModelDef def = model.def();
            if (def.span().file() != main || at < def.span().start() || at >= def.span().end()
                    || def.form() != ModelDef.Form.FUNCTIONAL) {
                continue;
            }
            List<Node> named = def.nodes().stream().filter(n -> n.boundName().filter(name::equals).isPresent())
                    .toList();
            Optional<Node> node = assigned ? named.stream().filter(n -> n.span().start() > at).findFirst()
                    : named.stream().filter(n -> n.span().end() <= at).reduce((first, second) -> second);
            if (node.isPresent()) {
                Shape shape = model.nodeShapes().get(node.get().id());
                return shape.isKnown() ? Optional.of("value **" + name + "** : `" + shape + "`") : Optional.empty();
            }
            boolean input = !context.boundNames().isEmpty() && context.boundNames().get(0).equals(name);
            return input ? Optional.of("value **" + name + "** : `" + def.input() + "`, the input of `" + def.name()
                    + "`") : Optional.empty();
        }
        return Optional.empty();
    }

    /** The layer or model applied at `offset`, with what the checker found for it there. */
    private static Optional<Found> node(CheckedProgram program, SourceFile main, int offset) {
        Optional<CheckedProgram.NodeAt> found = program.nodeAt(main, offset);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CheckedProgram.NodeAt at = found.get();
        Span span = at.node().span();
        if (at.node().op() instanceof Op.LayerOp layer) {
            LayerSpec spec = LayerKinds.find(layer.layer().kind()).orElseThrow();
            String text = at.shape().isKnown() ? Descriptions.layerNode(spec, at.shape(), at.params())
                    : Descriptions.layer(spec);
            return Optional.of(new Found(text, span));
        }
        if (at.node().op() instanceof Op.ModelOp model) {
            Optional<CheckedModel> used = program.model(model.model());
            return used.map(m -> new Found(Descriptions.model(m), span));
        }
        return Optional.empty();
    }

    private static Hover hover(String markdown, Span span) {
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown), Positions.range(span));
    }
}
