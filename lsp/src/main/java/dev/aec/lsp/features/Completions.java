package dev.aec.lsp.features;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.layers.LayerSpec;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.resolve.SettingValues;
import dev.aec.compiler.resolve.TrainSettings;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Lexer.Kind;
import dev.aec.compiler.syntax.Lexer.Token;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import dev.aec.lsp.features.TextContext.Given;
import dev.aec.lsp.features.TextContext.OpenList;
import dev.aec.lsp.features.TextContext.Tokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * What may be written at a place, decided from the tokens before it so that it works while the line
 * does not parse: layer kinds and models on a layer line, a layer's parameters and their values in
 * its argument list, settings and their values in a train block, named values in a functional body.
 * Every word comes from the compiler's tables; nothing is offered inside comments and strings.
 */
public final class Completions {
    private Completions() {
    }

    /** The items for `position`, with snippets to fill in; see {@link #complete(Analysis, Position, boolean)}. */
    public static List<CompletionItem> complete(Analysis analysis, Position position) {
        return complete(analysis, position, true);
    }

    /**
     * The items for `position`, in the order the language documents them; the editor filters by prefix.
     * With `snippets` a layer is inserted with placeholders for its required arguments; without (for an
     * editor that does not support them), every item inserts its plain name.
     */
    public static List<CompletionItem> complete(Analysis analysis, Position position, boolean snippets) {
        SourceFile text = analysis.source();
        int offset = Positions.offset(text, position);
        Tokens tokens = Tokens.of(text);
        if (tokens.inCommentOrString(offset)) {
            return List.of();
        }
        Optional<Integer> word = tokens.wordBefore(offset);
        int index = word.orElse(tokens.countBefore(offset));
        TextContext context = TextContext.typing(tokens.code(), index, word.isPresent());
        Models models = Models.of(analysis, tokens);
        Items items = new Items(snippets);
        Optional<OpenList> list = context.innermost();
        switch (context.block()) {
            case TOP -> {
                if (context.previous().filter(t -> t.kind() == Kind.IMPORT).isEmpty()) {
                    for (String keyword : List.of("model", "train", "import")) {
                        items.add(keyword, CompletionItemKind.Keyword, "", "");
                    }
                }
            }
            case MODEL_HEADER -> {
            }
            case TRAIN_HEADER -> {
                if (context.blockName().isEmpty()) {
                    models.names().forEach(m -> items.model(m, models, false, ""));
                }
            }
            case SEQUENTIAL -> {
                if (list.isEmpty()) {
                    layerLine(context, models, items);
                } else {
                    LayerKinds.find(list.get().callee()).filter(s -> list.get().list() == 0)
                            .ifPresent(spec -> arguments(context, list.get(), spec, items));
                }
            }
            case FUNCTIONAL -> functional(context, list, models, items);
            case TRAIN -> train(context, list, items);
        }
        return items.list();
    }

    private static void layerLine(TextContext context, Models models, Items items) {
        for (LayerSpec spec : Descriptions.sequentialKinds()) {
            items.layer(spec, Optional.empty());
        }
        models.names().stream().filter(m -> !m.equals(context.blockName()))
                .forEach(m -> items.model(m, models, false, ""));
    }

    private static void functional(TextContext context, Optional<OpenList> list, Models models, Items items) {
        if (list.isEmpty()) {
            boolean value = context.after("=") || context.previous().filter(t -> t.kind() == Kind.RETURN).isPresent();
            if (value) {
                values(context, models, items);
            } else if (!context.after(".")) {
                items.add("return", CompletionItemKind.Keyword, "the model's output", "");
            }
            return;
        }
        Optional<LayerSpec> spec = LayerKinds.find(list.get().callee());
        if (spec.isPresent() && Descriptions.isMerge(spec.get())) {
            if (context.after(":")) {
                arguments(context, list.get(), spec.get(), items);
            } else if (context.atArgumentStart(list.get())) {
                values(context, models, items);
                arguments(context, list.get(), spec.get(), items);
            }
            return;
        }
        boolean configures = spec.isPresent() && list.get().list() == 0 && !spec.get().params().isEmpty();
        if (configures) {
            arguments(context, list.get(), spec.get(), items);
        } else if (context.atArgumentStart(list.get()) && list.get().argument() == 0) {
            values(context, models, items);
        }
    }

    /** What a functional value may be: a name assigned above, a model, a layer kind. */
    private static void values(TextContext context, Models models, Items items) {
        // The latest value first: it is the one a body usually goes on with.
        List<String> latestFirst = new ArrayList<>(context.boundNames());
        Collections.reverse(latestFirst);
        Set<String> names = new LinkedHashSet<>(latestFirst);
        names.forEach(n -> items.add(n, CompletionItemKind.Variable, "value", ""));
        String input = names.isEmpty() ? "x" : names.iterator().next();
        models.names().stream().filter(m -> !m.equals(context.blockName()))
                .forEach(m -> items.model(m, models, true, input));
        for (LayerSpec spec : LayerKinds.all()) {
            items.layer(spec, Optional.of(input));
        }
    }

