package dev.aec.compiler.resolve;

import dev.aec.compiler.layers.ArgType;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.syntax.Ast.Arg;
import dev.aec.compiler.syntax.Ast.CallExpr;
import dev.aec.compiler.syntax.Ast.DottedName;
import dev.aec.compiler.syntax.Ast.Expr;
import dev.aec.compiler.syntax.Ast.FloatLit;
import dev.aec.compiler.syntax.Ast.ShapeLit;
import dev.aec.compiler.syntax.Ast.StringLit;
import dev.aec.compiler.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads a written value as one of the {@link ArgType}s, reporting type and range errors. */
final class ValueReader {
    /** Sizes above this are surely a typo and would overflow the arithmetic downstream. */
    static final long MAX_DIM = 1L << 24;
    static final String TRUE = "true";
    static final String FALSE = "false";

    private final Diagnostics diagnostics;

    ValueReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The value, or empty after reporting why it is not one. `what` names the argument in messages. */
    Optional<Object> read(Expr expr, ArgType type, String what) {
        return switch (type) {
            case COUNT -> count(expr, what).map(Object.class::cast);
            case SIZE2 -> size2(expr, what).map(Object.class::cast);
            case EXTRA_SIZE2 -> extraSize2(expr, what).map(Object.class::cast);
            case SHAPE -> shape(expr, what).map(Object.class::cast);
            case ACTIVATION -> activation(expr, what).map(Object.class::cast);
            case PADDING -> padding(expr, what).map(Object.class::cast);
            case BOOL -> bool(expr, what).map(Object.class::cast);
            case NUMBER -> number(expr, what).map(Object.class::cast);
            case WEIGHT -> weight(expr, what).map(Object.class::cast);
            case RATE -> rate(expr, what).map(Object.class::cast);
            case FRACTION -> fraction(expr, what).map(Object.class::cast);
            case POSITIVE -> positiveNumber(expr, what).map(Object.class::cast);
            case AXIS -> axis(expr, what).map(Object.class::cast);
        };
    }

    Optional<Integer> count(Expr expr, String what) {
        if (expr instanceof ShapeLit s && s.isInteger()) {
            return positive(s.dims().get(0), s, what);
        }
        return mismatch(expr, ArgType.COUNT, what);
    }

    Optional<Size2> size2(Expr expr, String what) {
        if (expr instanceof ShapeLit s && (s.dims().size() == 1 || s.dims().size() == 2)) {
            Optional<Integer> rows = positive(s.dims().get(0), s, what);
            Optional<Integer> cols = s.dims().size() == 1 ? rows : positive(s.dims().get(1), s, what);
            if (rows.isEmpty() || cols.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Size2(rows.get(), cols.get()));
        }
        if (expr instanceof ShapeLit s) {
            Diagnostic.of(Code.E0201, s.span(), "`" + what + "` takes two sizes, found " + s.dims().size())
                    .label("expected a size like `3x3`")
                    .report(diagnostics);
            return Optional.empty();
        }
        return mismatch(expr, ArgType.SIZE2, what);
    }

    /** As {@link #size2}, each at least 0. */
    Optional<Size2> extraSize2(Expr expr, String what) {
        if (expr instanceof ShapeLit s && (s.dims().size() == 1 || s.dims().size() == 2)) {
            for (long dim : s.dims()) {
                if (dim < 0 || dim > MAX_DIM) {
                    Diagnostic.of(Code.E0205, s.span(), "`" + what + "` must be at least 0, found " + dim)
                            .label("out of range")
                            .report(diagnostics);
                    return Optional.empty();
                }
            }
            int rows = (int) (long) s.dims().get(0);
            int cols = s.dims().size() == 1 ? rows : (int) (long) s.dims().get(1);
            return Optional.of(new Size2(rows, cols));
        }
        if (expr instanceof ShapeLit s) {
            Diagnostic.of(Code.E0201, s.span(), "`" + what + "` takes two sizes, found " + s.dims().size())
                    .label("expected a size like `1x1`")
                    .report(diagnostics);
            return Optional.empty();
        }
        return mismatch(expr, ArgType.EXTRA_SIZE2, what);
    }

