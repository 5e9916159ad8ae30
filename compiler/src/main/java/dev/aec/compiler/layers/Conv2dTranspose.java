package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.optional;
import static dev.aec.compiler.layers.LayerSpec.Param.required;

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
 * Keras Conv2DTranspose (without output padding or dilation): the gradient of a convolution with the
 * same arguments taken as a layer, so a stride of 2 doubles height and width. Its kernel is Keras's
 * `[kh, kw, filters, in_channels]`, output channels before input channels.
 */
public record Conv2dTranspose(int filters, Size2 kernel, Size2 stride, Padding padding, Activation activation,
                              boolean useBias) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("conv2d_transpose", Conv2dTranspose.class)
            .summary("transposed 2-D convolution: upsamples height x width by the stride, learning the filter")
            .param(required("filters", ArgType.COUNT, "number of output channels"))
            .param(required("kernel", ArgType.SIZE2, "window size"))
            .param(optional("stride", ArgType.SIZE2, Size2.square(1), "1x1", "upsampling factor"))
            .param(optional("padding", ArgType.PADDING, Padding.VALID, "valid",
                    "`same` gives in*stride; `valid` adds max(kernel - stride, 0)"))
            .param(optional("activation", ArgType.ACTIVATION, Activation.LINEAR, "linear", "applied to the output"))
            .param(optional("use_bias", ArgType.BOOL, true, "true", "add a learned bias per filter"))
            .output("`HxWxC` to `(H*sh)x(W*sw)xfilters` with `same`; `valid` adds `max(k - s, 0)` per axis")
            .parameters("`kh*kw*C*filters + filters`")
            .keras("Conv2DTranspose")
            .example("conv2d_transpose(32, kernel: 3x3, stride: 2, activation: relu, padding: same)")
            .build(a -> new Conv2dTranspose(a.count("filters"), a.size2("kernel"), a.size2("stride"),
                    a.padding("padding"), a.activation("activation"), a.bool("use_bias")));

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
                + Activate.suffix(activation) + ", " + padding.keyword() + (useBias ? "" : ", no bias") + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        Optional<ShapeResult> notImage = Outputs.needsImage("conv2d_transpose", in);
        if (notImage.isPresent()) {
            return notImage.get();
        }
        ShapeRules.Pad pad = Outputs.pad(padding);
        long h = ShapeRules.transposedOutput(in.height(), kernel.rows(), stride.rows(), pad);
        long w = ShapeRules.transposedOutput(in.width(), kernel.cols(), stride.cols(), pad);
        return Outputs.ok(h, w, filters,
                ShapeRules.conv2dParams(kernel.rows(), kernel.cols(), in.channels(), filters, useBias));
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of(useBias ? "conv2dTranspose" : "conv2dTransposeNoBias", new Arg.Int(in.channels()),
                new Arg.Int(filters), new Arg.Int(kernel.rows()), new Arg.Int(kernel.cols()),
                new Arg.Int(stride.rows()), new Arg.Int(stride.cols()), new Arg.Pad(padding), new Arg.Act(activation));
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