    /** Inside a layer's argument list: its parameters not yet given, or the words the current one takes. */
    private static void arguments(TextContext context, OpenList list, LayerSpec spec, Items items) {
        if (context.after(":")) {
            list.key().flatMap(spec::param).ifPresent(p -> words(p, items));
            return;
        }
        if (!context.atArgumentStart(list)) {
            return;
        }
        Given given = context.given(list);
        boolean merge = Descriptions.isMerge(spec);
        boolean positional = !merge && given.keys().isEmpty() && list.argument() < spec.params().size();
        if (positional) {
            words(spec.params().get(list.argument()), items);
        }
        for (int i = 0; i < spec.params().size(); i++) {
            LayerSpec.Param param = spec.params().get(i);
            boolean filled = given.keys().contains(param.name()) || !merge && i < given.positional();
            if (!filled) {
                items.parameter(spec, param);
            }
        }
    }

    private static void words(LayerSpec.Param param, Items items) {
        Descriptions.words(param.type()).forEach((word, meaning) -> items.add(word, CompletionItemKind.Value, meaning, ""));
    }

    private static void train(TextContext context, Optional<OpenList> list, Items items) {
        if (list.isPresent()) {
            Optional<OptimizerKind> optimizer = Descriptions.optimizerKind(list.get().callee())
                    .filter(k -> list.get().list() == 0 && context.trainKey().filter("optimizer"::equals).isPresent());
            if (optimizer.isEmpty()) {
                settingCall(context, list.get(), items);
                return;
            }
            if (context.after(":")) {
                if (list.get().key().filter(optimizer.get()::isFlag).isPresent()) {
                    items.add("true", CompletionItemKind.Value, "on", "");
                    items.add("false", CompletionItemKind.Value, "off", "");
                }
            } else if (context.atArgumentStart(list.get())) {
                Set<String> given = context.given(list.get()).keys();
                optimizer.get().defaults().forEach((name, value) -> {
                    if (!given.contains(name)) {
                        items.add(name, CompletionItemKind.Property, "default " + Descriptions.number(value),
                                Descriptions.optimizerParameter(optimizer.get(), name), name + ": ");
                    }
                });
            }
            return;
        }
        if (context.after(":") && context.trainKey().isPresent()) {
            for (SettingValues.Value value : SettingValues.of(context.trainKey().get())) {
                items.settingValue(value);
            }
            return;
        }
        if (context.after(".")) {
            boolean dataset = context.previous(2).filter(t -> Datasets.find(t.text()).isPresent()).isPresent();
            if (dataset) {
                Arrays.stream(DataRef.Split.values()).forEach(s -> items.add(s.keyword(), CompletionItemKind.Value,
                        "the dataset's " + s.keyword() + " split", ""));
            }
            return;
        }
        Set<String> used = context.trainKeys();
        for (TrainSettings.Setting setting : TrainSettings.ALL) {
            if (!used.contains(setting.name())) {
                items.add(setting.name(), CompletionItemKind.Property,
                        setting.required() ? "required" : "default " + setting.defaultText(),
                        Descriptions.setting(setting), setting.name() + ": ");
            }
        }
    }