    Optional<Shape> shape(Expr expr, String what) {
        if (expr instanceof ShapeLit s) {
            int[] dims = new int[s.dims().size()];
            for (int i = 0; i < dims.length; i++) {
                Optional<Integer> dim = positive(s.dims().get(i), s, what);
                if (dim.isEmpty()) {
                    return Optional.empty();
                }
                dims[i] = dim.get();
            }
            return Optional.of(Shape.of(dims));
        }
        return mismatch(expr, ArgType.SHAPE, what);
    }

    Optional<Activation> activation(Expr expr, String what) {
        if (expr instanceof CallExpr c && c.call().argLists().size() <= 1) {
            String name = c.call().name().text();
            Optional<ActivationKind> kind = Arrays.stream(ActivationKind.values())
                    .filter(k -> k.keyword().equals(name)).findFirst();
            if (kind.isEmpty()) {
                Diagnostic.Builder b = Diagnostic.of(Code.E0201, c.call().name().span(),
                                "unknown activation `" + name + "`")
                        .label("not an activation")
                        .note("activations: " + String.join(", ",
                                Arrays.stream(ActivationKind.values()).map(ActivationKind::keyword).toList()));
                Suggest.closest(name, Arrays.stream(ActivationKind.values()).map(ActivationKind::keyword).toList())
                        .ifPresent(s -> b.didYouMean(c.call().name().span(), s));
                b.report(diagnostics);
                return Optional.empty();
            }
            double alpha = kind.get().defaultAlpha();
            if (!c.call().argLists().isEmpty()) {
                List<Arg> args = c.call().argLists().get(0).args();
                if (!kind.get().hasAlpha() || args.size() > 1) {
                    Diagnostic.of(Code.E0204, c.call().argLists().get(0).span(),
                                    "`" + name + "` takes " + (kind.get().hasAlpha() ? "one argument, `alpha`" : "no arguments"))
                            .label("unexpected arguments")
                            .report(diagnostics);
                    return Optional.empty();
                }
                if (!args.isEmpty()) {
                    Arg arg = args.get(0);
                    if (arg.key().isPresent() && !arg.key().get().text().equals("alpha")) {
                        Diagnostic.of(Code.E0106, arg.key().get().span(),
                                        "`" + name + "` has no argument `" + arg.key().get().text() + "`")
                                .label("unknown argument")
                                .help("its only argument is `alpha`")
                                .report(diagnostics);
                        return Optional.empty();
                    }
                    Optional<Double> value = number(arg.value(), "alpha");
                    if (value.isEmpty()) {
                        return Optional.empty();
                    }
                    alpha = value.get();
                }
            }
            return Optional.of(new Activation(kind.get(), alpha));
        }
        return mismatch(expr, ArgType.ACTIVATION, what);
    }

    Optional<Padding> padding(Expr expr, String what) {
        if (expr instanceof CallExpr c && c.call().argLists().isEmpty()) {
            String name = c.call().name().text();
            for (Padding p : Padding.values()) {
                if (p.keyword().equals(name)) {
                    return Optional.of(p);
                }
            }
        }
        return mismatch(expr, ArgType.PADDING, what);
    }

    Optional<Boolean> bool(Expr expr, String what) {
        if (expr instanceof CallExpr c && c.call().argLists().isEmpty()) {
            String name = c.call().name().text();
            if (name.equals(TRUE) || name.equals(FALSE)) {
                return Optional.of(name.equals(TRUE));
            }
        }
        return mismatch(expr, ArgType.BOOL, what);
    }

    Optional<Double> number(Expr expr, String what) {
        if (expr instanceof FloatLit f) {
            return Optional.of(f.value());
        }
        if (expr instanceof ShapeLit s && s.isInteger()) {
            return Optional.of((double) s.dims().get(0));
        }
        return mismatch(expr, ArgType.NUMBER, what);
    }

    Optional<Double> weight(Expr expr, String what) {
        if (!(expr instanceof FloatLit) && !(expr instanceof ShapeLit s && s.isInteger())) {
            return mismatch(expr, ArgType.WEIGHT, what);
        }
        Optional<Double> value = number(expr, what);
        if (value.isPresent() && !(value.get() >= 0 && Double.isFinite(value.get()))) {
            Diagnostic.of(Code.E0205, expr.span(), "`" + what + "` must be at least 0, found " + expr.span().text())
                    .label("out of range")
                    .report(diagnostics);
            return Optional.empty();
        }
        return value;
    }

