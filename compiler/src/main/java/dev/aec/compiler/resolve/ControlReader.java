package dev.aec.compiler.resolve;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Fix;
import dev.aec.compiler.model.EarlyStop;
import dev.aec.compiler.model.Retention;
import dev.aec.compiler.model.Schedule;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast.Arg;
import dev.aec.compiler.syntax.Ast.CallExpr;
import dev.aec.compiler.syntax.Ast.Expr;
import dev.aec.compiler.syntax.Ast.ShapeLit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a train block's training controls, with Keras's names and defaults: `early_stop:
 * patience(5, min_delta: 0, restore_best: true)`, `lr_schedule:` one of `step`, `exponential`,
 * `cosine`, `on_plateau` (each with an optional `warmup`), and `checkpoint: last | best | every(N)`.
 */
final class ControlReader {
    /** Keras's names for the schedules, for "Keras's X is Y here". */
    private static final Map<String, String> KERAS_SCHEDULES = Map.of(
            "ExponentialDecay", "exponential", "CosineDecay", "cosine", "ReduceLROnPlateau", "on_plateau");
    /** The one early stopping rule. */
    static final String PATIENCE = "patience";
    /**
     * The parameters of every rule a control may name, in documentation order; only early stopping's
     * and `every`'s first may be given without its name.
     */
    static final Map<String, List<String>> PARAMETERS = Map.of(
            PATIENCE, List.of("patience", "min_delta", "restore_best"),
            "step", List.of("every", "factor", "warmup"),
            "exponential", List.of("decay", "every", "staircase", "warmup"),
            "cosine", List.of("epochs", "alpha", "warmup"),
            "on_plateau", List.of("patience", "factor", "min_lr", "min_delta", "cooldown", "warmup"),
            "every", List.of("epochs"));
    /** Whole numbers above this are surely a typo. */
    private static final long MAX_COUNT = 1_000_000_000L;

    private final Diagnostics diagnostics;
    private final ValueReader reader;

    ControlReader(Diagnostics diagnostics, ValueReader reader) {
        this.diagnostics = diagnostics;
        this.reader = reader;
    }

