package dev.aec.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the four IDX files of a named dataset and vouches for them by SHA-256.
 *
 * <p>The order: a directory the caller names ({@code --data DIR}); the {@code AEC_DATA} environment
 * variable; the user cache ({@code ~/.cache/aec/datasets/<name>}); the dataset's system
 * directories (the Debian package's for Fashion-MNIST); and last a one-time download into the user
 * cache. {@code AEC_DATA} may name either a root holding one subdirectory per dataset (like the
 * cache) or, for a single dataset, the directory holding the files; the subdirectory wins.
 *
 * <p>A directory the user named must hold all four files, and a file there that fails its
 * checksum is an error: we never delete or replace the user's files. In the cache, which is ours,
 * a file that fails is deleted and fetched again.
 */
public final class DatasetResolver {

    /** The environment variable naming a data directory. */
    public static final String ENVIRONMENT_VARIABLE = "AEC_DATA";

    private static final String STAMP_FILE = "verified.properties";

    private final Map<String, String> environment;
    private final Path cacheRoot;
    private final Verifier verifier;
    private final Downloader downloader;

    /**
     * @param environment the process environment, or a map standing in for it in tests
     * @param cacheRoot the directory holding one subdirectory per cached dataset
     * @param settings timeouts for downloads
     */
    public DatasetResolver(Map<String, String> environment, Path cacheRoot, DownloadSettings settings) {
        this.environment = Map.copyOf(environment);
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.verifier = new Verifier(cacheRoot.resolve(STAMP_FILE));
        this.downloader = new Downloader(settings, verifier);
    }

    /** A resolver for this process: its environment, the user's cache, standard timeouts. */
    public static DatasetResolver standard() {
        Map<String, String> environment = System.getenv();
        Path home = Path.of(System.getProperty("user.home"));
        return new DatasetResolver(environment, defaultCacheRoot(environment, home), DownloadSettings.standard());
    }

    /** {@code $XDG_CACHE_HOME/aec/datasets} when that variable is set, as the XDG spec asks; else {@code ~/.cache/aec/datasets}. */
    public static Path defaultCacheRoot(Map<String, String> environment, Path home) {
        String xdg = environment.getOrDefault("XDG_CACHE_HOME", "");
        Path cache = xdg.isBlank() || !Path.of(xdg).isAbsolute() ? home.resolve(".cache") : Path.of(xdg);
        return cache.resolve("aec").resolve("datasets");
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    /** Where the cache keeps {@code spec}'s files. */
    public Path cacheDirectory(DatasetSpec spec) {
        return cacheRoot.resolve(spec.name());
    }

    /**
     * Finds {@code spec}'s files, downloading them into the cache if no other step has them.
     *
     * @param explicitDirectory a directory the user named; when present it is the only place looked at
     * @param listener told about download progress and failed sources
     */
    public DatasetLocation resolve(DatasetSpec spec, Optional<Path> explicitDirectory, DownloadListener listener)
            throws DataException {
        if (explicitDirectory.isPresent()) {
            Path directory = explicitDirectory.get();
            if (!Files.isDirectory(directory)) {
                throw new DataException(directory.toString(), "no such directory");
            }
            return verified(spec, directory, DatasetLocation.Source.EXPLICIT);
        }

        Optional<Path> fromEnvironment = environmentDirectory(spec);
        if (fromEnvironment.isPresent()) {
            return verified(spec, fromEnvironment.get(), DatasetLocation.Source.ENVIRONMENT);
        }

        Path cache = cacheDirectory(spec);
        Set<DatasetFile> missing = checkCache(spec, cache, listener);
        if (missing.isEmpty()) {
            return location(spec, cache, DatasetLocation.Source.CACHE);
        }

        for (Path system : spec.systemDirectories()) {
            if (holdsAny(system)) {
                return verified(spec, system, DatasetLocation.Source.SYSTEM);
            }
        }

        if (spec.sources().isEmpty()) {
            List<String> places = new ArrayList<>();
            environmentRoot().ifPresent(root -> places.add(ENVIRONMENT_VARIABLE + "=" + root));
            places.add(cache.toString());
            spec.systemDirectories().forEach(d -> places.add(d.toString()));
            throw new DataException(spec.name(), "not found in " + String.join(", ", places)
                    + "\n" + spec.installHint() + ", or set " + ENVIRONMENT_VARIABLE + " to it");
        }
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw Content.writeFailure(cache.toString(), e);
        }
        downloader.download(spec, missing, cache, listener);
        return location(spec, cache, DatasetLocation.Source.DOWNLOAD);
    }

    /**
     * A directory of IDX files taken as they are, without checksums: for data that is not the
     * original (a subset, a variant, test fixtures). Its files are still read strictly.
     */
    public DatasetLocation unverified(DatasetSpec spec, Path directory) throws DataException {
        if (!Files.isDirectory(directory)) {
            throw new DataException(directory.toString(), "no such directory");
        }
        return location(spec, directory, DatasetLocation.Source.EXPLICIT);
    }

    private Optional<String> environmentRoot() {
        String value = environment.getOrDefault(ENVIRONMENT_VARIABLE, "");
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /**
     * The AEC_DATA directory holding {@code spec}'s files, if any. A value naming no directory is
     * an error rather than skipped, since it is most likely a typo the user wants to hear about.
     */
    private Optional<Path> environmentDirectory(DatasetSpec spec) throws DataException {
        Optional<String> value = environmentRoot();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path root = Path.of(value.get());
        if (!Files.isDirectory(root)) {
            throw new DataException(ENVIRONMENT_VARIABLE + "=" + value.get(), "no such directory");
        }
        for (Path candidate : List.of(root.resolve(spec.name()), root)) {
            if (holdsAny(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The cached files that are missing, after deleting the ones that fail their checksum: a
     * damaged cache repairs itself by downloading again.
     */
    private Set<DatasetFile> checkCache(DatasetSpec spec, Path cache, DownloadListener listener) {
        Set<DatasetFile> missing = EnumSet.noneOf(DatasetFile.class);
        for (DatasetFile file : DatasetFile.values()) {
            Optional<Path> path = file.findIn(cache);
            if (path.isEmpty()) {
                missing.add(file);
                continue;
            }
            try {
                verifier.verify(path.get(), spec.sha256(file), spec.name());
            } catch (DataException e) {
                listener.failed(cache.toString(), e.getMessage() + "; fetching it again");
                Verifier.deleteQuietly(path.get());
                missing.add(file);
            }
        }
        return missing;
    }

    private DatasetLocation verified(DatasetSpec spec, Path directory, DatasetLocation.Source source)
            throws DataException {
        DatasetLocation location = location(spec, directory, source);
        for (DatasetFile file : DatasetFile.values()) {
            verifier.verify(location.file(file), spec.sha256(file), spec.name());
        }
        return location;
    }

    private static DatasetLocation location(DatasetSpec spec, Path directory, DatasetLocation.Source source)
            throws DataException {
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        List<DatasetFile> missing = new ArrayList<>();
        for (DatasetFile file : DatasetFile.values()) {
            file.findIn(directory).ifPresentOrElse(path -> files.put(file, path), () -> missing.add(file));
        }
        if (!missing.isEmpty()) {
            throw new DataException(directory.toString(), "missing "
                    + missing.stream().map(DatasetFile::displayName).collect(Collectors.joining(", "))
                    + ": a " + spec.name() + " directory holds the four files "
                    + java.util.Arrays.stream(DatasetFile.values()).map(DatasetFile::displayName).collect(Collectors.joining(", ")));
        }
        return new DatasetLocation(spec.name(), directory, source, files);
    }

    private static boolean holdsAny(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        for (DatasetFile file : DatasetFile.values()) {
            if (file.findIn(directory).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
