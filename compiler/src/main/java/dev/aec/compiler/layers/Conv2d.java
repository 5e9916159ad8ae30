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

/** Keras Conv2D over height x width x channels. */
public record Conv2d(int filters, Size2 kernel, Size2 stride, Padding padding, Activation activation, boolean useBias)
        implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("conv2d", Conv2d.class)
            .summary("2-D convolution over height x width x channels")
            .param(required("filters", ArgType.COUNT, "number of output channels"))
            .param(required("kernel", ArgType.SIZE2, "window size"))
            .param(optional("stride", ArgType.SIZE2, Size2.square(1), "1x1", "step between windows"))
            .param(optional("padding", ArgType.PADDING, Padding.VALID, "valid", "`same` pads to keep ceil(in/stride)"))
            .param(optional("activation", ArgType.ACTIVATION, Activation.LINEAR, "linear", "applied to the output"))
            .param(optional("use_bias", ArgType.BOOL, true, "true", "add a learned bias per filter"))
            .output("`HxWxC` to `H'xW'xfilters` (see padding)")
            .parameters("`kh*kw*C*filters + filters`")
            .keras("Conv2D")
            .example("conv2d(16, kernel: 3x3, activation: relu, padding: same)")
            .build(a -> new Conv2d(a.count("filters"), a.size2("kernel"), a.size2("stride"), a.padding("padding"),
                    a.activation("activation"), a.bool("use_bias")));

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
        return "conv2d(" + filters + ", " + kernel + (stride.equals(Size2.square(1)) ? "" : ", stride " + stride)
                + Activate.suffix(activation) + ", " + padding.keyword() + (useBias ? "" : ", no bias") + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        Optional<ShapeResult> notImage = Outputs.needsImage("conv2d", in);
        if (notImage.isPresent()) {
            return notImage.get();
        }
        return Outputs.window(in, kernel, stride, padding, filters)
                .map(out -> Outputs.ok(out, ShapeRules.conv2dParams(kernel.rows(), kernel.cols(), in.channels(),
                        filters, useBias)))
                .orElseGet(() -> Outputs.kernelTooLarge("conv2d", "kernel", kernel, in));
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of(useBias ? "conv2d" : "conv2dNoBias", new Arg.Int(in.channels()), new Arg.Int(filters),
                new Arg.Int(kernel.rows()), new Arg.Int(kernel.cols()), new Arg.Int(stride.rows()),
                new Arg.Int(stride.cols()), new Arg.Pad(padding), new Arg.Act(activation));
    }

    /** Every output position takes a kh x kw x in window for each filter. */
    @Override
    public long multiplyAdds(Shape in, Shape out) {
        return (long) out.height() * out.width() * kernel.rows() * kernel.cols() * in.channels() * filters;
    }

    @Override
    public List<Weight> weights(Shape in) {
        int kh = kernel.rows();
        int kw = kernel.cols();
        List<Weight> weights = new ArrayList<>();
        weights.add(Weight.glorot("kernel", Shape.of(kh, kw, in.channels(), filters),
                (long) kh * kw * in.channels(), (long) kh * kw * filters));
        if (useBias) {
            weights.add(Weight.zeros("bias", Shape.of(filters)));
        }
        return weights;
    }
}
