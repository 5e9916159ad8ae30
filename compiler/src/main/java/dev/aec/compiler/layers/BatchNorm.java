package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.optional;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Weight;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras BatchNormalization over the last axis (the channels of an image, the features of a
 * vector): `gamma (x - mean) / sqrt(variance + epsilon) + beta` per channel. While training, mean
 * and variance are the batch's, over every other axis, and each step moves the moving statistics
 * towards them by `1 - momentum`; at inference the moving statistics are read. Its four tensors
 * are Keras's, in Keras's order: gamma (ones) and beta (zeros) trained, moving_mean (zeros) and
 * moving_variance (ones) not.
 */
public record BatchNorm(double momentum, double epsilon) implements Layer {
    /** Keras's defaults. */
    public static final double MOMENTUM = 0.99;
    public static final double EPSILON = 1e-3;

    public static final LayerSpec SPEC = LayerSpec.of("batch_norm", BatchNorm.class)
            .summary("normalises each channel by the batch's mean and variance while training, by moving averages"
                    + " of them at inference, then scales and shifts it by learned gamma and beta")
            .param(optional("momentum", ArgType.FRACTION, MOMENTUM, "0.99",
                    "share of the moving statistics kept at each training step"))
            .param(optional("epsilon", ArgType.POSITIVE, EPSILON, "0.001", "added to the variance before its root"))
            .output("any shape, unchanged; the channels are the last axis")
            .parameters("`4*C` for `C` channels, of which `2*C` (the moving mean and variance) are not trainable")
            .keras("BatchNormalization")
            .example("batch_norm(momentum: 0.9)")
            .build(a -> new BatchNorm(a.number("momentum"), a.number("epsilon")));

    @Override
    public boolean differsInTraining() {
        return true;
    }

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        List<String> changed = new ArrayList<>();
        if (momentum != MOMENTUM) {
            changed.add("momentum " + momentum);
        }
        if (epsilon != EPSILON) {
            changed.add("epsilon " + epsilon);
        }
        return changed.isEmpty() ? "batch_norm" : "batch_norm(" + String.join(", ", changed) + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.ok(in, 4L * channels(in));
    }

    @Override
    public List<Weight> weights(Shape in) {
        Shape perChannel = Shape.of(channels(in));
        return List.of(Weight.ones("gamma", perChannel), Weight.zeros("beta", perChannel),
                Weight.zeros("moving_mean", perChannel).nonTrainable(),
                Weight.ones("moving_variance", perChannel).nonTrainable());
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("batchNorm", new Arg.Int(channels(in)), new Arg.Real(momentum), new Arg.Real(epsilon));
    }

    private static int channels(Shape in) {
        return in.channels();
    }
}
