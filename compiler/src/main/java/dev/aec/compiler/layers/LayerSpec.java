package dev.aec.compiler.layers;

import dev.aec.compiler.model.Layer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One layer kind of the language as users see it: its name, its parameters in positional order, how
 * the typed arguments become a {@link Layer} of class `type`, what it does (`summary`), its
 * output shape and parameter count in words (`outputRule`, `paramRule`, as the reference shows
 * them), the Keras layers it stands for and a short example call. The reference, the help of diagnostics and the Keras hints are all made from this.
 * The grammar knows none of it.
 */
public record LayerSpec(String name, Class<? extends Layer> type, List<Param> params,
                        Function<BoundArgs, Layer> build, String summary, String outputRule, String paramRule,
                        List<String> kerasNames,
                        String example) {
    public LayerSpec {
        params = List.copyOf(params);
        kerasNames = List.copyOf(kerasNames);
    }

    public Optional<Param> param(String key) {
        return params.stream().filter(p -> p.name().equals(key)).findFirst();
    }

    public boolean hasRequiredParams() {
        return params.stream().anyMatch(Param::required);
    }

    /** A parameter; `defaultText` is what the reference shows, empty for required ones. */
    public record Param(String name, ArgType type, boolean required, Optional<Object> defaultValue, String defaultText,
                        String summary) {
        public static Param required(String name, ArgType type, String summary) {
            return new Param(name, type, true, Optional.empty(), "", summary);
        }

        public static Param optional(String name, ArgType type, Object defaultValue, String defaultText,
                                     String summary) {
            return new Param(name, type, false, Optional.of(defaultValue), defaultText, summary);
        }

        /** Optional with a default computed from other arguments (maxpool's stride is its size). */
        public static Param derived(String name, ArgType type, String defaultText, String summary) {
            return new Param(name, type, false, Optional.empty(), defaultText, summary);
        }

        public String typeText() {
            return type.expected();
        }
    }

    /** A spec written one fact per line: `LayerSpec.of("dense", Dense.class).summary(...)...build(a -> ...)`. */
    public static Builder of(String name, Class<? extends Layer> type) {
        return new Builder(name, type);
    }

    /** Collects a spec's facts; {@link #build} ends it with how the arguments become the layer. */
    public static final class Builder {
        private final String name;
        private final Class<? extends Layer> type;
        private final java.util.ArrayList<Param> params = new java.util.ArrayList<>();
        private String summary = "";
        private String outputRule = "";
        private String paramRule = "0";
        private List<String> kerasNames = List.of();
        private String example;

        private Builder(String name, Class<? extends Layer> type) {
            this.name = name;
            this.type = type;
            this.example = name;
        }

        public Builder summary(String text) {
            summary = text;
            return this;
        }

        public Builder param(Param param) {
            params.add(param);
            return this;
        }

        /** The output shape in words, for the reference: `input must be a vector `n`; gives `units``. */
        public Builder output(String rule) {
            outputRule = rule;
            return this;
        }

        /** The parameter count in words: `n*units + units`; 0 when not given. */
        public Builder parameters(String rule) {
            paramRule = rule;
            return this;
        }

        public Builder keras(String... names) {
            kerasNames = List.of(names);
            return this;
        }

        /** A short call that shows how the layer is written; the bare name when not given. */
        public Builder example(String call) {
            example = call;
            return this;
        }

        public LayerSpec build(Function<BoundArgs, Layer> build) {
            return new LayerSpec(name, type, params, build, summary, outputRule, paramRule, kerasNames, example);
        }
    }
}