    /** Inside the call a setting's value makes (`cosine(`, `images(`): the parameters it does not give yet. */
    private static void settingCall(TextContext context, OpenList list, Items items) {
        Optional<SettingValues.Value> call = context.trainKey().flatMap(k -> SettingValues.find(k, list.callee()))
                .filter(v -> list.list() == 0);
        if (call.isEmpty() || !context.atArgumentStart(list)) {
            return;
        }
        Given given = context.given(list);
        List<String> parameters = call.get().parameters();
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i);
            // Only a first parameter is ever given without its name.
            boolean filled = given.keys().contains(name) || i == 0 && given.positional() > 0;
            if (!filled) {
                items.add(name, CompletionItemKind.Property, "parameter of `" + call.get().word() + "`",
                        Descriptions.settingValue(call.get()), name + ": ");
            }
        }
    }

    /** The models a body may use: those of the last check (the file and its imports) and those the text declares. */
    private record Models(List<String> names, Map<String, CheckedModel> checked,
                          Map<String, TextContext.Declared> declared) {
        static Models of(Analysis analysis, Tokens tokens) {
            Set<String> names = new LinkedHashSet<>();
            Map<String, CheckedModel> checked = new HashMap<>();
            Optional<CheckedProgram> program = analysis.result().program();
            program.ifPresent(p -> p.program().models().forEach(m -> {
                names.add(m.name());
                p.model(m.name()).ifPresent(c -> checked.put(m.name(), c));
            }));
            List<Token> code = tokens.code();
            for (int i = 0; i + 1 < code.size(); i++) {
                if (code.get(i).kind() == Kind.MODEL && code.get(i + 1).kind() == Kind.IDENT
                        && LayerKinds.find(code.get(i + 1).text()).isEmpty()) {
                    names.add(code.get(i + 1).text());
                }
            }
            Map<String, TextContext.Declared> declared = new HashMap<>();
            names.forEach(n -> tokens.declared(n).ifPresent(d -> declared.put(n, d)));
            return new Models(List.copyOf(names), Map.copyOf(checked), Map.copyOf(declared));
        }
    }

    /** The items being collected, numbered so that the editor keeps the documented order. */
    private static final class Items {
        private final boolean snippets;
        private final List<CompletionItem> items = new ArrayList<>();
        private final Set<String> labels = new LinkedHashSet<>();

        Items(boolean snippets) {
            this.snippets = snippets;
        }

        List<CompletionItem> list() {
            return List.copyOf(items);
        }

        void add(String label, CompletionItemKind kind, String detail, String markdown) {
            add(label, kind, detail, markdown, label);
        }

        void add(String label, CompletionItemKind kind, String detail, String markdown, String insert) {
            item(label, kind, detail, markdown, insert, false);
        }

        private void item(String label, CompletionItemKind kind, String detail, String markdown, String insert,
                          boolean snippet) {
            if (!labels.add(label)) {
                return;
            }
            CompletionItem item = new CompletionItem(label);
            item.setKind(kind);
            if (!detail.isEmpty()) {
                item.setDetail(detail);
            }
            if (!markdown.isEmpty()) {
                item.setDocumentation(Either.forRight(new MarkupContent(MarkupKind.MARKDOWN, markdown)));
            }
            boolean asSnippet = snippet && snippets;
            item.setInsertText(snippet && !snippets ? label : insert);
            item.setInsertTextFormat(asSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText);
            item.setSortText(String.format(Locale.ROOT, "%04d", items.size()));
            items.add(item);
        }

        /**
         * A layer kind, inserted with its required parameters to fill in; in a functional body
         * (`input` present) also with the value it is applied to.
         */
        void layer(LayerSpec spec, Optional<String> input) {
            StringBuilder snippet = new StringBuilder(spec.name());
            int stop = 1;
            if (Descriptions.isMerge(spec)) {
                snippet.append("(${1:").append(input.orElse("a")).append("}, ${2:b})");
            } else {
                List<LayerSpec.Param> required = spec.params().stream().filter(LayerSpec.Param::required).toList();
                if (!required.isEmpty()) {
                    snippet.append('(');
                    for (int i = 0; i < required.size(); i++) {
                        LayerSpec.Param p = required.get(i);
                        // Only the first parameter may be written without its name.
                        boolean positional = i == 0 && spec.params().get(0) == p;
                        snippet.append(i == 0 ? "" : ", ").append(positional ? "" : p.name() + ": ")
                                .append("${").append(stop++).append(':').append(p.name()).append('}');
                    }
                    snippet.append(')');
                }
                // In a functional body a layer's last list is the value it is applied to.
                input.ifPresent(in -> snippet.append("(${").append(required.size() + 1).append(':').append(in)
                        .append("})"));
            }
            item(spec.name(), CompletionItemKind.Function, Descriptions.layerSummary(spec), Descriptions.layer(spec),
                    snippet.toString(), true);
        }

        /** A model, by its signature; in a functional body inserted applied to `input`. */
        void model(String name, Models models, boolean applied, String input) {
            CheckedModel model = models.checked().get(name);
            String detail = model != null ? "model : " + Descriptions.signature(model.def())
                    : models.declared().get(name) != null ? "model : " + models.declared().get(name) : "model";
            String markdown = model == null ? "" : Descriptions.model(model);
            item(name, CompletionItemKind.Class, detail, markdown, applied ? name + "(${1:" + input + "})" : name,
                    applied);
        }

        void parameter(LayerSpec spec, LayerSpec.Param param) {
            item(param.name(), CompletionItemKind.Property, Descriptions.defaultOf(param),
                    Descriptions.parameter(spec, param), param.name() + ": ", false);
        }

        void settingValue(SettingValues.Value value) {
            String insert = value.needsArguments() ? value.word() + "(${1})" : value.word();
            item(value.word(), CompletionItemKind.Value, value.summary(), Descriptions.settingValue(value), insert,
                    value.needsArguments());
        }
    }
}
