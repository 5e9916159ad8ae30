package dev.aec.lsp;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceReader;
import dev.aec.compiler.source.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The files one check of a document read, as the compiler saw them: the document first, then every
 * file it imports in the order they were read, each with its URI and its names. The compiler puts
 * the models of all of them in one namespace, so a name in any of them means what it means here.
 */
final class Unit {
    /** One file of the unit. */
    record File(String uri, Optional<Path> path, SourceFile source, ModelNames names) {
    }

    /** A model's declaration, found in `file`. */
    record Declared(File file, ModelNames.Name name) {
        /** Two declarations are the same one when they are at the same place of the same file. */
        boolean sameAs(Declared other) {
            return file.uri().equals(other.file.uri()) && name.span().start() == other.name.span().start();
        }
    }

    /** Most imports read for a document that does not parse: enough for any real project, bounded for any text. */
    private static final int MAX_UNREAD_IMPORTS = 1_000;

    private final Analysis analysis;
    private final List<File> files;

    private Unit(Analysis analysis, List<File> files) {
        this.analysis = analysis;
        this.files = List.copyOf(files);
    }

    /** The unit of `analysis`; `uriOf` names imported files as the editor knows them. */
    static Unit of(Analysis analysis, Function<Path, String> uriOf) {
        List<File> files = new ArrayList<>();
        files.add(new File(analysis.uri(), Uris.path(analysis.uri()), analysis.source(),
                ModelNames.of(analysis.source())));
        for (Compiler.Imported imported : analysis.result().imports()) {
            files.add(file(imported.path(), imported.text(), uriOf));
        }
        return new Unit(analysis, files);
    }

    /**
     * As {@link #of(Analysis, Function)}; when the document does not parse, the compiler read none of
     * its imports, and they are read here through `reader`, so that its names still lead somewhere
     * while the user is in the middle of typing.
     */
    static Unit of(Analysis analysis, Function<Path, String> uriOf, SourceReader reader) {
        Unit unit = of(analysis, uriOf);
        boolean unread = analysis.result().imports().isEmpty() && analysis.result().program().isEmpty()
                && !unit.main().names().imports().isEmpty();
        if (!unread) {
            return unit;
        }
        List<File> files = new ArrayList<>(unit.files());
        Set<Path> seen = new HashSet<>();
        unit.main().path().ifPresent(seen::add);
        for (int next = 0; next < files.size() && files.size() <= MAX_UNREAD_IMPORTS; next++) {
            File importing = files.get(next);
            for (ModelNames.ImportPath imported : importing.names().imports()) {
                Optional<Path> target = unit.target(importing, imported).filter(seen::add);
                if (target.isEmpty()) {
                    continue;
                }
                try {
                    String text = new String(reader.read(target.get()), StandardCharsets.UTF_8);
                    files.add(file(target.get(), text, uriOf));
                } catch (IOException | RuntimeException unreadable) {
                    // Not there, or not a file: the compiler says so once the document parses.
                }
            }
        }
        return new Unit(analysis, files);
    }

    private static File file(Path path, String text, Function<Path, String> uriOf) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        SourceFile source = new SourceFile(name, text);
        return new File(uriOf.apply(path), Optional.of(path), source, ModelNames.of(source));
    }

    Analysis analysis() {
        return analysis;
    }

    File main() {
        return files.get(0);
    }

    List<File> files() {
        return files;
    }

    Optional<File> file(String uri) {
        return files.stream().filter(f -> f.uri().equals(uri)).findFirst();
    }

    /**
     * The model `name` means in this unit: declared in the document itself, else in the first
     * imported file that declares it (a second declaration is the compiler's error, not a choice).
     */
    Optional<Declared> declaration(String name) {
        for (File file : files) {
            for (ModelNames.Name declared : file.names().declarations()) {
                if (declared.text().equals(name)) {
                    return Optional.of(new Declared(file, declared));
                }
            }
        }
        return Optional.empty();
    }

    /** The file an import of `file` names, resolved as the compiler resolves it; empty for a path that cannot be one. */
    Optional<Path> target(File file, ModelNames.ImportPath imported) {
        Path directory = file.path().map(Path::getParent).orElse(Path.of("").toAbsolutePath());
        try {
            return Optional.of(directory.resolve(imported.path()).toAbsolutePath().normalize());
        } catch (InvalidPathException bad) {
            return Optional.empty();
        }
    }

    /**
     * The import of the document through which it reads `path`: its first import whose file is
     * `path` or imports it, however deep. Empty when no import leads there.
     */
    Optional<Span> importLeadingTo(Path path) {
        Map<Path, List<Path>> edges = new HashMap<>();
        for (File file : files.subList(1, files.size())) {
            List<Path> targets = new ArrayList<>();
            for (ModelNames.ImportPath imported : file.names().imports()) {
                target(file, imported).ifPresent(targets::add);
            }
            file.path().ifPresent(p -> edges.put(p, targets));
        }
        for (ModelNames.ImportPath imported : main().names().imports()) {
            Optional<Path> first = target(main(), imported);
            if (first.isPresent() && reaches(first.get(), path, edges)) {
                return Optional.of(imported.span());
            }
        }
        return Optional.empty();
    }

    private static boolean reaches(Path from, Path to, Map<Path, List<Path>> edges) {
        Deque<Path> todo = new ArrayDeque<>(List.of(from));
        Set<Path> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Path next = todo.poll();
            if (next.equals(to)) {
                return true;
            }
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        return false;
    }
}
