package dev.aec.runtime.data;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a dataset's four verified IDX files are, how the resolver found them, and what they must
 * hold when read ({@code format}, from the dataset's spec).
 */
public record DatasetLocation(String name, Path directory, Source source, Map<DatasetFile, Path> files,
                              Optional<DatasetSpec.Format> format) {

    /** The step of the resolution order that produced the location. */
    public enum Source {
        /** A directory passed in by the caller ({@code --data DIR}). */
        EXPLICIT,
        /** The {@code AEC_DATA} environment variable. */
        ENVIRONMENT,
        /** The user cache, already filled by an earlier run. */
        CACHE,
        /** A system-wide directory such as the one a Debian package installs. */
        SYSTEM,
        /** The user cache, filled (at least in part) by a download during this resolution. */
        DOWNLOAD
    }

    public DatasetLocation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(source, "source");
        EnumMap<DatasetFile, Path> copy = new EnumMap<>(DatasetFile.class);
        copy.putAll(files);
        if (copy.size() != DatasetFile.values().length) {
            throw new IllegalArgumentException("a location needs all four files, got " + copy.keySet());
        }
        files = Map.copyOf(copy);
        Objects.requireNonNull(format, "format");
    }

    /** A location whose files may hold images of any size and labels of any value. */
    public DatasetLocation(String name, Path directory, Source source, Map<DatasetFile, Path> files) {
        this(name, directory, source, files, Optional.empty());
    }

    /** The path of one of the four files. */
    public Path file(DatasetFile file) {
        return files.get(file);
    }
}
