package dev.aec.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    /** Why the environment's download settings were refused, told when a download is needed. */
    private final Optional<String> badSettings;

    /**
     * @param environment the process environment, or a map standing in for it in tests (its
     *     {@code PATH} is where the npm command is looked for)
     * @param cacheRoot the directory holding one subdirectory per cached dataset
     * @param settings timeouts for downloads
     */
    public DatasetResolver(Map<String, String> environment, Path cacheRoot, DownloadSettings settings) {
        this(environment, cacheRoot, settings, Optional.empty());
    }

    private DatasetResolver(Map<String, String> environment, Path cacheRoot, DownloadSettings settings,
                            Optional<String> badSettings) {
        this.environment = Map.copyOf(environment);
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.verifier = new Verifier(cacheRoot.resolve(STAMP_FILE));
        this.downloader = new Downloader(settings, verifier, this.environment);
        this.badSettings = badSettings;
    }

    /**
     * A resolver for this process: its environment, the user's cache, the timeouts the environment
     * sets (see {@link DownloadSettings#fromEnvironment}) or the standard ones.
     */
    public static DatasetResolver standard() {
        Map<String, String> environment = System.getenv();
        Path home = Path.of(System.getProperty("user.home"));
        DownloadSettings settings = DownloadSettings.standard();
        Optional<String> bad = Optional.empty();
        try {
            settings = DownloadSettings.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            // Only a download needs them: a run whose data is in place should not fail over a timeout.
            bad = Optional.of(e.getMessage());
        }
        return new DatasetResolver(environment, defaultCacheRoot(environment, home), settings, bad);
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
        if (!missing.isEmpty()) {
            for (DatasetFile file : missing) {
                Optional<DataException> obstacle = obstacle(cache, file);
                if (obstacle.isPresent()) {
                    throw obstacle.get();
                }
            }
        }
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
                    + "\n" + spec.installHelp(cache));
        }
        if (badSettings.isPresent()) {
            throw new DataException(spec.name(), "cannot download: " + badSettings.get());
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
            Optional<Path> found = file.findIn(directory);
            if (found.isPresent()) {
                files.put(file, found.get());
                continue;
            }
            Optional<DataException> obstacle = obstacle(directory, file);
            if (obstacle.isPresent()) {
                throw obstacle.get();
            }
            missing.add(file);
        }
        if (!missing.isEmpty()) {
            throw new DataException(directory.toString(), "missing "
                    + missing.stream().map(DatasetFile::displayName).collect(Collectors.joining(", "))
                    + ": a " + spec.name() + " directory holds the four files "
                    + java.util.Arrays.stream(DatasetFile.values()).map(DatasetFile::displayName).collect(Collectors.joining(", ")));
        }
        return new DatasetLocation(spec.name(), directory, source, files, spec.format());
    }

    /**
     * Something under one of {@code file}'s names that is not a regular file (a directory, a
     * symbolic link into nothing or into a loop, a pipe), which the user should hear about rather
     * than be told the file is missing, and which must never be opened (a pipe would block).
     */
    private static Optional<DataException> obstacle(Path directory, DatasetFile file) {
        for (String name : new String[] {file.fileName(), file.gzipName()}) {
            Path path = directory.resolve(name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path)) {
                continue;
            }
            if (Files.isDirectory(path)) {
                return Optional.of(new DataException(path.toString(), "is a directory, expected the IDX file "
                        + file.displayName()));
            }
            if (Files.isSymbolicLink(path)) {
                try {
                    Path target = path.toRealPath();
                    return Optional.of(new DataException(path.toString(), "is a symbolic link to " + target
                            + ", which is not a regular file"));
                } catch (java.nio.file.NoSuchFileException e) {
                    return Optional.of(new DataException(path.toString(), "is a symbolic link to a file that does not exist"));
                } catch (IOException e) {
                    return Optional.of(new DataException(path.toString(), "is a symbolic link that cannot be followed ("
                            + Content.reason(e) + ")"));
                }
            }
            return Optional.of(new DataException(path.toString(), "is not a regular file (a device, pipe or socket),"
                    + " expected the IDX file " + file.displayName()));
        }
        return Optional.empty();
    }

    private static boolean holdsAny(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        for (DatasetFile file : DatasetFile.values()) {
            if (file.findIn(directory).isPresent() || obstacle(directory, file).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
