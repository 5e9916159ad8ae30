package dev.aec.lsp;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which open documents read which files, as their last check found: a change to a file must check
 * again every open document that reads it. A document's check lists every file it read, however
 * deep the import; the walk over importers of importers still matters for a document whose last
 * check stopped before reaching its imports' own imports. Not thread-safe: the {@link Workspace} guards it.
 */
final class ImportGraph {
    private final Map<String, Set<Path>> readBy = new HashMap<>();
    private final Map<Path, Set<String>> readers = new HashMap<>();

    /** What `uri` read on its last check, replacing what it read before. */
    void update(String uri, Set<Path> read) {
        remove(uri);
        if (read.isEmpty()) {
            return;
        }
        readBy.put(uri, Set.copyOf(read));
        for (Path path : read) {
            readers.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(uri);
        }
    }

    /** Forgets `uri`: it is closed. */
    void remove(String uri) {
        Set<Path> before = readBy.remove(uri);
        if (before == null) {
            return;
        }
        for (Path path : before) {
            Set<String> uris = readers.get(path);
            if (uris != null) {
                uris.remove(uri);
                if (uris.isEmpty()) {
                    readers.remove(path);
                }
            }
        }
    }

    /**
     * The open documents that read `changed`, directly or through other open documents; `pathOf`
     * gives an open document's own path, through which its own readers are found.
     */
    Set<String> readersOf(Path changed, Function<String, Optional<Path>> pathOf) {
        Set<String> found = new TreeSet<>();
        Deque<Path> todo = new ArrayDeque<>();
        Set<Path> seen = new HashSet<>();
        todo.add(changed);
        while (!todo.isEmpty()) {
            Path path = todo.poll();
            if (!seen.add(path)) {
                continue;
            }
            for (String uri : readers.getOrDefault(path, Set.of())) {
                if (found.add(uri)) {
                    pathOf.apply(uri).ifPresent(todo::add);
                }
            }
        }
        return found;
    }

    /** How many documents and files it holds: bounded by what is open and what that reads. */
    int documentCount() {
        return readBy.size();
    }

    int fileCount() {
        return readers.size();
    }
}
