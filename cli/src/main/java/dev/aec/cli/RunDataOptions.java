package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DownloadListener;
import dev.aec.runtime.data.Split;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The data options shared by the commands that read a saved run's dataset. */
final class RunDataOptions {
    @Mixin
    DataOptions location;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "Which split to use: test or train. Default: ${DEFAULT-VALUE}.")
    String split;

    Split split() {
        return switch (split) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new IllegalArgumentException("--split must be test or train, found " + split);
        };
    }

    /** The message and exit code for what reading a saved run and its data can throw. */
    static int report(Exception e, java.io.PrintWriter err) {
        if (e instanceof IllegalArgumentException) {
            err.println("aec: " + e.getMessage());
            return ExitCode.USAGE;
        }
        err.println("aec: error: " + e.getMessage());
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

    Dataset read(String dataset, DownloadListener listener) throws DataException {
        return location.read(dataset, split(), listener);
    }
}
