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

/** Where a saved run's dataset is read from: `--data` and `--no-verify`. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the dataset's IDX files. Default: $AEC_DATA, then the cache, then a download.")
    Path data;

    @Option(names = "--no-verify", description = "Take the files in --data as they are, without SHA-256 checks.")
    boolean noVerify;

    Dataset read(String dataset, Split split, DownloadListener listener) throws DataException {
        DatasetSpec spec = DatasetSpec.named(dataset).orElseThrow(() ->
                new IllegalStateException("a saved run names unknown dataset " + dataset));
        DatasetResolver resolver = DatasetResolver.standard();
        if (noVerify && data == null) {
            throw new IllegalArgumentException("--no-verify needs --data DIR");
        }
        DatasetLocation location = noVerify ? resolver.unverified(spec, data)
                : resolver.resolve(spec, Optional.ofNullable(data), listener);
        return Dataset.read(location, split);
    }
}
