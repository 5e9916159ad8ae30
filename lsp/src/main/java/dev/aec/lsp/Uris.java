package dev.aec.lsp;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Between the editor's document URIs and the compiler's paths. Only `file:` URIs name a file; an
 * unsaved buffer (`untitled:`) has no path and is compiled against the working directory.
 */
final class Uris {
    private Uris() {
    }

    /** The absolute, normalised path a `file:` URI names; empty for any other URI or one that does not parse. */
    static Optional<Path> path(String uri) {
        try {
            URI parsed = new URI(uri);
            if (!"file".equalsIgnoreCase(parsed.getScheme())) {
                return Optional.empty();
            }
            return Optional.of(Path.of(parsed).toAbsolutePath().normalize());
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException
                 | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The `file:` URI of a path, as Java spells it (the editor's own spelling wins for open documents). */
    static String of(Path path) {
        return path.toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * The name a document's messages show: its file name, so that imports, which the compiler shows
     * relative to the importing file, read as the user wrote them.
     */
    static String displayName(String uri) {
        Optional<Path> path = path(uri);
        if (path.isPresent() && path.get().getFileName() != null) {
            return path.get().getFileName().toString();
        }
        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':'));
        String last = trimmed.substring(cut + 1);
        return last.isEmpty() ? "untitled" : last;
    }
}