    Optional<EarlyStop> earlyStop(Expr expr) {
        Optional<CallExpr> call = call(expr, "early stopping like `patience(5)`", "not early stopping",
                "early_stop: patience(5)");
        if (call.isEmpty()) {
            return Optional.empty();
        }
        String name = call.get().call().name().text();
        if (!name.equals(PATIENCE)) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0411, call.get().call().name().span(),
                            "unknown early stopping rule `" + name + "`")
                    .label("not an early stopping rule")
                    .note("early stopping is `patience(epochs, min_delta: ..., restore_best: ...)`");
            Span at = call.get().call().name().span();
            Optional<String> close = Suggest.closest(name, List.of(PATIENCE));
            if (name.equals("EarlyStopping")) {
                b.help("Keras's `EarlyStopping` is `patience(...)` here")
                        .fix(Fix.of("change to `patience`", at, PATIENCE));
            } else if (close.isPresent()) {
                b.didYouMean(at, close.get());
            } else {
                b.help("write it like `early_stop: patience(5)`");
            }
            b.report(diagnostics);
            return Optional.empty();
        }
        Optional<Map<String, Arg>> args = arguments(call.get(), PARAMETERS.get(PATIENCE), true);
        if (args.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Arg> a = args.get();
        OptionalInt patience = whole(a.get("patience"), "patience", 0, EarlyStop.DEFAULT_PATIENCE);
        Optional<Double> minDelta = atLeastZero(a.get("min_delta"), "min_delta", EarlyStop.DEFAULT_MIN_DELTA);
        Optional<Boolean> restore = bool(a.get("restore_best"), "restore_best", EarlyStop.DEFAULT_RESTORE_BEST);
        if (patience.isEmpty() || minDelta.isEmpty() || restore.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EarlyStop(patience.getAsInt(), minDelta.get(), restore.get(), expr.span()));
    }

    Optional<Schedule> schedule(Expr expr) {
        Optional<CallExpr> call = call(expr, "a schedule like `cosine(epochs: 20)`", "not a schedule",
                "lr_schedule: step(every: 10, factor: 0.5)");
        if (call.isEmpty()) {
            return Optional.empty();
        }
        String name = call.get().call().name().text();
        Span span = expr.span();
        switch (name) {
            case "step" -> {
                Optional<Map<String, Arg>> a = arguments(call.get(), PARAMETERS.get(name), false);
                if (a.isEmpty()) {
                    return Optional.empty();
                }
                OptionalInt every = whole(a.get().get("every"), "every", 1, 10);
                Optional<Double> factor = factor(a.get().get("factor"), 0.5);
                OptionalInt warmup = whole(a.get().get("warmup"), "warmup", 0, 0);
                return every.isEmpty() || factor.isEmpty() || warmup.isEmpty() ? Optional.empty()
                        : Optional.of(new Schedule.Step(every.getAsInt(), factor.get(), warmup.getAsInt(), span));
            }
            case "exponential" -> {
                Optional<Map<String, Arg>> a = arguments(call.get(), PARAMETERS.get(name), false);
                if (a.isEmpty()) {
                    return Optional.empty();
                }
                Optional<Double> decay = decay(a.get().get("decay"));
                OptionalInt every = whole(a.get().get("every"), "every", 1, 1000);
                Optional<Boolean> staircase = bool(a.get().get("staircase"), "staircase", false);
                OptionalInt warmup = whole(a.get().get("warmup"), "warmup", 0, 0);
                return decay.isEmpty() || every.isEmpty() || staircase.isEmpty() || warmup.isEmpty() ? Optional.empty()
                        : Optional.of(new Schedule.Exponential(decay.get(), every.getAsInt(), staircase.get(),
                                warmup.getAsInt(), span));
            }
            case "cosine" -> {
                Optional<Map<String, Arg>> a = arguments(call.get(), PARAMETERS.get(name), false);
                if (a.isEmpty()) {
                    return Optional.empty();
                }
                Arg epochsArg = a.get().get("epochs");
                OptionalInt epochs = epochsArg == null ? OptionalInt.of(0) : whole(epochsArg, "epochs", 1, 0);
                Optional<Double> alpha = alpha(a.get().get("alpha"));
                OptionalInt warmup = whole(a.get().get("warmup"), "warmup", 0, 0);
                if (epochs.isEmpty() || alpha.isEmpty() || warmup.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Schedule.Cosine(epochsArg == null ? OptionalInt.empty() : epochs, alpha.get(),
                        warmup.getAsInt(), span));
            }
            case "on_plateau" -> {
                Optional<Map<String, Arg>> a = arguments(call.get(),
                        PARAMETERS.get(name), false);
                if (a.isEmpty()) {
                    return Optional.empty();
                }
                OptionalInt patience = whole(a.get().get("patience"), "patience", 0, 10);
                Optional<Double> factor = factor(a.get().get("factor"), 0.1);
                Optional<Double> minLr = atLeastZero(a.get().get("min_lr"), "min_lr", 0);
                Optional<Double> minDelta = atLeastZero(a.get().get("min_delta"), "min_delta", 1e-4);
                OptionalInt cooldown = whole(a.get().get("cooldown"), "cooldown", 0, 0);
                OptionalInt warmup = whole(a.get().get("warmup"), "warmup", 0, 0);
                if (patience.isEmpty() || factor.isEmpty() || minLr.isEmpty() || minDelta.isEmpty()
                        || cooldown.isEmpty() || warmup.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Schedule.OnPlateau(patience.getAsInt(), factor.get(), minLr.get(),
                        minDelta.get(), cooldown.getAsInt(), warmup.getAsInt(), span));
            }
            default -> {
                Diagnostic.Builder b = Diagnostic.of(Code.E0411, call.get().call().name().span(),
                                "unknown learning-rate schedule `" + name + "`")
                        .label("not a schedule")
                        .note("schedules: " + String.join(", ", Schedule.KINDS));
                String keras = KERAS_SCHEDULES.get(name);
                Span at = call.get().call().name().span();
                if (keras != null) {
                    b.help("Keras's `" + name + "` is `" + keras + "` here")
                            .fix(Fix.of("change to `" + keras + "`", at, keras));
                } else {
                    Suggest.closest(name, Schedule.KINDS).ifPresent(s -> b.didYouMean(at, s));
                }
                b.report(diagnostics);
                return Optional.empty();
            }
        }
    }

    Optional<Retention> retention(Expr expr) {
        Optional<CallExpr> call = call(expr, "`last`, `best` or `every(N)`", "not a checkpoint rule", "checkpoint: best");
        if (call.isEmpty()) {
            return Optional.empty();
        }
        String name = call.get().call().name().text();
        Optional<Retention.Kind> kind = java.util.Arrays.stream(Retention.Kind.values())
                .filter(k -> k.keyword().equals(name)).findFirst();
        if (kind.isEmpty()) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0411, call.get().call().name().span(),
                            "unknown checkpoint rule `" + name + "`")
                    .label("not a checkpoint rule")
                    .note("checkpoint rules: `last` (the default), `best`, `every(N)` epochs");
            Suggest.closest(name, Retention.KEYWORDS).ifPresent(s -> b.didYouMean(call.get().call().name().span(), s));
            b.report(diagnostics);
            return Optional.empty();
        }
        boolean hasArgs = !call.get().call().argLists().isEmpty();
        return switch (kind.get()) {
            case LAST, BEST -> {
                if (hasArgs) {
                    Diagnostic.of(Code.E0204, call.get().call().argLists().get(0).span(),
                                    "`" + name + "` takes no arguments")
                            .label("unexpected arguments")
                            .help("write `checkpoint: " + name + "`")
                            .report(diagnostics);
                    yield Optional.empty();
                }
                yield Optional.of(new Retention(kind.get(), 0, expr.span()));
            }
            case EVERY -> {
                Optional<Map<String, Arg>> a = arguments(call.get(), PARAMETERS.get(name), true);
                if (a.isEmpty()) {
                    yield Optional.empty();
                }
                if (!a.get().containsKey("epochs")) {
                    Diagnostic.of(Code.E0202, expr.span(), "`every` needs its number of epochs")
                            .label("missing the number of epochs")
                            .help("write it like `checkpoint: every(5)`")
                            .report(diagnostics);
                    yield Optional.empty();
                }
                // Named as written: `every(0)` is read as "every 0 epochs".
                OptionalInt every = whole(a.get().get("epochs"), a.get().get("epochs").key().isPresent() ? "epochs"
                        : "every", 1, 0);
                yield every.isEmpty() ? Optional.empty() : Optional.of(new Retention(Retention.Kind.EVERY,
                        every.getAsInt(), expr.span()));
            }
        };
    }

    /** The value as a call with at most one argument list, or empty after saying what was expected. */
    private Optional<CallExpr> call(Expr expr, String expected, String label, String example) {
        if (expr instanceof CallExpr c && c.call().argLists().size() <= 1) {
            return Optional.of(c);
        }
        Diagnostic.of(Code.E0201, expr.span(), "expected " + expected + ", found " + ValueReader.describe(expr))
                .label(label)
                .help("write it like `" + example + "`")
                .report(diagnostics);
        return Optional.empty();
    }

    /**
     * The call's arguments by parameter name; with `firstPositional` the first parameter may be
     * given without its name, as the first argument. Empty after reporting every problem.
     */
    private Optional<Map<String, Arg>> arguments(CallExpr c, List<String> params, boolean firstPositional) {
        String name = c.call().name().text();
        List<Arg> args = c.call().argLists().isEmpty() ? List.of() : c.call().argLists().get(0).args();
        Map<String, Arg> bound = new LinkedHashMap<>();
        Map<String, Span> seen = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String key;
            if (arg.key().isPresent()) {
                key = arg.key().get().text();
                if (!params.contains(key)) {
                    ArgumentProblems.unknownParameter(diagnostics, name, arg.key().get(), params);
                    ok = false;
                    continue;
                }
            } else if (i == 0 && firstPositional) {
                key = params.get(0);
            } else if (params.size() == 1) {
                Diagnostic.of(Code.E0204, arg.span(), "`" + name + "` takes one argument, `" + params.get(0) + "`")
                        .label("too many arguments")
                        .report(diagnostics);
                ok = false;
                continue;
            } else {
                Diagnostic.of(Code.E0204, arg.span(), firstPositional
                                ? "only `" + params.get(0) + "` may be given without a name"
                                : "`" + name + "` takes its arguments by name")
                        .label("name this argument")
                        .help("name it, as in `" + params.get(Math.min(i, params.size() - 1)) + ": "
                                + arg.value().span().text() + "`")
                        .report(diagnostics);
                ok = false;
                continue;
            }
            Span previous = seen.putIfAbsent(key, arg.span());
            if (previous != null) {
                ArgumentProblems.givenTwice(diagnostics, key, arg.span(), previous);
                ok = false;
                continue;
            }
            bound.put(key, arg);
        }
        return ok ? Optional.of(bound) : Optional.empty();
    }

    /** A whole number from `min` up, `fallback` when the argument is absent. */
    private OptionalInt whole(Arg arg, String what, long min, int fallback) {
        if (arg == null) {
            return OptionalInt.of(fallback);
        }
        if (!(arg.value() instanceof ShapeLit s && s.isInteger())) {
            Diagnostic.of(Code.E0201, arg.value().span(), "`" + what + "` expects a whole number, found "
                            + ValueReader.describe(arg.value()))
                    .label("expected a whole number")
                    .report(diagnostics);
            return OptionalInt.empty();
        }
        long value = s.dims().get(0);
        if (value < min || value > MAX_COUNT) {
            Diagnostic.of(Code.E0205, s.span(), "`" + what + "` must be " + (value < min ? "at least " + min
                            : "at most " + MAX_COUNT) + ", found " + value)
                    .label("out of range")
                    .report(diagnostics);
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) value);
    }

    private Optional<Boolean> bool(Arg arg, String what, boolean fallback) {
        return arg == null ? Optional.of(fallback) : reader.bool(arg.value(), what);
    }

    private Optional<Double> atLeastZero(Arg arg, String what, double fallback) {
        return ranged(arg, what, fallback, v -> v >= 0, "must be at least 0", "use `0` for none");
    }

    private Optional<Double> factor(Arg arg, double fallback) {
        return ranged(arg, "factor", fallback, v -> v > 0 && v < 1, "must be between 0 and 1, both excluded",
                "the rate is multiplied by the factor, so one below 1 lowers it; Keras's `ReduceLROnPlateau` uses `0.1`");
    }

    private Optional<Double> decay(Arg arg) {
        return ranged(arg, "decay", 0.96, v -> v > 0 && v <= 1, "must be above 0 and at most 1",
                "the rate is multiplied by `decay` every `every` steps; a common choice is `0.96`");
    }

    private Optional<Double> alpha(Arg arg) {
        return ranged(arg, "alpha", 0, v -> v >= 0 && v <= 1, "must be from 0 to 1",
                "the rate ends at `alpha` times the optimizer's learning rate; `0` decays it to nothing");
    }

    private Optional<Double> ranged(Arg arg, String what, double fallback, java.util.function.DoublePredicate ok,
                                    String rule, String help) {
        if (arg == null) {
            return Optional.of(fallback);
        }
        Optional<Double> value = reader.number(arg.value(), what);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!Double.isFinite(value.get()) || !ok.test(value.get())) {
            Diagnostic.of(Code.E0205, arg.value().span(), "`" + what + "` " + rule + ", found " + arg.value().span().text())
                    .label("out of range")
                    .help(help)
                    .report(diagnostics);
            return Optional.empty();
        }
        return value;
    }
}
