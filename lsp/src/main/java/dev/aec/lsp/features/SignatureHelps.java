package dev.aec.lsp.features;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.layers.LayerSpec;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.resolve.SettingValues;
import dev.aec.compiler.source.SourceFile;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import dev.aec.lsp.features.TextContext.OpenList;
import dev.aec.lsp.features.TextContext.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.ParameterInformation;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Tuple;

/**
 * The parameters of the call being written: a layer's, as `conv2d(filters, kernel, stride = 1x1, ...)`
 * with the one the cursor is on active; a nested model's one input in a functional body; an optimizer's
 * in a train block. Read from the tokens, so it follows the user through a line that does not parse.
 */
public final class SignatureHelps {
    private SignatureHelps() {
    }

    /** The signature of the innermost argument list around `position` that belongs to something known. */
    public static Optional<SignatureHelp> signatureHelp(Analysis analysis, Position position) {
        SourceFile text = analysis.source();
        int offset = Positions.offset(text, position);
        Tokens tokens = Tokens.of(text);
        if (tokens.inCommentOrString(offset)) {
            return Optional.empty();
        }
        TextContext context = TextContext.typing(tokens.code(), tokens.countBefore(offset), false);
        Optional<OpenList> innermost = context.innermost();
        if (innermost.isEmpty()) {
            return Optional.empty();
        }
        OpenList list = innermost.get();
        // A name being typed at the start of an argument is the key it will be: `activ` is `activation`.
        Optional<String> typed = tokens.wordBefore(offset).filter(i -> i > 0)
                .filter(i -> tokens.code().get(i - 1).is(",") || tokens.code().get(i - 1).is("("))
                .map(i -> tokens.code().get(i).text().substring(0,
                        offset - tokens.code().get(i).span().start()));
        return switch (context.block()) {
            case SEQUENTIAL -> LayerKinds.find(list.callee()).filter(s -> list.list() == 0)
                    .map(spec -> layer(spec, list, typed));
            case FUNCTIONAL -> functional(tokens, analysis, list, typed);
            case TRAIN -> train(context, list, typed);
            case TOP, MODEL_HEADER, TRAIN_HEADER -> Optional.empty();
        };
    }

    private static Optional<SignatureHelp> functional(Tokens tokens, Analysis analysis, OpenList list,
                                                      Optional<String> typed) {
        Optional<LayerSpec> spec = LayerKinds.find(list.callee());
        if (spec.isPresent()) {
            boolean configures = Descriptions.isMerge(spec.get())
                    || list.list() == 0 && !spec.get().params().isEmpty();
            return configures ? Optional.of(layer(spec.get(), list, typed)) : Optional.empty();
        }
        if (list.list() != 0) {
            return Optional.empty();
        }
        Optional<CheckedModel> checked = analysis.result().program().flatMap(p -> p.model(list.callee()));
        if (checked.isPresent()) {
            return Optional.of(model(list.callee(), checked.get().def().input().toString(),
                    checked.get().def().output().toString(), Descriptions.model(checked.get())));
        }
        // While the text does not parse, the model's header still says what it takes.
        return tokens.declared(list.callee())
                .map(io -> model(list.callee(), io.input(), io.output(), "declared `" + io + "`"));
    }

    private static SignatureHelp layer(LayerSpec spec, OpenList list, Optional<String> typed) {
        boolean merge = Descriptions.isMerge(spec);
        Label label = new Label(spec.name() + "(");
        if (merge) {
            label.parameter("values...", "the values merged, at least two", ", ");
        }
        for (LayerSpec.Param p : spec.params()) {
            String shown = p.required() ? p.name() : p.name() + " = " + p.defaultText();
            label.parameter(shown, Descriptions.parameter(spec, p), ", ");
        }
        SignatureInformation signature = label.close(")", Descriptions.layerSummary(spec));
        List<String> names = spec.params().stream().map(LayerSpec.Param::name).toList();
        Optional<String> key = list.key().or(() -> typed.filter(t -> !t.isEmpty())
                .flatMap(t -> names.stream().filter(n -> n.startsWith(t)).findFirst()));
        int active;
        if (key.isPresent()) {
            int found = names.indexOf(key.get());
            active = found < 0 ? label.count() : found + (merge ? 1 : 0);
        } else {
            active = merge ? 0 : list.argument();
        }
        return help(signature, active);
    }

