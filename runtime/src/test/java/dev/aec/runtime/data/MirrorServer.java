package dev.aec.runtime.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A dataset mirror on 127.0.0.1 for tests: serves files by name under /mnist/, or misbehaves on request. */
final class MirrorServer implements AutoCloseable {

    /** What the server does with a request for a file it has. */
    enum Behaviour {
        /** Sends the file. */
        SERVE,
        /** Announces the full length, sends half, and hangs up. */
        HANG_UP_HALFWAY,
        /** Announces the full length, sends half, and then sends nothing more until the server closes. */
        STALL_HALFWAY
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private MirrorServer(Map<String, byte[]> files, Behaviour behaviour) {
        this.server = start();
        server.createContext("/mnist/", exchange -> handle(exchange, files, behaviour));
    }

    /** A mirror that answers every request with a redirect to the same file on {@code target}. */
    private MirrorServer(MirrorServer target) {
        this.server = start();
        server.createContext("/mnist/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
            requests.add(name);
            try (exchange) {
                exchange.getResponseHeaders().add("Location", target.mirror().base().resolve(name).toString());
                exchange.sendResponseHeaders(302, -1);
            }
        });
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mirror that has moved: every file is a redirect to the same name on {@code target}. */
    static MirrorServer redirectingTo(MirrorServer target) {
        return new MirrorServer(target);
    }

    static MirrorServer serving(Map<String, byte[]> files) {
        return new MirrorServer(files, Behaviour.SERVE);
    }

    static MirrorServer serving(Map<String, byte[]> files, Behaviour behaviour) {
        return new MirrorServer(files, behaviour);
    }

    /** A loopback address on which nothing listens, so connecting is refused at once. */
    static URI refusingUri() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/mnist/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DownloadSource.Mirror mirror() {
        return new DownloadSource.Mirror(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/"));
    }

    /** The file names requested so far, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange, Map<String, byte[]> files, Behaviour behaviour) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
        requests.add(name);
        byte[] body = files.get(name);
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            switch (behaviour) {
                case SERVE -> out.write(body);
                case HANG_UP_HALFWAY -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    // Closing a fixed-length response early makes the server drop the connection.
                }
                case STALL_HALFWAY -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        } catch (IOException e) {
            // Expected when hanging up halfway.
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
