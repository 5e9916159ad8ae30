package dev.aec.compiler.resolve;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.model.Noise;
import dev.aec.compiler.syntax.Ast.Arg;
import dev.aec.compiler.syntax.Ast.CallExpr;
import dev.aec.compiler.syntax.Ast.Expr;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a train block's `noise:` value: `gaussian(stddev)` or `salt_and_pepper(rate)`, one number each. */
final class NoiseReader {
    /** The one parameter of each noise kind. */
    static final Map<String, String> PARAMETERS = Map.of(Noise.KINDS.get(0), "stddev", Noise.KINDS.get(1), "rate");

    private final Diagnostics diagnostics;
    private final ValueReader reader;

    NoiseReader(Diagnostics diagnostics, ValueReader reader) {
        this.diagnostics = diagnostics;
        this.reader = reader;
    }

    Optional<Noise> read(Expr expr) {
        if (!(expr instanceof CallExpr c) || c.call().argLists().size() > 1) {
            Diagnostic.of(Code.E0201, expr.span(), "expected noise like `gaussian(0.5)`, found "
                            + ValueReader.describe(expr))
                    .label("not a noise")
                    .report(diagnostics);
            return Optional.empty();
        }
        String kind = c.call().name().text();
        if (!Noise.KINDS.contains(kind)) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0406, c.call().name().span(), "unknown noise `" + kind + "`")
                    .label("not a noise kind")
                    .note("noise kinds: " + String.join(", ", Noise.KINDS));
            Optional<String> close = kind.equals("GaussianNoise") ? Optional.of("gaussian")
                    : Suggest.closest(kind, Noise.KINDS);
            close.ifPresent(s -> b.didYouMean(c.call().name().span(), s));
            b.report(diagnostics);
            return Optional.empty();
        }
        String param = PARAMETERS.get(kind);
        List<Arg> args = c.call().argLists().isEmpty() ? List.of() : c.call().argLists().get(0).args();
        if (args.isEmpty()) {
            Diagnostic.of(Code.E0202, expr.span(), "`" + kind + "` needs its `" + param + "`")
                    .label("missing `" + param + "`")
                    .help("write it like `" + kind + "(" + (param.equals("stddev") ? "0.5" : "0.1") + ")`")
                    .report(diagnostics);
            return Optional.empty();
        }
        if (args.size() > 1) {
            Diagnostic.of(Code.E0204, args.get(1).span(), "`" + kind + "` takes one argument, `" + param + "`")
                    .label("too many arguments")
                    .report(diagnostics);
            return Optional.empty();
        }
        Arg arg = args.get(0);
        if (arg.key().isPresent() && !arg.key().get().text().equals(param)) {
            Diagnostic.of(Code.E0106, arg.key().get().span(), "`" + kind + "` has no parameter `"
                            + arg.key().get().text() + "`")
                    .label("unknown parameter")
                    .help("its one parameter is `" + param + "`")
                    .report(diagnostics);
            return Optional.empty();
        }
        Optional<Double> value = reader.number(arg.value(), param);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        double v = value.get();
        if (param.equals("stddev") && !(v > 0)) {
            outOfRange(arg, "`stddev` must be greater than 0, found " + format(v));
            return Optional.empty();
        }
        if (param.equals("rate") && !(v > 0 && v < 1)) {
            outOfRange(arg, "`rate` must be between 0 and 1, both excluded, found " + format(v));
            return Optional.empty();
        }
        return Optional.of(param.equals("stddev") ? new Noise.Gaussian(v, expr.span())
                : new Noise.SaltAndPepper(v, expr.span()));
    }

    private void outOfRange(Arg arg, String message) {
        Diagnostic.of(Code.E0205, arg.value().span(), message)
                .label("out of range")
                .report(diagnostics);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
