package dev.aec.compiler.resolve;

import dev.aec.compiler.model.Layer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One layer kind of the language: its name, its parameters in positional order, and how the
 * typed arguments become a {@link Layer}. The grammar knows none of this.
 */
public record LayerSpec(String name, List<Param> params, Function<BoundArgs, Layer> build, String summary) {
    public LayerSpec {
        params = List.copyOf(params);
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
        static Param required(String name, ArgType type, String summary) {
            return new Param(name, type, true, Optional.empty(), "", summary);
        }

        static Param optional(String name, ArgType type, Object defaultValue, String defaultText, String summary) {
            return new Param(name, type, false, Optional.of(defaultValue), defaultText, summary);
        }

        /** Optional with a default computed from other arguments (maxpool's stride is its size). */
        static Param derived(String name, ArgType type, String defaultText, String summary) {
            return new Param(name, type, false, Optional.empty(), defaultText, summary);
        }

        public String typeText() {
            return type.expected();
        }
    }
}
