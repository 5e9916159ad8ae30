package dev.aec.compiler.resolve;

import dev.aec.compiler.layers.BoundArgs;
import dev.aec.compiler.layers.LayerSpec;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Fix;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast.Arg;
import dev.aec.compiler.syntax.Ast.ArgList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matches a call's written arguments to a layer's parameters: positions, keywords, types, defaults. */
final class ArgBinder {
    private final Diagnostics diagnostics;
    private final ValueReader reader;

    ArgBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.reader = new ValueReader(diagnostics);
    }

    /** The bound arguments, or empty when any was wrong (each problem is reported). */
    Optional<BoundArgs> bind(LayerSpec spec, Optional<ArgList> written, Span callSpan) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Span> seen = new HashMap<>();
        boolean ok = true;
        List<Arg> args = written.map(ArgList::args).orElse(List.of());
        int position = 0;
        boolean keywordSeen = false;
        for (Arg arg : args) {
            LayerSpec.Param param;
            if (arg.key().isPresent()) {
                keywordSeen = true;
                String key = arg.key().get().text();
                Optional<LayerSpec.Param> found = spec.param(key);
                if (found.isEmpty()) {
                    // A misspelt name counts as the parameter it resembles, so `kernal: 3x3`
                    // is one error, not also "missing `kernel`".
                    reportUnknown(spec, arg).ifPresent(meant -> seen.putIfAbsent(meant, arg.span()));
                    ok = false;
                    continue;
                }
                param = found.get();
            } else {
                if (keywordSeen) {
                    Diagnostic.of(Code.E0206, arg.span(), "positional argument after a keyword argument")
                            .label("give this one a name")
                            .help("write positional arguments first, or name this one")
                            .report(diagnostics);
                    ok = false;
                    // It still fills its positional slot, so that parameter is not also reported missing.
                    if (position < spec.params().size()) {
                        seen.putIfAbsent(spec.params().get(position++).name(), arg.span());
                    }
                    continue;
                }
                if (position >= spec.params().size()) {
                    if (position == spec.params().size()) {
                        reportTooMany(spec, arg, args.stream().filter(a -> a.key().isEmpty()).count());
                    }
                    ok = false;
                    position++;
                    continue;
                }
                param = spec.params().get(position++);
            }
            Span previous = seen.putIfAbsent(param.name(), arg.span());
            if (previous != null) {
                Diagnostic.of(Code.E0203, arg.span(), "`" + param.name() + "` is given twice")
                        .label("second value")
                        .secondary(previous, "first value")
                        .help("remove one of them")
                        .report(diagnostics);
                ok = false;
                continue;
            }
            Optional<Object> value = reader.read(arg.value(), param.type(), param.name());
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            values.put(param.name(), value.get());
        }
        for (LayerSpec.Param param : spec.params()) {
            if (values.containsKey(param.name()) || seen.containsKey(param.name())) {
                continue;
            }
            if (param.required()) {
                Span where = written.map(ArgList::span).orElse(callSpan);
                Diagnostic.of(Code.E0202, where, "`" + spec.name() + "` needs `" + param.name() + "`")
                        .label("missing `" + param.name() + "`: " + param.summary())
                        .help("write it like `" + spec.example() + "`")
                        .report(diagnostics);
                ok = false;
            } else {
                param.defaultValue().ifPresent(v -> values.put(param.name(), v));
            }
        }
        return ok ? Optional.of(new BoundArgs(values)) : Optional.empty();
    }

    /** Reports the unknown name; returns the parameter it most likely meant. */
    private Optional<String> reportUnknown(LayerSpec spec, Arg arg) {
        String key = arg.key().orElseThrow().text();
        Diagnostic.Builder b = Diagnostic.of(Code.E0106, arg.key().get().span(),
                        "`" + spec.name() + "` has no argument `" + key + "`")
                .label("unknown argument");
        List<String> names = spec.params().stream().map(LayerSpec.Param::name).toList();
        Optional<String> keras = KerasNames.argument(key).filter(names::contains);
        Optional<String> close = keras.isPresent() ? keras : Suggest.closest(key, names);
        if (keras.isPresent()) {
            b.help("Keras's `" + key + "` is `" + keras.get() + "` here")
                    .fix(Fix.of("change to `" + keras.get() + "`", arg.key().get().span(), keras.get()));
        } else if (close.isPresent()) {
            b.didYouMean(arg.key().get().span(), close.get());
        } else if (names.isEmpty()) {
            b.note("`" + spec.name() + "` takes no arguments");
        } else {
            b.note("`" + spec.name() + "` takes " + String.join(", ", names.stream().map(n -> "`" + n + "`").toList()));
        }
        b.report(diagnostics);
        return close;
    }

    private void reportTooMany(LayerSpec spec, Arg arg, long given) {
        long positional = spec.params().size();
        Diagnostic.of(Code.E0204, arg.span(), "`" + spec.name() + "` "
                        + (positional == 0 ? "takes no arguments" : "expected at most " + plural(positional, "argument"))
                        + ", found " + given)
                .label("extra argument")
                .help(positional == 0 ? "remove the arguments" : "remove it; `" + spec.name() + "` takes "
                        + String.join(", ", spec.params().stream().map(p -> "`" + p.name() + "`").toList()))
                .report(diagnostics);
    }

    private static String plural(long n, String word) {
        return n == 1 ? "1 " + word : n + " " + word + "s";
    }
}
