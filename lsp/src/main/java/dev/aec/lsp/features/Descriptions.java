package dev.aec.lsp.features;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.layers.ArgType;
import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.layers.LayerSpec;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.resolve.SettingValues;
import dev.aec.compiler.resolve.TrainSettings;
import dev.aec.compiler.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The texts the editor shows about the language's names, in markdown, made from the compiler's own
 * tables: hovers and completion items explain a layer, a parameter or a setting in the same words.
 */
final class Descriptions {
    private Descriptions() {
    }

    /** `160 parameters`, `1 parameter`, grouped as `aec check` prints them. */
    static String parameters(long count) {
        return String.format(Locale.ROOT, "%,d", count) + (count == 1 ? " parameter" : " parameters");
    }

    /** `28x28x1 -> 4x4x8`. */
    static String signature(ModelDef def) {
        return def.input() + " -> " + def.output();
    }

    /** A model: its signature and its parameters, total and trainable, as `aec check` counts them. */
    static String model(CheckedModel model) {
        ModelDef def = model.def();
        StringBuilder text = new StringBuilder("```aec\nmodel ").append(def.name()).append(" : ")
                .append(signature(def)).append("\n```\n\n");
        if (model.nonTrainableParams() == 0) {
            text.append(parameters(model.totalParams())).append(", all trainable");
        } else {
            text.append(parameters(model.totalParams())).append(": ")
                    .append(String.format(Locale.ROOT, "%,d trainable, %,d non-trainable", model.trainableParams(),
                            model.nonTrainableParams()));
        }
        if (!model.isComplete()) {
            text.append("\n\nsome shapes are unknown until the errors in it are fixed");
        }
        return text.toString();
    }

    /** A layer kind: what it does, its arguments and an example. */
    static String layer(LayerSpec spec) {
        StringBuilder text = new StringBuilder("**").append(spec.name()).append("**: ").append(layerSummary(spec));
        appendLayerFacts(text, spec);
        return text.toString();
    }

    /** A layer applied at one place: what it gives there, then the kind. */
    static String layerNode(LayerSpec spec, Shape output, long params) {
        StringBuilder text = new StringBuilder("**").append(spec.name()).append("** -> `").append(output)
                .append("`, ").append(parameters(params)).append("\n\n").append(layerSummary(spec));
        appendLayerFacts(text, spec);
        return text.toString();
    }

    private static void appendLayerFacts(StringBuilder text, LayerSpec spec) {
        if (!spec.params().isEmpty()) {
            text.append("\n\n").append(spec.params().stream()
                    .map(p -> "- `" + p.name() + "` (" + defaultOf(p) + "): " + p.summary())
                    .collect(Collectors.joining("\n")));
        }
        text.append("\n\n```aec\n").append(spec.example()).append("\n```");
    }

    /** A standalone activation says which function it applies. */
    static String layerSummary(LayerSpec spec) {
        return activation(spec.name()).map(k -> spec.summary() + ": " + k.summary()).orElse(spec.summary());
    }

    /** A layer's parameter: its meaning, its type and its default. */
    static String parameter(LayerSpec spec, LayerSpec.Param param) {
        return "**" + param.name() + "** of `" + spec.name() + "`: " + param.summary() + "\n\n"
                + param.typeText() + "; " + defaultOf(param);
    }

    /** `required`, `default `1x1``, or a default in words (`default the size`). */
    static String defaultOf(LayerSpec.Param param) {
        if (param.required()) {
            return "required";
        }
        return "default " + (param.defaultValue().isPresent() ? "`" + param.defaultText() + "`" : param.defaultText());
    }

    /** An optimizer's parameter with its default. */
    static String optimizerParameter(OptimizerKind kind, String name) {
        return "**" + name + "** of `" + kind.keyword() + "`: default `" + number(kind.defaults().get(name)) + "`";
    }

    /** An optimizer: what it does and its parameters with their defaults. */
    static String optimizer(OptimizerKind kind) {
        return "**" + kind.keyword() + "**: " + kind.summary() + "\n\n" + kind.defaults().entrySet().stream()
                .map(e -> "- `" + e.getKey() + "` (default `" + number(e.getValue()) + "`)")
                .collect(Collectors.joining("\n"));
    }

    /** A train setting: what it sets, its default and an example. */
    static String setting(TrainSettings.Setting setting) {
        return "**" + setting.name() + "** (train setting): " + setting.summary() + "\n\n"
                + (setting.required() ? "required" : "default `" + setting.defaultText() + "`")
                + "\n\n```aec\n" + setting.name() + ": " + setting.example() + "\n```";
    }

    /** A word of a setting's value. */
    static String settingValue(SettingValues.Value value) {
        String text = "**" + value.word() + "**: " + value.summary();
        return value.takesArguments() ? text + "\n\n```aec\n" + value.example() + "\n```" : text;
    }

    /** An activation function named as an argument. */
    static String activationValue(ActivationKind kind) {
        return "**" + kind.keyword() + "** (activation): " + kind.summary();
    }

    static String paddingValue(Padding padding) {
        return "**" + padding.keyword() + "** (padding): " + padding.summary();
    }

    static Optional<ActivationKind> activation(String word) {
        return Arrays.stream(ActivationKind.values()).filter(k -> k.keyword().equals(word)).findFirst();
    }

    static Optional<Padding> padding(String word) {
        return Arrays.stream(Padding.values()).filter(p -> p.keyword().equals(word)).findFirst();
    }

    static Optional<OptimizerKind> optimizerKind(String word) {
        return Arrays.stream(OptimizerKind.values()).filter(k -> k.keyword().equals(word)).findFirst();
    }

    /** The words a value of `type` may be, each with what it means; empty for numbers and sizes. */
    static Map<String, String> words(ArgType type) {
        Map<String, String> words = new java.util.LinkedHashMap<>();
        switch (type) {
            case ACTIVATION -> Arrays.stream(ActivationKind.values()).forEach(k -> words.put(k.keyword(), k.summary()));
            case PADDING -> Arrays.stream(Padding.values()).forEach(p -> words.put(p.keyword(), p.summary()));
            case BOOL -> {
                words.put("true", "on");
                words.put("false", "off");
            }
            case COUNT, SIZE2, EXTRA_SIZE2, SHAPE, NUMBER, WEIGHT, RATE, FRACTION, POSITIVE, AXIS -> {
            }
        }
        return words;
    }

    static boolean isMerge(LayerSpec spec) {
        return MergeLayer.class.isAssignableFrom(spec.type());
    }

    /** Layer kinds that may stand on a line of a sequential body: all but the merges. */
    static List<LayerSpec> sequentialKinds() {
        return LayerKinds.all().stream().filter(s -> !isMerge(s)).toList();
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        // As a user writes it: `1e-7`, not Java's `1.0E-7`.
        return Double.toString(value).replace(".0E", "e").replace('E', 'e');
    }
}
