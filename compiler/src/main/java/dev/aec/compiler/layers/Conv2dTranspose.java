package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.derived;
import static dev.aec.compiler.layers.LayerSpec.Param.optional;
import static dev.aec.compiler.layers.LayerSpec.Param.required;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.model.Weight;
import dev.aec.compiler.types.Shape;
import dev.aec.compiler.types.ShapeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keras Conv2DTranspose (without dilation): the gradient of a convolution with the same arguments
 * taken as a layer, so a stride of 2 doubles height and width. Its kernel is Keras's
 * `[kh, kw, filters, in_channels]`, output channels before input channels. An `output_padding`, as
 * Keras's, sets the output size exactly: (in - 1) * stride + kernel, less 2 * (kernel / 2) with
 * `same`, plus the padding, which must be less than the stride.
 */
public record Conv2dTranspose(int filters, Size2 kernel, Size2 stride, Padding padding, Activation activation,
                              boolean useBias, Optional<Size2> outputPadding) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("conv2d_transpose", Conv2dTranspose.class)
            .summary("transposed 2-D convolution: upsamples height x width by the stride, learning the filter")
            .param(required("filters", ArgType.COUNT, "number of output channels"))
            .param(required("kernel", ArgType.SIZE2, "window size"))
            .param(optional("stride", ArgType.SIZE2, Size2.square(1), "1x1", "upsampling factor"))
            .param(optional("padding", ArgType.PADDING, Padding.VALID, "valid",
                    "`same` gives in*stride; `valid` adds max(kernel - stride, 0)"))
            .param(optional("activation", ArgType.ACTIVATION, Activation.LINEAR, "linear", "applied to the output"))
            .param(optional("use_bias", ArgType.BOOL, true, "true", "add a learned bias per filter"))
            .param(derived("output_padding", ArgType.EXTRA_SIZE2, "none",
                    "rows and columns added to the output, less than the stride; sets its size exactly"))
            .output("`HxWxC` to `(H*sh)x(W*sw)xfilters` with `same`; `valid` adds `max(k - s, 0)` per axis; "
                    + "with `output_padding: p`, `(H-1)*sh + kh + p` (less `2*(kh/2)` with `same`)")
            .parameters("`kh*kw*C*filters + filters`")
            .keras("Conv2DTranspose")
            .example("conv2d_transpose(32, kernel: 3x3, stride: 2, activation: relu, padding: same)")
            .build(a -> new Conv2dTranspose(a.count("filters"), a.size2("kernel"), a.size2("stride"),
                    a.padding("padding"), a.activation("activation"), a.bool("use_bias"),
                    a.optionalSize2("output_padding")));

    /** Keras Conv2DTranspose without an output padding. */
    public Conv2dTranspose(int filters, Size2 kernel, Size2 stride, Padding padding, Activation activation,
                           boolean useBias) {
        this(filters, kernel, stride, padding, activation, useBias, Optional.empty());
    }

    @Override
    public Optional<Activation> appliedActivation() {
        return Optional.of(activation);
    }

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "conv2d_transpose(" + filters + ", " + kernel
                + (stride.equals(Size2.square(1)) ? "" : ", stride " + stride)
                + Activate.suffix(activation) + ", " + padding.keyword() + (useBias ? "" : ", no bias")
                + outputPadding.map(p -> ", output padding " + p).orElse("") + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        Optional<ShapeResult> notImage = Outputs.needsImage("conv2d_transpose", in);
        if (notImage.isPresent()) {
            return notImage.get();
        }
        if (outputPadding.isPresent()) {
            Optional<ShapeResult> refused = refusedOutputPadding(outputPadding.get());
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        ShapeRules.Pad pad = Outputs.pad(padding);
        long h = outputPadding.isPresent()
                ? ShapeRules.transposedOutput(in.height(), kernel.rows(), stride.rows(), pad, outputPadding.get().rows())
                : ShapeRules.transposedOutput(in.height(), kernel.rows(), stride.rows(), pad);
        long w = outputPadding.isPresent()
                ? ShapeRules.transposedOutput(in.width(), kernel.cols(), stride.cols(), pad, outputPadding.get().cols())
                : ShapeRules.transposedOutput(in.width(), kernel.cols(), stride.cols(), pad);
        return Outputs.ok(h, w, filters,
                ShapeRules.conv2dParams(kernel.rows(), kernel.cols(), in.channels(), filters, useBias));
    }

    /**
     * Keras refuses an output padding not less than the stride. With `same` and an even kernel, 0 gives
     * (in - 1) * stride, which TensorFlow refuses when the layer runs: a `same` convolution of that
     * output would not give the input back.
     */
    private Optional<ShapeResult> refusedOutputPadding(Size2 extra) {
        if (extra.rows() >= stride.rows() || extra.cols() >= stride.cols()) {
            return Optional.of(new ShapeResult.Problem(Code.E0205, "`conv2d_transpose` output padding " + extra
                    + " must be less than its stride " + stride, "output padding " + extra + " with stride " + stride,
                    List.of(stride.equals(Size2.square(1)) ? "remove `output_padding`: with stride 1 it can only be 0"
                            : "use an output padding below the stride, like `output_padding: "
                                    + new Size2(Math.min(extra.rows(), stride.rows() - 1),
                                            Math.min(extra.cols(), stride.cols() - 1)) + "`")));
        }
        boolean evenRows = padding == Padding.SAME && kernel.rows() % 2 == 0 && extra.rows() == 0;
        boolean evenCols = padding == Padding.SAME && kernel.cols() % 2 == 0 && extra.cols() == 0;
        if (evenRows || evenCols) {
            return Optional.of(new ShapeResult.Problem(Code.E0205, "`conv2d_transpose` with the even kernel " + kernel
                    + " and `padding: same` needs an output padding of at least 1, found " + extra,
                    "output padding " + extra + " with kernel " + kernel,
                    List.of("an output of (in - 1) * stride is refused by TensorFlow when the layer runs; use "
                            + "`output_padding: " + new Size2(evenRows ? 1 : extra.rows(), evenCols ? 1 : extra.cols())
                            + "`, or no output padding for in * stride")));
        }
        return Optional.empty();
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        String method = useBias ? "conv2dTranspose" : "conv2dTransposeNoBias";
        List<Arg> args = new ArrayList<>(List.of(new Arg.Int(in.channels()), new Arg.Int(filters),
                new Arg.Int(kernel.rows()), new Arg.Int(kernel.cols()), new Arg.Int(stride.rows()),
                new Arg.Int(stride.cols()), new Arg.Pad(padding)));
        outputPadding.ifPresent(p -> args.addAll(List.of(new Arg.Int(p.rows()), new Arg.Int(p.cols()))));
        args.add(new Arg.Act(activation));
        return new LibraryCall(method, args, LibraryCall.Inputs.ONE);
    }

    /** Every input position spreads a kh x kw window to each filter. */
    @Override
    public long multiplyAdds(Shape in, Shape out) {
        return (long) in.height() * in.width() * kernel.rows() * kernel.cols() * in.channels() * filters;
    }

    /** Keras's fans for a `[kh, kw, filters, in]` kernel: kh*kw*filters in, kh*kw*in out. */
    @Override
    public List<Weight> weights(Shape in) {
        int kh = kernel.rows();
        int kw = kernel.cols();
        List<Weight> weights = new ArrayList<>();
        weights.add(Weight.glorot("kernel", Shape.of(kh, kw, filters, in.channels()),
                (long) kh * kw * filters, (long) kh * kw * in.channels()));
        if (useBias) {
            weights.add(Weight.zeros("bias", Shape.of(filters)));
        }
        return weights;
    }
}
