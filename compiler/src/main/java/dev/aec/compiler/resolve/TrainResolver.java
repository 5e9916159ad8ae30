package dev.aec.compiler.resolve;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Fix;
import dev.aec.compiler.diag.LineEdits;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.EarlyStop;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Noise;
import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.model.Retention;
import dev.aec.compiler.model.Schedule;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast;
import dev.aec.compiler.syntax.Ast.Arg;
import dev.aec.compiler.syntax.Ast.CallExpr;
import dev.aec.compiler.syntax.Ast.Expr;
import dev.aec.compiler.syntax.Ast.ShapeLit;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves a `train` block's settings against {@link TrainSettings}, defaults filled in. */
final class TrainResolver {
    /** The value of a setting that is off: no validation, no noise, no schedule. */
    static final String NONE = "none";

    private final Diagnostics diagnostics;
    private final ValueReader reader;
    private final DataSourceReader sources;

    TrainResolver(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.reader = new ValueReader(diagnostics);
        this.sources = new DataSourceReader(diagnostics, reader);
    }

    /** The block's settings; relative data paths are resolved against `directory`, the folder of its file. */
    Optional<TrainSpec> resolve(Ast.TrainDecl decl, Path directory) {
        Map<String, Ast.TrainEntry> entries = new LinkedHashMap<>();
        java.util.Set<String> misspelt = new java.util.HashSet<>();
        boolean ok = true;
        for (Ast.TrainEntry entry : decl.entries()) {
            String key = entry.key().text();
            if (TrainSettings.find(key).isEmpty()) {
                Diagnostic.Builder b = Diagnostic.of(Code.E0402, entry.key().span(), "unknown train setting `" + key + "`")
                        .label("not a setting");
                Optional<String> keras = KerasNames.setting(key);
                Optional<String> close = keras.isPresent() ? keras : Suggest.closest(key, TrainSettings.names());
                if (keras.isPresent()) {
                    b.help("Keras's `" + key + "` is `" + keras.get() + "` here")
                            .fix(Fix.of("change to `" + keras.get() + "`", entry.key().span(), keras.get()));
                    misspelt.add(keras.get());
                } else if (close.isPresent()) {
                    b.didYouMean(entry.key().span(), close.get());
                    misspelt.add(close.get());
                } else {
                    b.note("settings: " + String.join(", ", TrainSettings.names()));
                }
                b.report(diagnostics);
                ok = false;
                continue;
            }
            Ast.TrainEntry previous = entries.putIfAbsent(key, entry);
            if (previous != null) {
                Diagnostic.of(Code.E0405, entry.key().span(), "`" + key + "` is set twice")
                        .label("second value")
                        .secondary(previous.key().span(), "first value")
                        .help("remove one of them")
                        .report(diagnostics);
                ok = false;
            }
        }
        for (TrainSettings.Setting setting : TrainSettings.ALL) {
            if (setting.required() && !entries.containsKey(setting.name()) && !misspelt.contains(setting.name())) {
                String line = setting.name() + ": " + setting.example();
                Diagnostic.Builder b = Diagnostic.of(Code.E0403, decl.model().span(), "train block for `"
                                + decl.model().text() + "` does not set `" + setting.name() + "`")
                        .label("missing `" + setting.name() + "`")
                        .help("add `" + line + "`");
                if (!decl.entries().isEmpty()) {
                    Ast.TrainEntry last = decl.entries().get(decl.entries().size() - 1);
                    b.fix(new Fix("add `" + line + "`", List.of(LineEdits.after(last.span(), line))));
                }
                b.report(diagnostics);
                ok = false;
            }
        }
        Optional<DataSource> data = Optional.ofNullable(entries.get("data"))
                .flatMap(e -> sources.read(e.value(), DataSourceReader.Role.DATA, directory));
        Optional<Loss> loss = Optional.ofNullable(entries.get("loss")).flatMap(e -> loss(e.value()));
        Optional<Optimizer> optimizer = Optional.ofNullable(entries.get("optimizer")).flatMap(e -> optimizer(e.value()));
        Optional<Reduction> reduction = Optional.ofNullable(entries.get("reduction"))
                .map(e -> reduction(e.value())).orElse(Optional.of(Reduction.MEAN));
        int batch = intSetting(entries, "batch", TrainSpec.DEFAULT_BATCH, TrainLimits.BATCH);
        int epochs = intSetting(entries, "epochs", TrainSpec.DEFAULT_EPOCHS, TrainLimits.EPOCHS);
        long seed = intSetting(entries, "seed", (int) TrainSpec.DEFAULT_SEED, TrainLimits.SEED);
        boolean shuffle = Optional.ofNullable(entries.get("shuffle"))
                .flatMap(e -> reader.bool(e.value(), "shuffle")).orElse(true);
        Optional<DataSource> validation = Optional.empty();
        Ast.TrainEntry validationEntry = entries.get("validation");
        if (validationEntry != null && !isNone(validationEntry.value())) {
            validation = sources.read(validationEntry.value(), DataSourceReader.Role.VALIDATION, directory);
            ok &= validation.isPresent();
        }
        Optional<DataSource> test = Optional.empty();
        Ast.TrainEntry testEntry = entries.get("test");
        if (testEntry != null && !isNone(testEntry.value())) {
            test = sources.read(testEntry.value(), DataSourceReader.Role.TEST, directory);
            ok &= test.isPresent();
        } else if (testEntry == null && data.isPresent() && data.get() instanceof DataRef ref) {
            // A named dataset is tested on its test split unless the block says otherwise.
            test = Optional.of(new DataRef(ref.dataset(), DataRef.Split.TEST, ref.span()));
        }
        ok &= sharesLeaveData(validation, test);
        Optional<Noise> noise = Optional.empty();
        Ast.TrainEntry noiseEntry = entries.get("noise");
        if (noiseEntry != null && !isNone(noiseEntry.value())) {
            noise = new NoiseReader(diagnostics, reader).read(noiseEntry.value());
            ok &= noise.isPresent();
        }
        ControlReader controls = new ControlReader(diagnostics, reader);
        Optional<EarlyStop> earlyStop = Optional.empty();
        Ast.TrainEntry earlyStopEntry = entries.get("early_stop");
        if (earlyStopEntry != null && !isNone(earlyStopEntry.value())) {
            earlyStop = controls.earlyStop(earlyStopEntry.value());
            ok &= earlyStop.isPresent();
        }
        Optional<Schedule> schedule = Optional.empty();
        Ast.TrainEntry scheduleEntry = entries.get("lr_schedule");
        if (scheduleEntry != null && !isNone(scheduleEntry.value())) {
            schedule = controls.schedule(scheduleEntry.value());
            ok &= schedule.isPresent();
        }
        Retention retention = Retention.last(decl.span());
        Ast.TrainEntry retentionEntry = entries.get("checkpoint");
        if (retentionEntry != null) {
            Optional<Retention> read = controls.retention(retentionEntry.value());
            ok &= read.isPresent();
            retention = read.orElse(retention);
        }
        if (batch < 0 || epochs < 0 || seed < 0) {
            ok = false;
        }
        if (!ok || data.isEmpty() || loss.isEmpty() || optimizer.isEmpty() || reduction.isEmpty()) {
            return Optional.empty();
        }
        Optional<Span> batchSpan = Optional.ofNullable(entries.get("batch")).map(e -> e.value().span());
        Optional<String> tooLarge = TrainLimits.batchProblem(batch, data.get());
        if (tooLarge.isPresent()) {
            String most = Integer.toString(TrainLimits.samples(data.get()).orElseThrow());
            Diagnostic.Builder b = Diagnostic.of(Code.E0205, batchSpan.orElse(data.get().span()),
                            "batch " + tooLarge.get())
                    .label("too large")
                    .help("use a batch of at most " + most);
            batchSpan.ifPresent(at -> b.fix(Fix.of("use a batch of " + most, at, most)));
            b.report(diagnostics);
            return Optional.empty();
        }
        return Optional.of(new TrainSpec(decl.model().text(), decl.model().span(), decl.span(), data.get(), loss.get(),
                entries.get("loss").value().span(), reduction.get(), optimizer.get(), batch, batchSpan, epochs, shuffle,
                validation, test, seed, noise, earlyStop, schedule, retention));
    }

