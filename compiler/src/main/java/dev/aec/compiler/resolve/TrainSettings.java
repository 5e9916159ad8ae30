package dev.aec.compiler.resolve;

import java.util.List;
import java.util.Optional;

/** The settings of a `train` block, their defaults and examples, in documentation order. */
public final class TrainSettings {
    /** One setting. */
    public record Setting(String name, boolean required, String defaultText, String example, String summary) {
    }

    public static final List<Setting> ALL = List.of(
            new Setting("data", true, "", "mnist", "what is learned: `mnist`, `fashion_mnist` (their training split; `mnist.train` is the same), or your "
                    + "files: `images(\"DIR\", size: 28x28x1)`, `csv(\"FILE\")`, `npy(\"FILE\")`, `idx(\"FILE\")`"),
            new Setting("loss", true, "", "binary_crossentropy", "`binary_crossentropy`, `mse`, `mae` (targets are the inputs) or `categorical_crossentropy` (targets are the labels)"),
            new Setting("reduction", false, "mean", "sum", "`mean` per element (Keras's default) or `sum` per sample, for a VAE"),
            new Setting("optimizer", true, "", "adadelta", "`adadelta`, `adam`, `sgd`, `rmsprop`, `adagrad`, with parameters"),
            new Setting("batch", false, "32", "100", "samples per step"),
            new Setting("epochs", false, "1", "10", "passes over the training data"),
            new Setting("shuffle", false, "true", "true", "reshuffle the training data every epoch, with the seed"),
            new Setting("validation", false, "none", "mnist.test",
                    "data to measure the loss on after each epoch, as for `data`, or `split(0.1)` held out of `data`"),
            new Setting("test", false, "the named dataset's test split; none for your files", "mnist.test",
                    "data to measure the loss on once after training, as for `validation`; `none` for no test loss"),
            new Setting("seed", false, "42", "42", "seed of weight initialisation, shuffling and noise"),
            new Setting("noise", false, "none", "gaussian(0.5)",
                    "noise added to the training inputs, not the targets: `gaussian(stddev)` or `salt_and_pepper(rate)`"),
            new Setting("early_stop", false, "none", "patience(5)",
                    "stop when the validation loss (the training loss without `validation`) has not improved for "
                            + "`patience` epochs: `patience(5, min_delta: 0, restore_best: true)`"),
            new Setting("lr_schedule", false, "none", "cosine(epochs: 20)",
                    "how the learning rate changes: `step(every: 10, factor: 0.5)`, `exponential(decay: 0.96, every: 1000)`, "
                            + "`cosine(epochs: 20, alpha: 0)` or `on_plateau(patience: 10, factor: 0.1)`, each with an "
                            + "optional `warmup: N` steps"),
            new Setting("checkpoint", false, "last", "best",
                    "which checkpoints the run keeps: `last`, also the best epoch's weights with `best`, or also every "
                            + "N epochs' with `every(N)`"));

    private TrainSettings() {
    }

    public static Optional<Setting> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Setting::name).toList();
    }
}
