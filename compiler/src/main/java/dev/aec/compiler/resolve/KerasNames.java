package dev.aec.compiler.resolve;

import dev.aec.compiler.layers.LayerKinds;
import java.util.Map;
import java.util.Optional;

/** Keras spellings people bring with them, mapped to ours, for "Keras's X is Y here" help. */
final class KerasNames {
    private static final Map<String, String> ARGUMENTS = Map.of(
            "kernel_size", "kernel", "strides", "stride", "pool_size", "size", "target_shape", "shape",
            "size", "size");
    private static final Map<String, String> SETTINGS = Map.of(
            "batch_size", "batch", "validation_data", "validation", "validation_split", "validation", "nb_epoch", "epochs",
            "x", "data", "EarlyStopping", "early_stop", "LearningRateScheduler", "lr_schedule",
            "ReduceLROnPlateau", "lr_schedule", "ModelCheckpoint", "checkpoint");

    private KerasNames() {
    }

    /** What a Keras layer is here: each kind names its Keras layers; `Activation` is a family of kinds. */
    static Optional<String> layer(String name) {
        if (name.equals("Activation")) {
            return Optional.of("an activation layer such as `relu`");
        }
        return LayerKinds.forKeras(name);
    }

    static Optional<String> argument(String name) {
        return Optional.ofNullable(ARGUMENTS.get(name));
    }

    static Optional<String> setting(String name) {
        return Optional.ofNullable(SETTINGS.get(name));
    }
}
