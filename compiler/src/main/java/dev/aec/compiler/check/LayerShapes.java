package dev.aec.compiler.check;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.types.Shape;
import dev.aec.compiler.types.ShapeRules;
import java.util.List;
import java.util.Optional;

/** The output shape and parameter count of each layer kind on a given input, or why there is none. */
final class LayerShapes implements Layer.Visitor<LayerShapes.Result> {
    /** Sizes above this are refused, so counts never overflow downstream. */
    static final long MAX_DIM = 1L << 24;
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    /** A layer's output and parameters, or a problem to report at the layer. */
    sealed interface Result {
    }

    record Ok(Shape shape, long params) implements Result {
    }

    record Problem(Code code, String message, String label, List<String> helps) implements Result {
    }

    private final Shape in;

    private LayerShapes(Shape in) {
        this.in = in;
    }

    static Result apply(Layer layer, Shape in) {
        try {
            return layer.accept(new LayerShapes(in));
        } catch (ArithmeticException overflow) {
            return new Problem(Code.E0309, "parameter count of `" + layer.describe() + "` is too large",
                    "does not fit in 64 bits", List.of("use smaller sizes"));
        }
    }

    @Override
    public Result dense(Layer.Dense layer) {
        if (in.rank() != 1) {
            return new Problem(Code.E0304, "`dense` expects a vector, found " + in, "input is " + in,
                    List.of("add `flatten` before it"));
        }
        return ok(Shape.of(layer.units()), ShapeRules.denseParams(in.dim(0), layer.units(), layer.useBias()));
    }

    @Override
    public Result conv2d(Layer.Conv2d layer) {
        Optional<Problem> rank = needsImage("conv2d");
        if (rank.isPresent()) {
            return rank.get();
        }
        Optional<Shape> out = window("conv2d", layer.kernel(), layer.stride(), layer.padding(), layer.filters());
        if (out.isEmpty()) {
            return kernelTooLarge("conv2d", "kernel", layer.kernel());
        }
        return ok(out.get(), ShapeRules.conv2dParams(layer.kernel().rows(), layer.kernel().cols(), in.channels(),
                layer.filters(), layer.useBias()));
    }

    @Override
    public Result maxPool(Layer.MaxPool layer) {
        Optional<Problem> rank = needsImage("maxpool");
        if (rank.isPresent()) {
            return rank.get();
        }
        Optional<Shape> out = window("maxpool", layer.size(), layer.stride(), layer.padding(), in.channels());
        if (out.isEmpty()) {
            return kernelTooLarge("maxpool", "pool", layer.size());
        }
        return ok(out.get(), 0);
    }

    @Override
    public Result upsample(Layer.Upsample layer) {
        Optional<Problem> rank = needsImage("upsample");
        if (rank.isPresent()) {
            return rank.get();
        }
        long h = ShapeRules.upsampleOutput(in.height(), layer.size().rows());
        long w = ShapeRules.upsampleOutput(in.width(), layer.size().cols());
        return ok(h, w, in.channels(), 0);
    }

    @Override
    public Result flatten(Layer.Flatten layer) {
        return ok(Shape.of((int) in.elements()), 0);
    }

    @Override
    public Result reshape(Layer.Reshape layer) {
        if (layer.target().elements() != in.elements()) {
            return new Problem(Code.E0305, "`reshape` to " + layer.target() + " needs " + layer.target().elements()
                    + " elements, but its input " + in + " has " + in.elements(),
                    "input has " + in.elements() + " elements",
                    List.of("use a shape with " + in.elements() + " elements, such as `reshape(" + sameCount(in) + ")`"));
        }
        return ok(layer.target(), 0);
    }

    @Override
    public Result activate(Layer.Activate layer) {
        return ok(in, 0);
    }

    @Override
    public Result gaussian(Layer.Gaussian layer) {
        if (in.rank() != 1) {
            return new Problem(Code.E0304, "`gaussian` expects a vector, found " + in, "input is " + in,
                    List.of("add `flatten` (or a `dense` layer) before it"));
        }
        return ok(Shape.of(layer.units()), ShapeRules.gaussianParams(in.dim(0), layer.units()));
    }

    /** A rank-3 shape with the input's element count: square when possible, else n x 1 x 1. */
    private static String sameCount(Shape in) {
        long n = in.elements();
        long side = Math.round(Math.sqrt(n));
        if (side * side == n) {
            return side + "x" + side + "x1";
        }
        for (long c = 2; c <= 64; c++) {
            long rest = n / c;
            long s = Math.round(Math.sqrt(rest));
            if (n % c == 0 && s * s == rest) {
                return s + "x" + s + "x" + c;
            }
        }
        return n + "x1x1";
    }

    private Optional<Problem> needsImage(String name) {
        if (in.rank() == 3) {
            return Optional.empty();
        }
        String help = "add `reshape(...)` before it to make height x width x channels";
        long n = in.elements();
        long side = Math.round(Math.sqrt(n));
        if (in.rank() == 1 && side * side == n) {
            help = "add `reshape(" + side + "x" + side + "x1)` before it";
        } else if (in.rank() == 2) {
            help = "add `reshape(" + in + "x1)` before it";
        }
        return Optional.of(new Problem(Code.E0304, "`" + name + "` expects height x width x channels, found " + in,
                "input is " + in, List.of(help)));
    }

    private Optional<Shape> window(String name, Size2 kernel, Size2 stride, Padding padding, int channels) {
        ShapeRules.Pad pad = switch (padding) {
            case SAME -> ShapeRules.Pad.SAME;
            case VALID -> ShapeRules.Pad.VALID;
        };
        long h = ShapeRules.windowOutput(in.height(), kernel.rows(), stride.rows(), pad);
        long w = ShapeRules.windowOutput(in.width(), kernel.cols(), stride.cols(), pad);
        if (h < 0 || w < 0) {
            return Optional.empty();
        }
        return Optional.of(Shape.of((int) h, (int) w, channels));
    }

    private Problem kernelTooLarge(String name, String what, Size2 size) {
        String fits = Math.min(size.rows(), in.height()) + "x" + Math.min(size.cols(), in.width());
        return new Problem(Code.E0303, "`" + name + "` " + what + " " + size + " is larger than its "
                + in.height() + "x" + in.width() + " input with `padding: valid`",
                "input is " + in, List.of("use `padding: same`, or a " + what + " of at most " + fits));
    }

    private Result ok(long h, long w, long c, long params) {
        if (h > MAX_DIM || w > MAX_DIM || h * w > MAX_ELEMENTS || h * w * c > MAX_ELEMENTS) {
            return tooLarge(h + "x" + w + "x" + c);
        }
        return ok(Shape.of((int) h, (int) w, (int) c), params);
    }

    private Result ok(Shape out, long params) {
        long elements = out.elements();
        if (elements < 0 || elements > MAX_ELEMENTS) {
            return tooLarge(out.toString());
        }
        return new Ok(out, params);
    }

    private Problem tooLarge(String shape) {
        return new Problem(Code.E0309, "output " + shape + " is too large", "more than " + MAX_ELEMENTS
                + " elements per sample", List.of("use smaller sizes"));
    }
}
