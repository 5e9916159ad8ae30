package dev.aec.compiler.layers;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.types.Shape;
import dev.aec.compiler.types.ShapeRules;
import java.util.List;
import java.util.Optional;

/** What several kinds' shape rules share: the input they need, sliding windows, the size limits. */
final class Outputs {
    /** Sizes above this are refused, so counts never overflow downstream. */
    static final long MAX_DIM = 1L << 24;
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    private Outputs() {
    }

    /** The problem when `in` is not a vector, for a layer named `name` that needs one. */
    static Optional<ShapeResult> needsVector(String name, Shape in, String help) {
        if (in.rank() == 1) {
            return Optional.empty();
        }
        return Optional.of(ShapeResult.Problem.mendedBy("flatten", Code.E0304, "`" + name + "` expects a vector, found "
                + in, "input is " + in, List.of(help)));
    }

    /** The problem when `in` is not height x width x channels, with the reshape that would make it one. */
    static Optional<ShapeResult> needsImage(String name, Shape in) {
        if (in.rank() == 3) {
            return Optional.empty();
        }
        Optional<String> reshape = Optional.empty();
        long n = in.elements();
        long side = Math.round(Math.sqrt(n));
        if (in.rank() == 1 && side * side == n) {
            reshape = Optional.of("reshape(" + side + "x" + side + "x1)");
        } else if (in.rank() == 2) {
            reshape = Optional.of("reshape(" + in + "x1)");
        }
        String help = reshape.map(r -> "add `" + r + "` before it")
                .orElse("add `reshape(...)` before it to make height x width x channels");
        return Optional.of(new ShapeResult.Problem(Code.E0304, "`" + name + "` expects height x width x channels, found "
                + in, "input is " + in, List.of(help), java.util.OptionalInt.empty(), reshape));
    }

    /** A sliding window's output with `channels`, or empty when a valid window does not fit. */
    static Optional<Shape> window(Shape in, Size2 kernel, Size2 stride, Padding padding, int channels) {
        ShapeRules.Pad pad = pad(padding);
        long h = ShapeRules.windowOutput(in.height(), kernel.rows(), stride.rows(), pad);
        long w = ShapeRules.windowOutput(in.width(), kernel.cols(), stride.cols(), pad);
        if (h < 0 || w < 0) {
            return Optional.empty();
        }
        return Optional.of(Shape.of((int) h, (int) w, channels));
    }

    static ShapeRules.Pad pad(Padding padding) {
        return switch (padding) {
            case SAME -> ShapeRules.Pad.SAME;
            case VALID -> ShapeRules.Pad.VALID;
        };
    }

    static ShapeResult kernelTooLarge(String name, String what, Size2 size, Shape in) {
        String fits = Math.min(size.rows(), in.height()) + "x" + Math.min(size.cols(), in.width());
        return new ShapeResult.Problem(Code.E0303, "`" + name + "` " + what + " " + size + " is larger than its "
                + in.height() + "x" + in.width() + " input with `padding: valid`",
                "input is " + in, List.of("use `padding: same`, or a " + what + " of at most " + fits));
    }

    /** An image output, refused when larger than the limits. */
    static ShapeResult ok(long h, long w, long c, long params) {
        if (h > MAX_DIM || w > MAX_DIM || h * w > MAX_ELEMENTS || h * w * c > MAX_ELEMENTS) {
            return tooLarge(h + "x" + w + "x" + c);
        }
        return ok(Shape.of((int) h, (int) w, (int) c), params);
    }

    static ShapeResult ok(Shape out, long params) {
        long elements = out.elements();
        if (elements < 0 || elements > MAX_ELEMENTS) {
            return tooLarge(out.toString());
        }
        return new ShapeResult.Ok(out, params);
    }

    static ShapeResult tooLarge(String shape) {
        return new ShapeResult.Problem(Code.E0309, "output " + shape + " is too large", "more than " + MAX_ELEMENTS
                + " elements per sample", List.of("use smaller sizes"));
    }
}
