package dev.aec.cli.board;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aec.runtime.run.RunCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * `aec board`'s web server: a page showing the training runs under a folder, the JSON it polls,
 * the runs' pictures, and the charting library it draws with, all from this jar (the page works
 * offline). Read-only: GET and HEAD only, and nothing is served but the bundled files and the
 * files of the runs the folder's catalogue lists.
 *
 * <p>Routes: `/` the page; `/api/runs` the runs; `/api/runs/NAME` one run with its epochs;
 * `/runs/NAME/FILE` a run's picture, JSON or CSV file (`epochs/epoch-003.png` included). NAME
 * is the run's path below the folder, so it may have several segments (`experiments/a/run-1`).
 */
public final class Board implements AutoCloseable {
    /** Only this machine, unless the user names another interface. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** A fixed default, so that a bookmarked page finds the board again after a restart. */
    public static final int DEFAULT_PORT = 8765;

    /** Where the bundled charting library sits in its jar. */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String PAGE = "/dev/aec/cli/board/";
    private static final Map<String, Asset> ASSETS = Map.of(
            "", new Asset(PAGE + "index.html", "text/html; charset=utf-8"),
            "board.js", new Asset(PAGE + "board.js", "text/javascript; charset=utf-8"),
            "board.css", new Asset(PAGE + "board.css", "text/css; charset=utf-8"),
            "assets/uPlot.iife.min.js", new Asset("/" + UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "assets/uPlot.min.css", new Asset("/" + UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The JDK server logs through java.util.logging, which prints to the terminal; a client that
     * hangs up mid-reply is no news. Kept in a field, since the logging framework holds loggers weakly.
     */
    private static final Logger SERVER_LOG = Logger.getLogger("com.sun.net.httpserver");

    private record Asset(String resource, String contentType) {
    }

    private record Reply(int status, String contentType, byte[] body) {
        static Reply text(int status, String message) {
            return new Reply(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final Path root;
    private final String folder;
    private final boolean loopback;

    private Board(HttpServer server, ExecutorService workers, Path root, String folder, boolean loopback) {
        this.server = server;
        this.workers = workers;
        this.root = root;
        this.folder = folder;
        this.loopback = loopback;
    }

    /**
     * Starts serving the runs under `root` (named `folder` on the page) on `host`:`port`; port 0
     * takes any free one. A port in use is a {@link java.net.BindException}; a host that does not
     * resolve, a {@link java.net.UnknownHostException}.
     */
    public static Board start(Path root, String folder, String host, int port) throws IOException {
        SERVER_LOG.setLevel(Level.OFF);
        InetAddress address = InetAddress.getByName(host);
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 32);
        AtomicInteger count = new AtomicInteger();
        // A few threads: one page polls every two seconds, and a picture or two loads at a time.
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "aec-board-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Board board = new Board(server, workers, root, folder, address.isLoopbackAddress());
        server.createContext("/", board::handle);
        server.setExecutor(workers);
        server.start();
        return board;
    }

    /** The address the board listens on, with the port it got. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's address: `localhost`'s when the board listens on every interface. */
    public URI url() {
        InetAddress address = address().getAddress();
        String host = address.isAnyLocalAddress() ? "localhost"
                : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + address().getPort() + "/");
    }

    /** Stops listening at once; a reply under way is cut off, which a read-only page survives. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            Reply reply;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = Reply.text(405, "the board is read-only: GET and HEAD only");
            } else if (!knownHost(exchange.getRequestHeaders().getFirst("Host"))) {
                reply = Reply.text(403, "this board answers to its own address only");
            } else {
                Optional<List<String>> segments = RequestPath.segments(exchange.getRequestURI().getRawPath());
                reply = segments.isEmpty() ? Reply.text(400, "bad path") : route(segments.get());
            }
            send(exchange, reply, method.equals("HEAD"));
        } catch (IOException e) {
            // The browser went away (a closed tab, a reload): nothing to tell it.
        } catch (RuntimeException e) {
            trySend(exchange, Reply.text(500, "the board could not answer: " + e.getClass().getSimpleName()));
        } finally {
            exchange.close();
        }
    }

    /**
     * A page on another site may point a name of its own at 127.0.0.1 (DNS rebinding) and read
     * what a local server answers; browsers still send that name, so a board on this machine only
     * answers to this machine's names. One listening elsewhere was asked to by the user.
     */
    private boolean knownHost(String header) {
        if (!loopback) {
            return true;
        }
        if (header == null) {
            return false;
        }
        String host = header.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(1, end);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")
                || host.equals(address().getAddress().getHostAddress());
    }

    private Reply route(List<String> segments) throws IOException {
        String joined = String.join("/", segments);
        Asset asset = ASSETS.get(joined);
        if (asset != null) {
            return resource(asset);
        }
        if (segments.size() >= 2 && segments.get(0).equals("api") && segments.get(1).equals("runs")) {
            Optional<List<RunCatalog.Entry>> runs = catalogue();
            if (runs.isEmpty()) {
                return Reply.text(503, "the folder " + folder + " cannot be read");
            }
            if (segments.size() == 2) {
                return json(RunViews.listing(folder, root, runs.get()));
            }
            List<String> name = segments.subList(2, segments.size());
            return runs.get().stream().filter(e -> RunViews.nameParts(root, e).equals(name)).findFirst()
                    .map(e -> json(RunViews.detail(root, e))).orElse(Reply.text(404, "no such run"));
        }
        if (segments.size() >= 3 && segments.get(0).equals("runs")) {
            return file(segments.subList(1, segments.size()));
        }
        return Reply.text(404, "not found");
    }

    /** `NAME/FILE`: the run whose name the path begins with (the longest such), then one of its files. */
    private Reply file(List<String> path) throws IOException {
        Optional<List<RunCatalog.Entry>> runs = catalogue();
        if (runs.isEmpty()) {
            return Reply.text(503, "the folder " + folder + " cannot be read");
        }
        RunCatalog.Entry run = null;
        int nameLength = 0;
        for (RunCatalog.Entry entry : runs.get()) {
            List<String> name = RunViews.nameParts(root, entry);
            if (name.size() < path.size() && name.size() > nameLength && path.subList(0, name.size()).equals(name)) {
                run = entry;
                nameLength = name.size();
            }
        }
        if (run == null) {
            return Reply.text(404, "no such run");
        }
        List<String> rest = path.subList(nameLength, path.size());
        Optional<Path> file = RunFiles.resolve(root, run, rest);
        if (file.isEmpty()) {
            return Reply.text(404, "no such file in this run");
        }
        byte[] body;
        try {
            body = Files.readAllBytes(file.get());
        } catch (IOException e) {
            // Replaced between the look and the read (an atomic rename): the next poll gets the new one.
            return Reply.text(404, "no such file in this run");
        }
        return new Reply(200, RunFiles.contentType(rest.get(rest.size() - 1)), body);
    }

    private Optional<List<RunCatalog.Entry>> catalogue() {
        try {
            return Optional.of(RunCatalog.list(root));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Reply resource(Asset asset) throws IOException {
        try (InputStream in = Board.class.getResourceAsStream(asset.resource())) {
            if (in == null) {
                return Reply.text(404, "not found");
            }
            return new Reply(200, asset.contentType(), in.readAllBytes());
        }
    }

    private static Reply json(Object value) {
        try {
            return new Reply(200, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the board's JSON", e);
        }
    }

    private static void send(HttpExchange exchange, Reply reply, boolean head) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        // Runs change while the page is open: every answer is asked for again.
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "frame-ancestors 'none'");
        if (head) {
            // The JDK server sends no body for HEAD and wants no length given.
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static void trySend(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply, false);
        } catch (IOException | RuntimeException e) {
            // Headers already sent, or the client gone: the connection is closed either way.
        }
    }
}
