package dev.aec.cli;

import dev.aec.compiler.data.DataRef;
import dev.aec.runtime.data.DataException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The data options of the commands that use a saved run (`--split`, `--data`); {@link RunExamples}
 * reads the data they choose. Nothing here names an ND4J type: picocli reflects on every command's
 * options when `aec` starts, and `aec check` must not load ND4J.
 */
final class RunDataOptions {
    @Mixin
    DataOptions location;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "Which of the run's shares to use: test, validation or train. Default: ${DEFAULT-VALUE}.")
    String split;

    /** The dataset a run trained on, for the commands that draw a named dataset's labelled images. */
    static String namedDataset(dev.aec.compiler.model.TrainSpec spec, String command) throws DataException {
        if (spec.data() instanceof DataRef ref) {
            return ref.dataset();
        }
        throw DataException.withHelp(spec.data().toString(), "`aec " + command + "` draws the labelled images of a "
                + "named dataset (mnist, fashion_mnist), and this run trained on the user's own files",
                "`aec encode RUN PATH -o latents.csv` writes the latents of any data the run fits");
    }

    void split() {
        if (!split.equals("test") && !split.equals("train") && !split.equals("validation")) {
            throw new IllegalArgumentException("--split must be test, validation or train, found " + split);
        }
    }

    dev.aec.runtime.data.Dataset read(String dataset, TrainingProgress listener)
            throws DataException {
        return location.read(dataset, split.equals("train") ? dev.aec.runtime.data.Split.TRAIN
                : dev.aec.runtime.data.Split.TEST, listener);
    }

    /** The message and exit code for what reading a saved run and its data can throw. */
    static int report(Exception e, java.io.PrintWriter err) {
        if (e instanceof IllegalArgumentException) {
            err.println("aec: " + e.getMessage());
            return ExitCode.USAGE;
        }
        err.println("aec: error: " + e.getMessage());
        if (e instanceof DataException data) {
            data.help().ifPresent(h -> err.println("aec: help: " + h));
        }
        if (e instanceof dev.aec.runtime.latent.LatentException) {
            return ExitCode.MODEL_ERRORS;
        }
        if (e instanceof dev.aec.runtime.run.RunException run) {
            return switch (run.kind()) {
                case EXISTS, NOT_A_RUN -> ExitCode.USAGE;
                case LOCKED, DAMAGED, IO -> ExitCode.ENVIRONMENT;
            };
        }
        return ExitCode.ENVIRONMENT;
    }
}
