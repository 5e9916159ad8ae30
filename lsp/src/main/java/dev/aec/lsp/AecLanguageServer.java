package dev.aec.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItemCapabilities;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The aec language server: the compiler's diagnostics as the user types, and going to, finding and
 * renaming models, for any editor that speaks the Language Server Protocol. {@link #serve} runs it
 * on a pair of streams until the editor sends `exit`.
 */
public final class AecLanguageServer implements LanguageServer, LanguageClientAware {
    /** The initialization option that sets how long after the last edit a document is checked, in milliseconds. */
    public static final String CHECK_DELAY_OPTION = "checkDelayMillis";
    /** The longest check delay: a longer one would look like a server that stopped. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(10);
    private static final String WATCHED_FILES = "workspace/didChangeWatchedFiles";
    /** How long answers already asked for may still take once the editor has sent `exit`. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(2);

    private final Workspace workspace;
    private final AecTextDocumentService documents;
    private final AecWorkspaceService files;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile boolean shutDown;
    private volatile Optional<LanguageClient> client = Optional.empty();
    private volatile Optional<ClientCapabilities> clientCapabilities = Optional.empty();

    public AecLanguageServer() {
        this(Workspace.DEFAULT_DELAY);
    }

    /**
     * A server that checks a document `checkDelay` after its last edit (unless the editor's options
     * say otherwise), kept between none and {@link #MAX_DELAY}.
     */
    public AecLanguageServer(Duration checkDelay) {
        this.workspace = new Workspace(checkDelay.isNegative() ? Duration.ZERO
                : checkDelay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : checkDelay);
        this.documents = new AecTextDocumentService(workspace, this::snippetsAccepted);
        this.files = new AecWorkspaceService(workspace);
    }

    /**
     * Runs the server on `in` and `out` (the editor's messages and the server's; nothing else is
     * written to `out`) until the editor sends `exit` or closes `in`. Returns the exit code the
     * protocol asks for: 0 when the editor shut the server down first, 1 otherwise.
     */
    public int serve(InputStream in, OutputStream out) {
        ExecutorService messages = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "aec-lsp-messages");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Launcher<LanguageClient> launcher = new LSPLauncher.Builder<LanguageClient>()
                    .setLocalService(this)
                    .setRemoteInterface(LanguageClient.class)
                    .setInput(in)
                    .setOutput(out)
                    .setExecutorService(messages)
                    .setExceptionHandler(AecLanguageServer::responseError)
                    .create();
            connect(launcher.getRemoteProxy());
            Future<Void> listening = launcher.startListening();
            Thread inputEnd = new Thread(() -> {
                try {
                    listening.get();
                } catch (InterruptedException e) {
                    return;
                } catch (ExecutionException | CancellationException e) {
                    // The input failed rather than ended: the editor is gone all the same.
                }
                exitCode.complete(shutDown ? 0 : 1);
            }, "aec-lsp-input");
            inputEnd.setDaemon(true);
            inputEnd.start();
            int code = exitCode.join();
            // An editor that did not wait for the answers it asked for still gets them before the server goes.
            try {
                workspace.afterQueuedWork().get(ANSWER_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Answers that take longer than the grace are not waited for: the editor asked to exit.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listening.cancel(true);
            return code;
        } finally {
            workspace.close();
            messages.shutdownNow();
        }
    }

    /** Completes with the exit code once the editor has sent `exit` (or its input ended, under {@link #serve}). */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void connect(LanguageClient client) {
        this.client = Optional.of(client);
        workspace.connect(client::publishDiagnostics,
                message -> client.logMessage(new MessageParams(MessageType.Error, message)));
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        clientCapabilities = Optional.ofNullable(params.getCapabilities());
        checkDelay(params.getInitializationOptions()).ifPresent(workspace::delay);
        ServerInfo info = new ServerInfo("aec");
        Optional.ofNullable(AecLanguageServer.class.getPackage().getImplementationVersion()).ifPresent(info::setVersion);
        return CompletableFuture.completedFuture(new InitializeResult(capabilities(), info));
    }

    /**
     * What the server answers: every request {@link AecTextDocumentService} has a provider for.
     */
    static ServerCapabilities capabilities() {
        ServerCapabilities capabilities = new ServerCapabilities();
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        capabilities.setTextDocumentSync(sync);
        capabilities.setDefinitionProvider(true);
        capabilities.setReferencesProvider(true);
        capabilities.setRenameProvider(new RenameOptions(true));
        capabilities.setDocumentSymbolProvider(true);
        capabilities.setHoverProvider(true);
        capabilities.setInlayHintProvider(true);
        CompletionOptions completion = new CompletionOptions(false, List.of(":", "(", ",", "."));
        capabilities.setCompletionProvider(completion);
        SignatureHelpOptions signatures = new SignatureHelpOptions(List.of("(", ","), List.of(":"));
        capabilities.setSignatureHelpProvider(signatures);
        capabilities.setDocumentFormattingProvider(true);
        capabilities.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        return capabilities;
    }

    /** True when the editor said in `initialize` that it expands snippets in completion items. */
    private boolean snippetsAccepted() {
        return clientCapabilities.map(ClientCapabilities::getTextDocument)
                .map(TextDocumentClientCapabilities::getCompletion)
                .map(CompletionCapabilities::getCompletionItem)
                .map(CompletionItemCapabilities::getSnippetSupport)
                .orElse(false);
    }

    /** The delay the editor asked for in its initialization options (`{"checkDelayMillis": 20}`), within bounds. */
    static Optional<Duration> checkDelay(Object options) {
        if (!(options instanceof JsonObject json) || !json.has(CHECK_DELAY_OPTION)) {
            return Optional.empty();
        }
        JsonElement value = json.get(CHECK_DELAY_OPTION);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return Optional.empty();
        }
        double millis = value.getAsDouble();
        if (!(millis >= 0)) {
            return Optional.empty();
        }
        Duration asked = Duration.ofMillis((long) Math.min(millis, MAX_DELAY.toMillis()));
        return Optional.of(asked);
    }

    /** Asks the editor to report changes to model files on disk, when it lets servers ask. */
    @Override
    public void initialized(InitializedParams params) {
        boolean dynamic = clientCapabilities
                .map(ClientCapabilities::getWorkspace)
                .map(w -> w.getDidChangeWatchedFiles())
                .map(w -> Boolean.TRUE.equals(w.getDynamicRegistration()))
                .orElse(false);
        if (!dynamic || client.isEmpty()) {
            return;
        }
        FileSystemWatcher models = new FileSystemWatcher(Either.forLeft("**/*.aemodel"));
        Registration registration = new Registration("aec-model-files", WATCHED_FILES,
                new DidChangeWatchedFilesRegistrationOptions(List.of(models)));
        client.get().registerCapability(new RegistrationParams(List.of(registration)))
                .exceptionally(e -> null);
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutDown = true;
        workspace.cancelChecks();
        // Answered after the requests that came before it, which wait on the same thread: an editor
        // that sends `exit` on this answer has every answer it asked for.
        return workspace.afterQueuedWork();
    }

    /** The protocol's rule: exit code 0 after `shutdown`, 1 without it. */
    @Override
    public void exit() {
        exitCode.complete(shutDown ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return files;
    }

    /** What the server holds, for tests that hold it bounded. */
    Workspace.Footprint footprint() {
        return workspace.footprint();
    }

    /**
     * The error an editor gets for a request that failed: the refusal a feature gave, or one line
     * naming an internal error; never a stack trace.
     */
    static ResponseError responseError(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ResponseErrorException refused) {
            return refused.getResponseError();
        }
        if (cause instanceof UnsupportedOperationException) {
            // What a request the server does not answer throws: the protocol has a code for it.
            return new ResponseError(ResponseErrorCode.MethodNotFound, "aec does not answer this request", null);
        }
        return new ResponseError(ResponseErrorCode.InternalError, "aec could not answer: " + Workspace.describe(cause),
                null);
    }
}
