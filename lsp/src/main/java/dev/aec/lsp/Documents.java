package dev.aec.lsp;

import dev.aec.compiler.source.SourceReader;
import dev.aec.compiler.source.SourceText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The documents the editor has open: the text and version of each as the editor's edits left it.
 * Written by the thread that reads the editor's messages, read by the thread that checks.
 */
final class Documents {
    /** One open document; `path` is empty for a buffer that is not a file. */
    record Document(String uri, int version, String text, Optional<Path> path) {
        Document {
            Objects.requireNonNull(uri);
            Objects.requireNonNull(text);
            Objects.requireNonNull(path);
        }
    }

    private final Map<String, Document> byUri = new ConcurrentHashMap<>();
    private final Map<Path, String> uriByPath = new ConcurrentHashMap<>();

    Document open(String uri, int version, String text) {
        Document document = new Document(uri, version, text, Uris.path(uri));
        byUri.put(uri, document);
        document.path().ifPresent(p -> uriByPath.put(p, uri));
        return document;
    }

    /** The document after the edits; empty when it is not open (a change the editor sent out of turn). */
    Optional<Document> change(String uri, int version, List<TextDocumentContentChangeEvent> changes) {
        Document changed = byUri.computeIfPresent(uri, (u, d) ->
                new Document(u, version, TextChanges.apply(d.text(), changes), d.path()));
        return Optional.ofNullable(changed);
    }

    Optional<Document> close(String uri) {
        Document closed = byUri.remove(uri);
        if (closed != null) {
            closed.path().ifPresent(p -> uriByPath.remove(p, uri));
        }
        return Optional.ofNullable(closed);
    }

    Optional<Document> get(String uri) {
        return Optional.ofNullable(byUri.get(uri));
    }

    Optional<Document> at(Path path) {
        return Optional.ofNullable(uriByPath.get(path)).flatMap(this::get);
    }

    /** Every open document, in the order of their URIs. */
    List<Document> all() {
        return byUri.values().stream().sorted(Comparator.comparing(Document::uri)).toList();
    }

    int size() {
        return byUri.size();
    }

    /** The URI an editor knows a file by: the open document's own spelling, or the path's `file:` URI. */
    String uriOf(Path path) {
        String open = uriByPath.get(path);
        return open != null ? open : Uris.of(path);
    }

    /**
     * Imports read as the editor shows them: the unsaved text of an open document, the disk for any
     * other file; so a model sees the edits to the file it imports before they are saved.
     */
    SourceReader reader() {
        return path -> {
            Optional<Document> open = at(path);
            return open.isPresent() ? open.get().text().getBytes(StandardCharsets.UTF_8) : SourceText.read(path);
        };
    }
}
