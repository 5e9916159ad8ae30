package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.rows.SampleCache;
import dev.aec.runtime.run.RunData;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a named dataset is read from (`--data`, `--no-verify`), and where decoded samples are cached. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with a named dataset's IDX files (mnist, fashion_mnist). Default: $AEC_DATA, then the cache, then a download.")
    Path data;

    @Option(names = "--no-verify", description = "Take the files in --data as they are, without SHA-256 checks.")
    boolean noVerify;

    /** One split of a named dataset. */
    dev.aec.runtime.data.Dataset read(String dataset, dev.aec.runtime.data.Split split, TrainingProgress progress)
            throws DataException {
        return dev.aec.runtime.data.Dataset.read(access(progress).locate(dataset), split);
    }

    /** The cap on the cache of decoded samples that `environment` sets, or the default. */
    static long cacheMaxBytes(Map<String, String> environment) throws DataException {
        try {
            return SampleCache.maxBytes(environment);
        } catch (IllegalArgumentException e) {
            String variable = SampleCache.MAX_VARIABLE;
            throw DataException.withHelp(variable + "=" + environment.get(variable), "is not a size",
                    "write a size such as " + variable + "=50g, or unset it for the default, 20g");
        }
    }

    /** How `aec` finds data for this command, telling `progress` about downloads and decoding. */
    RunData.Access access(TrainingProgress progress) {
        if (noVerify && data == null) {
            throw new IllegalArgumentException("--no-verify needs --data DIR");
        }
        return new RunData.Access() {
            @Override
            public DatasetLocation locate(String dataset) throws DataException {
                DatasetSpec spec = DatasetSpec.named(dataset).orElseThrow(() ->
                        new IllegalStateException("the checker accepted unknown dataset " + dataset));
                DatasetResolver resolver = DatasetResolver.standard();
                return noVerify ? resolver.unverified(spec, data)
                        : resolver.resolve(spec, Optional.ofNullable(data), progress);
            }

            @Override
            public Path cacheRoot() {
                return SampleCache.defaultRoot(System.getenv(), Path.of(System.getProperty("user.home")));
            }

            @Override
            public long cacheMaxBytes() throws DataException {
                return DataOptions.cacheMaxBytes(System.getenv());
            }

            @Override
            public SampleCache.Progress decoding(String what) {
                return progress.decoding(what);
            }
        };
    }
}
