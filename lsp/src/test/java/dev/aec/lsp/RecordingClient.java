package dev.aec.lsp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * An editor that keeps everything the server sends it: diagnostics per document in arrival order,
 * log and shown messages, and the capabilities the server registered.
 */
public final class RecordingClient implements LanguageClient {
    private final Map<String, BlockingQueue<PublishDiagnosticsParams>> diagnostics = new ConcurrentHashMap<>();
    private final List<PublishDiagnosticsParams> published = new CopyOnWriteArrayList<>();
    private final List<MessageParams> logged = new CopyOnWriteArrayList<>();
    private final List<MessageParams> shown = new CopyOnWriteArrayList<>();
    private final List<RegistrationParams> registrations = new CopyOnWriteArrayList<>();

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
        published.add(params);
        queue(params.getUri()).add(params);
    }

    @Override
    public void logMessage(MessageParams message) {
        logged.add(message);
    }

    @Override
    public void showMessage(MessageParams message) {
        shown.add(message);
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
        shown.add(new MessageParams(request.getType(), request.getMessage()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void telemetryEvent(Object object) {
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
        registrations.add(params);
        return CompletableFuture.completedFuture(null);
    }

    /** The publications for `uri` not taken yet, oldest first. */
    public BlockingQueue<PublishDiagnosticsParams> queue(String uri) {
        return diagnostics.computeIfAbsent(uri, u -> new LinkedBlockingQueue<>());
    }

    /** Every publication, for every document, in arrival order. */
    public List<PublishDiagnosticsParams> published() {
        return published;
    }

    public List<MessageParams> logged() {
        return logged;
    }

    public List<MessageParams> shown() {
        return shown;
    }

    public List<RegistrationParams> registrations() {
        return registrations;
    }
}
