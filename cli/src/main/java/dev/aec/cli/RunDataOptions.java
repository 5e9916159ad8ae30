package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadListener;
import dev.aec.runtime.data.Split;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The data options shared by the commands that read a saved run's dataset. */
final class RunDataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the dataset's IDX files. Default: $AEC_DATA, then the cache, then a download.")
    Path data;

    @Option(names = "--no-verify", description = "Take the files in --data as they are, without SHA-256 checks.")
    boolean noVerify;

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
        if (e instanceof dev.aec.runtime.run.RunException run) {
            return run.kind() == dev.aec.runtime.run.RunException.Kind.IO ? ExitCode.ENVIRONMENT : ExitCode.USAGE;
        }
        return ExitCode.ENVIRONMENT;
    }

    Dataset read(String dataset, DownloadListener listener) throws DataException {
        DatasetSpec spec = DatasetSpec.named(dataset).orElseThrow(() ->
                new IllegalStateException("a saved run names unknown dataset " + dataset));
        DatasetResolver resolver = DatasetResolver.standard();
        if (noVerify && data == null) {
            throw new IllegalArgumentException("--no-verify needs --data DIR");
        }
        DatasetLocation location = noVerify ? resolver.unverified(spec, data)
                : resolver.resolve(spec, Optional.ofNullable(data), listener);
        return Dataset.read(location, split());
    }
}