    /** The setting's value, its default when absent, or -1 after reporting an error. */
    private int intSetting(Map<String, Ast.TrainEntry> entries, String key, int fallback, TrainLimits.Range range) {
        Ast.TrainEntry entry = entries.get(key);
        if (entry == null) {
            return fallback;
        }
        if (entry.value() instanceof ShapeLit s && s.isInteger()) {
            long value = s.dims().get(0);
            Optional<String> problem = range.problem(value);
            if (problem.isPresent()) {
                Diagnostic.of(Code.E0205, s.span(), "`" + key + "` " + problem.get())
                        .label("out of range")
                        .report(diagnostics);
                return -1;
            }
            return (int) value;
        }
        Diagnostic.of(Code.E0201, entry.value().span(), "`" + key + "` expects a whole number, found "
                        + ValueReader.describe(entry.value()))
                .label("expected a whole number")
                .report(diagnostics);
        return -1;
    }

    private static boolean isNone(Expr expr) {
        return expr instanceof CallExpr c && c.call().argLists().isEmpty() && c.call().name().text().equals(NONE);
    }

    /** Validation and test held out of the same data must leave some of it to train on. */
    private boolean sharesLeaveData(Optional<DataSource> validation, Optional<DataSource> test) {
        if (validation.isPresent() && validation.get() instanceof DataSource.HeldOut v
                && test.isPresent() && test.get() instanceof DataSource.HeldOut t && v.share() + t.share() >= 1) {
            Diagnostic.of(Code.E0205, t.span(), "`validation` and `test` hold out " + v.share() + " and "
                            + t.share() + " of the data, leaving none to train on")
                    .label("together at least the whole")
                    .secondary(v.span(), "validation's share")
                    .help("hold out less, such as `validation: split(0.1)` and `test: split(0.1)`")
                    .report(diagnostics);
            return false;
        }
        return true;
    }