    Optional<Double> rate(Expr expr, String what) {
        if (!(expr instanceof FloatLit) && !(expr instanceof ShapeLit s && s.isInteger())) {
            return mismatch(expr, ArgType.RATE, what);
        }
        Optional<Double> value = number(expr, what);
        if (value.isPresent() && !(value.get() >= 0 && value.get() < 1)) {
            Diagnostic.of(Code.E0205, expr.span(), "`" + what + "` must be at least 0 and below 1, found "
                            + expr.span().text())
                    .label("out of range")
                    .help("a rate of 1 would drop every value; use a rate like `0.5`")
                    .report(diagnostics);
            return Optional.empty();
        }
        return value;
    }

    Optional<Double> fraction(Expr expr, String what) {
        if (!(expr instanceof FloatLit) && !(expr instanceof ShapeLit s && s.isInteger())) {
            return mismatch(expr, ArgType.FRACTION, what);
        }
        Optional<Double> value = number(expr, what);
        if (value.isPresent() && !(value.get() >= 0 && value.get() <= 1)) {
            Diagnostic.of(Code.E0205, expr.span(), "`" + what + "` must be from 0 to 1, found " + expr.span().text())
                    .label("out of range")
                    .help("a moving average keeps this share of its value at each step; Keras's default is `0.99`")
                    .report(diagnostics);
            return Optional.empty();
        }
        return value;
    }

    Optional<Double> positiveNumber(Expr expr, String what) {
        if (!(expr instanceof FloatLit) && !(expr instanceof ShapeLit s && s.isInteger())) {
            return mismatch(expr, ArgType.POSITIVE, what);
        }
        Optional<Double> value = number(expr, what);
        if (value.isPresent() && !(value.get() > 0 && Double.isFinite(value.get()))) {
            Diagnostic.of(Code.E0205, expr.span(), "`" + what + "` must be above 0, found " + expr.span().text())
                    .label("out of range")
                    .help("use a small number like `0.001`")
                    .report(diagnostics);
            return Optional.empty();
        }
        return value;
    }

    /** A whole number other than 0: Keras's axis 0 is the batch, which no layer here merges along. */
    Optional<Integer> axis(Expr expr, String what) {
        if (!(expr instanceof ShapeLit s && s.isInteger())) {
            return mismatch(expr, ArgType.AXIS, what);
        }
        long value = s.dims().get(0);
        if (value == 0 || Math.abs(value) > MAX_DIM) {
            Diagnostic.of(Code.E0205, s.span(), "`" + what + "` must not be " + value)
                    .label(value == 0 ? "axis 0 is the batch" : "out of range")
                    .help("count the axes of a sample from 1, or from the end with `-1` for the last")
                    .report(diagnostics);
            return Optional.empty();
        }
        return Optional.of((int) value);
    }

    private Optional<Integer> positive(long value, ShapeLit where, String what) {
        if (value <= 0) {
            Diagnostic.of(Code.E0205, where.span(), "`" + what + "` must be positive, found " + value)
                    .label("must be at least 1")
                    .report(diagnostics);
            return Optional.empty();
        }
        if (value > MAX_DIM) {
            Diagnostic.of(Code.E0205, where.span(), "`" + what + "` is too large: " + value)
                    .label("at most " + MAX_DIM)
                    .report(diagnostics);
            return Optional.empty();
        }
        return Optional.of((int) value);
    }

    private <T> Optional<T> mismatch(Expr expr, ArgType type, String what) {
        Diagnostic.of(Code.E0201, expr.span(), "`" + what + "` expects " + type.expected() + ", found " + describe(expr))
                .label("expected " + type.expected())
                .report(diagnostics);
        return Optional.empty();
    }

    /** How a written value is named in "found ..." messages. */
    static String describe(Expr expr) {
        if (expr instanceof ShapeLit s) {
            return s.isInteger() ? "the number " + s.text() : "the shape " + s.text();
        }
        if (expr instanceof FloatLit f) {
            return "the number " + f.span().text();
        }
        if (expr instanceof StringLit) {
            return "a string";
        }
        if (expr instanceof DottedName d) {
            return "`" + d.span().text() + "`";
        }
        CallExpr c = (CallExpr) expr;
        return c.call().argLists().isEmpty() ? "`" + c.call().name().text() + "`"
                : "a call of `" + c.call().name().text().toLowerCase(Locale.ROOT) + "`";
    }
}