    private static SignatureHelp model(String name, String input, String output, String markdown) {
        Label label = new Label(name + "(");
        label.parameter("input: " + input, "the value `" + name + "` is applied to, of shape `" + input + "`", "");
        return help(label.close(") -> " + output, markdown), 0);
    }

    /** An optimizer's parameters with their defaults, or the parameters of another setting's call. */
    private static Optional<SignatureHelp> train(TextContext context, OpenList list, Optional<String> typed) {
        if (list.list() != 0 || context.trainKey().isEmpty()) {
            return Optional.empty();
        }
        String key = context.trainKey().get();
        Optional<OptimizerKind> optimizer = Descriptions.optimizerKind(list.callee()).filter(k -> key.equals("optimizer"));
        if (optimizer.isPresent()) {
            return Optional.of(optimizer(optimizer.get(), list));
        }
        return SettingValues.find(key, list.callee()).filter(v -> !v.parameters().isEmpty())
                .map(value -> settingCall(value, list, typed));
    }

    private static SignatureHelp settingCall(SettingValues.Value value, OpenList list, Optional<String> typed) {
        Label label = new Label(value.word() + "(");
        for (String name : value.parameters()) {
            label.parameter(name, "**" + name + "** of `" + value.word() + "`", ", ");
        }
        SignatureInformation signature = label.close(")", Descriptions.settingValue(value));
        List<String> names = value.parameters();
        Optional<String> key = list.key().or(() -> typed.filter(t -> !t.isEmpty())
                .flatMap(t -> names.stream().filter(n -> n.startsWith(t)).findFirst()));
        int active = key.map(names::indexOf).orElse(list.argument());
        return help(signature, active < 0 ? names.size() : active);
    }

    private static SignatureHelp optimizer(OptimizerKind kind, OpenList list) {
        Label label = new Label(kind.keyword() + "(");
        List<String> names = new ArrayList<>(kind.defaults().keySet());
        for (Map.Entry<String, Double> e : kind.defaults().entrySet()) {
            label.parameter(e.getKey() + " = " + Descriptions.number(e.getValue()),
                    Descriptions.optimizerParameter(kind, e.getKey()), ", ");
        }
        SignatureInformation signature = label.close(")", Descriptions.optimizer(kind));
        // Only the learning rate may be given without its name.
        int active = list.key().map(names::indexOf).orElse(list.argument() == 0 ? 0 : names.size());
        return help(signature, active < 0 ? names.size() : active);
    }

    private static SignatureHelp help(SignatureInformation signature, int active) {
        SignatureHelp help = new SignatureHelp(List.of(signature), 0, active);
        signature.setActiveParameter(active);
        return help;
    }

    /** A signature's label as it is built, with the place of each parameter in it. */
    private static final class Label {
        private final StringBuilder text;
        private final List<ParameterInformation> parameters = new ArrayList<>();

        Label(String start) {
            text = new StringBuilder(start);
        }

        void parameter(String shown, String markdown, String separator) {
            if (!parameters.isEmpty()) {
                text.append(separator);
            }
            int start = text.length();
            text.append(shown);
            ParameterInformation parameter = new ParameterInformation();
            parameter.setLabel(Either.forRight(Tuple.two(start, text.length())));
            parameter.setDocumentation(Either.forRight(new MarkupContent(MarkupKind.MARKDOWN, markdown)));
            parameters.add(parameter);
        }

        int count() {
            return parameters.size();
        }

        SignatureInformation close(String end, String markdown) {
            text.append(end);
            SignatureInformation signature = new SignatureInformation(text.toString());
            signature.setDocumentation(Either.forRight(new MarkupContent(MarkupKind.MARKDOWN, markdown)));
            signature.setParameters(parameters);
            return signature;
        }
    }
}
