package dev.aec.lsp;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A language server running in this JVM and an editor talking to it through pipes, over the
 * protocol as a real editor would: the server runs as `aec lsp` runs it ({@link AecLanguageServer#serve}),
 * the editor side is LSP4J's own client launcher with a {@link RecordingClient}. Tests open and
 * edit documents, wait for their diagnostics and send requests; every problem the server reported
 * on the way (log messages, the protocol layer's warnings) is kept in {@link #problems()}.
 *
 * <p>The pipes are the operating system's ({@link Pipe}), not {@link java.io.PipedInputStream}: that
 * one remembers the thread that wrote to it last, and once that thread has ended, its reader takes
 * a quiet pipe for a broken one ("Write end dead"), which LSP4J's short-lived writing threads made
 * happen now and then.
 */
public final class LspSession implements AutoCloseable {
    /** How long a test waits for a publication or an answer before it fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A short check delay, so tests wait little; the delay itself is tested on its own. */
    public static final Duration TEST_DELAY = Duration.ofMillis(5);
    /** Kept, so the handler added to it is not lost with a collected logger. */
    private static final Logger PROTOCOL_LOG = Logger.getLogger("org.eclipse.lsp4j");

    private final AecLanguageServer server;
    private final RecordingClient client = new RecordingClient();
    private final LanguageServer remote;
    private final CompletableFuture<Integer> served;
    private final Future<Void> clientListening;
    private final List<java.io.Closeable> pipes;
    private final OutputStream toClient;
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private final List<LogRecord> protocolWarnings = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                protocolWarnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final InitializeResult initialized;
    private boolean exited;

    private LspSession(Duration checkDelay) throws IOException {
        PROTOCOL_LOG.addHandler(recorder);
        Pipe serverBound = Pipe.open();
        InputStream serverIn = Channels.newInputStream(serverBound.source());
        OutputStream toServer = Channels.newOutputStream(serverBound.sink());
        Pipe clientBound = Pipe.open();
        InputStream clientIn = Channels.newInputStream(clientBound.source());
        toClient = Channels.newOutputStream(clientBound.sink());
        pipes = List.of(toServer, serverIn, toClient, clientIn);
        // Made with the default delay: the editor's initialization option sets the test's.
        server = new AecLanguageServer();
        served = new CompletableFuture<>();
        Thread serving = new Thread(() -> {
            try {
                served.complete(server.serve(serverIn, toClient));
            } catch (Throwable e) {
                served.completeExceptionally(e);
            }
        }, "lsp-session-server");
        serving.setDaemon(true);
        serving.start();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        clientListening = launcher.startListening();
        remote = launcher.getRemoteProxy();

        InitializeParams params = new InitializeParams();
        ClientCapabilities capabilities = new ClientCapabilities();
        WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
        workspace.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(true));
        capabilities.setWorkspace(workspace);
        params.setCapabilities(capabilities);
        JsonObject options = new JsonObject();
        options.addProperty(AecLanguageServer.CHECK_DELAY_OPTION, checkDelay.toMillis());
        params.setInitializationOptions(options);
        initialized = await(remote.initialize(params));
        remote.initialized(new InitializedParams());
    }

    /** A session whose server checks {@link #TEST_DELAY} after the last edit. */
    public static LspSession start() {
        return start(TEST_DELAY);
    }

    public static LspSession start(Duration checkDelay) {
        try {
            return new LspSession(checkDelay);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect the pipes", e);
        }
    }

    public InitializeResult initializeResult() {
        return initialized;
    }

    public LanguageServer remote() {
        return remote;
    }

    public RecordingClient client() {
        return client;
    }

    public AecLanguageServer server() {
        return server;
    }

    /** Opens the file at `path` with `text` (not necessarily what the disk holds); returns its URI. */
    public String open(Path path, String text) {
        String uri = path.toAbsolutePath().normalize().toUri().toString();
        open(uri, text);
        return uri;
    }

    public void open(String uri, String text) {
        versions.put(uri, 1);
        texts.put(uri, text);
        remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(uri, "aemodel", 1, text)));
    }

    /** Replaces the whole text, as an editor without incremental sync would. */
    public void change(String uri, String text) {
        send(uri, new TextDocumentContentChangeEvent(text));
    }

    /** Replaces `range` with `text`, as editors send each keystroke. */
    public void edit(String uri, Range range, String text) {
        send(uri, new TextDocumentContentChangeEvent(range, text));
    }

    private void send(String uri, TextDocumentContentChangeEvent change) {
        int version = versions.merge(uri, 1, Integer::sum);
        texts.put(uri, TextChanges.apply(texts.getOrDefault(uri, ""), List.of(change)));
        remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(change)));
    }

    public void close(String uri) {
        remote.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
        versions.remove(uri);
        texts.remove(uri);
    }

    /** The text of `uri` as the edits sent so far left it. */
    public String text(String uri) {
        return texts.get(uri);
    }

    public int version(String uri) {
        return versions.getOrDefault(uri, 0);
    }

    /** The next publication for `uri`, whatever its version. */
    public PublishDiagnosticsParams awaitPublication(String uri) {
        try {
            PublishDiagnosticsParams next = client.queue(uri).poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no diagnostics published for " + uri + " within " + TIMEOUT
                        + "; problems: " + problems());
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The diagnostics of the version last sent for `uri`; publications of earlier versions are passed over. */
    public List<Diagnostic> awaitDiagnostics(String uri) {
        while (true) {
            PublishDiagnosticsParams next = awaitPublication(uri);
            if (next.getVersion() != null && next.getVersion() == version(uri)) {
                return next.getDiagnostics();
            }
        }
    }

    /** Forgets the publications for `uri` received so far, so that the next awaited one is news. */
    public void forget(String uri) {
        client.queue(uri).clear();
    }

    public List<Location> definition(String uri, Position position) {
        Either<List<? extends Location>, ?> answer = await(remote.getTextDocumentService()
                .definition(new DefinitionParams(new TextDocumentIdentifier(uri), position)));
        return answer == null ? List.of() : new ArrayList<>(answer.getLeft());
    }

    public List<Location> references(String uri, Position position, boolean withDeclaration) {
        ReferenceParams params = new ReferenceParams(new TextDocumentIdentifier(uri), position,
                new ReferenceContext(withDeclaration));
        return new ArrayList<>(await(remote.getTextDocumentService().references(params)));
    }

    public WorkspaceEdit rename(String uri, Position position, String newName) {
        return await(remote.getTextDocumentService().rename(
                new RenameParams(new TextDocumentIdentifier(uri), position, newName)));
    }

    public List<DocumentSymbol> symbols(String uri) {
        return await(remote.getTextDocumentService().documentSymbol(
                new DocumentSymbolParams(new TextDocumentIdentifier(uri)))).stream().map(Either::getRight).toList();
    }

    /** The request's answer; an error answer is thrown as the editor would see it (a ResponseErrorException). */
    public <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("request failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Everything that went wrong on the way, one line each: errors and warnings the server logged
     * or showed to the editor, and the protocol layer's warnings (an exception that escaped a
     * handler is one of those).
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        client.logged().stream().filter(m -> m.getType() == MessageType.Error || m.getType() == MessageType.Warning)
                .forEach(m -> problems.add("log: " + m.getMessage()));
        client.shown().stream().filter(m -> m.getType() == MessageType.Error || m.getType() == MessageType.Warning)
                .forEach(m -> problems.add("shown: " + m.getMessage()));
        protocolWarnings.forEach(r -> problems.add("protocol: " + r.getMessage()
                + (r.getThrown() == null ? "" : " " + r.getThrown())));
        return problems;
    }

    /** Sends `shutdown` then `exit` and returns the server's exit code. */
    public int shutdownAndExit() {
        await(remote.shutdown());
        return exit();
    }

    /** Sends `exit` and returns the server's exit code. */
    public int exit() {
        exited = true;
        remote.exit();
        try {
            int code = served.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // The server writes no more: the editor's side reads the end of its input rather than
            // waiting on a pipe whose writers are gone.
            toClient.close();
            return code;
        } catch (IOException e) {
            throw new AssertionError("cannot close the server's pipe", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            if (!exited) {
                shutdownAndExit();
            }
        } finally {
            clientListening.cancel(true);
            for (java.io.Closeable pipe : pipes) {
                try {
                    pipe.close();
                } catch (IOException e) {
                    // Closing a pipe the other side closed first: nothing left to release.
                }
            }
            PROTOCOL_LOG.removeHandler(recorder);
        }
    }
}