    private Optional<Loss> loss(Expr expr) {
        if (expr instanceof CallExpr c && c.call().argLists().isEmpty()) {
            String name = c.call().name().text();
            Optional<Loss> found = Arrays.stream(Loss.values()).filter(l -> l.keyword().equals(name)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            List<String> names = Arrays.stream(Loss.values()).map(Loss::keyword).toList();
            Diagnostic.Builder b = Diagnostic.of(Code.E0404, expr.span(), "unknown loss `" + name + "`")
                    .label("not a loss")
                    .note("losses: " + String.join(", ", names));
            if (name.equals("sparse_categorical_crossentropy")) {
                // Keras's sparse form only differs in taking integer labels; aec reads the labels itself.
                b.note("aec feeds the dataset's integer labels one-hot, as `keras.utils.to_categorical` does")
                        .help("use `categorical_crossentropy`: the same loss on the same labels")
                        .fix(Fix.of("change to `categorical_crossentropy`", expr.span(), "categorical_crossentropy"));
            } else {
                Suggest.closest(name, names).ifPresent(s -> b.didYouMean(expr.span(), s));
            }
            b.report(diagnostics);
            return Optional.empty();
        }
        Diagnostic.of(Code.E0201, expr.span(), "expected a loss like `binary_crossentropy`, found "
                        + ValueReader.describe(expr))
                .label("not a loss")
                .report(diagnostics);
        return Optional.empty();
    }

    private Optional<Reduction> reduction(Expr expr) {
        List<String> names = Arrays.stream(Reduction.values()).map(Reduction::keyword).toList();
        if (expr instanceof CallExpr c && c.call().argLists().isEmpty()) {
            String name = c.call().name().text();
            Optional<Reduction> found = Arrays.stream(Reduction.values()).filter(r -> r.keyword().equals(name)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Diagnostic.Builder b = Diagnostic.of(Code.E0201, expr.span(), "unknown reduction `" + name + "`")
                    .label("expected `mean` or `sum`");
            Suggest.closest(name, names).ifPresent(s -> b.didYouMean(expr.span(), s));
            b.report(diagnostics);
            return Optional.empty();
        }
        Diagnostic.of(Code.E0201, expr.span(), "`reduction` expects `mean` or `sum`, found " + ValueReader.describe(expr))
                .label("expected `mean` or `sum`")
                .report(diagnostics);
        return Optional.empty();
    }

    private Optional<Optimizer> optimizer(Expr expr) {
        if (!(expr instanceof CallExpr c) || c.call().argLists().size() > 1) {
            Diagnostic.of(Code.E0201, expr.span(), "expected an optimizer like `adam(learning_rate: 0.001)`, found "
                            + ValueReader.describe(expr))
                    .label("not an optimizer")
                    .report(diagnostics);
            return Optional.empty();
        }
        String name = c.call().name().text();
        Optional<OptimizerKind> kind = Arrays.stream(OptimizerKind.values())
                .filter(k -> k.keyword().equals(name)).findFirst();
        if (kind.isEmpty()) {
            List<String> names = Arrays.stream(OptimizerKind.values()).map(OptimizerKind::keyword).toList();
            Diagnostic.Builder b = Diagnostic.of(Code.E0404, c.call().name().span(), "unknown optimizer `" + name + "`")
                    .label("not an optimizer")
                    .note("optimizers: " + String.join(", ", names));
            Suggest.closest(name, names).ifPresent(s -> b.didYouMean(c.call().name().span(), s));
            b.report(diagnostics);
            return Optional.empty();
        }
        Map<String, Double> params = new LinkedHashMap<>(kind.get().defaults());
        Map<String, Span> seen = new HashMap<>();
        boolean ok = true;
        List<Arg> args = c.call().argLists().isEmpty() ? List.of() : c.call().argLists().get(0).args();
        List<String> names = List.copyOf(kind.get().defaults().keySet());
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String key;
            if (arg.key().isPresent()) {
                key = arg.key().get().text();
                if (!params.containsKey(key)) {
                    ArgumentProblems.unknownParameter(diagnostics, name, arg.key().get(), names);
                    ok = false;
                    continue;
                }
            } else if (i == 0) {
                key = "learning_rate";
            } else {
                Diagnostic.of(Code.E0204, arg.span(), "only the learning rate may be given without a name")
                        .label("name this parameter")
                        .help("write it like `" + name + "(0.1, " + names.get(1) + ": ...)`")
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
            Optional<Double> value = kind.get().isFlag(key)
                    ? reader.bool(arg.value(), key).map(v -> v ? 1.0 : 0.0)
                    : reader.number(arg.value(), key);
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            Optional<String> problem = OptimizerRanges.problem(key, value.get());
            if (problem.isPresent()) {
                Diagnostic.of(Code.E0205, arg.value().span(), "`" + key + "` " + problem.get() + ", found " + format(value.get()))
                        .label("out of range")
                        .report(diagnostics);
                ok = false;
                continue;
            }
            params.put(key, value.get());
        }
        return ok ? Optional.of(new Optimizer(kind.get(), params, expr.span())) : Optional.empty();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
