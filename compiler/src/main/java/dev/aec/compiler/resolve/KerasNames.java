package dev.aec.compiler.resolve;

import java.util.Map;
import java.util.Optional;

/** Keras spellings people bring with them, mapped to ours, for "Keras's X is Y here" help. */
final class KerasNames {
    private static final Map<String, String> LAYERS = Map.of(
            "Dense", "dense", "Conv2D", "conv2d", "MaxPooling2D", "maxpool", "MaxPool2D", "maxpool",
            "UpSampling2D", "upsample", "Flatten", "flatten", "Reshape", "reshape", "Activation",
            "an activation layer such as `relu`", "LeakyReLU", "leaky_relu", "ELU", "elu");
    private static final Map<String, String> ARGUMENTS = Map.of(
            "kernel_size", "kernel", "strides", "stride", "pool_size", "size", "target_shape", "shape",
            "size", "size");
    private static final Map<String, String> SETTINGS = Map.of(
            "batch_size", "batch", "validation_data", "validation", "validation_split", "validation", "nb_epoch", "epochs",
            "x", "data");

    private KerasNames() {
    }

    static Optional<String> layer(String name) {
        return Optional.ofNullable(LAYERS.get(name));
    }

    static Optional<String> argument(String name) {
        return Optional.ofNullable(ARGUMENTS.get(name));
    }

    static Optional<String> setting(String name) {
        return Optional.ofNullable(SETTINGS.get(name));
    }
}
