package dev.aec.compiler;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.check.Checker;
import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Refusal;
import dev.aec.compiler.model.Program;
import dev.aec.compiler.resolve.Resolver;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceReader;
import dev.aec.compiler.source.SourceText;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast;
import dev.aec.compiler.syntax.Parser;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front end in one screen: read the file and its imports, parse, resolve names, check shapes.
 * Each stage reports into the same {@link Diagnostics}; the driver stops between stages when a
 * stage found errors that would make the next one report nonsense.
 */
public final class Compiler {
    private Compiler() {
    }

    /**
     * What the front end produced: the checked program (when it got that far), every diagnostic,
     * every imported file it read, in the order it read them, and where each file it read lies.
     */
    public record Result(SourceFile main, Optional<CheckedProgram> program, Diagnostics diagnostics,
                         List<Imported> imports, Map<SourceFile, Path> paths) {
        public Result {
            imports = List.copyOf(imports);
            paths = Map.copyOf(paths);
        }

        public Result(SourceFile main, Optional<CheckedProgram> program, Diagnostics diagnostics,
                      List<Imported> imports) {
            this(main, program, diagnostics, imports, Map.of());
        }

        public Result(SourceFile main, Optional<CheckedProgram> program, Diagnostics diagnostics) {
            this(main, program, diagnostics, List.of());
        }

        /**
         * The absolute, normalised path of a file this compile read: an imported file, or `main` when
         * its path was given. A diagnostic's span may lie in any of them, and a tool that points at it
         * (an editor) needs the file, not the name it is shown under.
         */
        public Optional<Path> pathOf(SourceFile file) {
            return Optional.ofNullable(paths.get(file));
        }

        public boolean ok() {
            return program.isPresent() && !diagnostics.hasErrors();
        }
    }

    /** An imported file as read: its absolute, normalised path and its text. */
    public record Imported(Path path, String text) {
    }

    /**
     * Reads a file from disk; an unreadable file is an {@link IOException} for the caller (exit 2/3),
     * a file that is not UTF-8 text a diagnostic.
     */
    public static Result compileFile(Path path) throws IOException {
        return compileFile(path, DataProbe.NONE);
    }

    /** As {@link #compileFile(Path)}, with the train blocks' files looked at through `probe`. */
    public static Result compileFile(Path path, DataProbe probe) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        SourceText.Decoded decoded = SourceText.decode(SourceText.read(path), display(path));
        if (decoded instanceof SourceText.Refused refused) {
            Diagnostics diagnostics = new Diagnostics();
            Refusal.of(refused).report(diagnostics);
            return new Result(refused.span().file(), Optional.empty(), diagnostics, List.of(),
                    Map.of(refused.span().file(), absolute));
        }
        String text = ((SourceText.Text) decoded).text();
        return compile(new SourceFile(display(path), text), absolute.getParent(), Optional.of(absolute),
                SourceText::read, probe);
    }

    /** Compiles text; imports are resolved against `directory`. */
    public static Result compile(SourceFile main, Path directory) {
        return compile(main, directory, Optional.empty());
    }

    /** As {@link #compile(SourceFile, Path)}; `mainPath`, when known, is never read again by an import cycle. */
    public static Result compile(SourceFile main, Path directory, Optional<Path> mainPath) {
        return compile(main, directory, mainPath, SourceText::read);
    }

    /**
     * As {@link #compile(SourceFile, Path, Optional)}, with imports read through `reader`; a stored
     * run passes its own copies of the files, at the paths they had when it was trained.
     */
    public static Result compile(SourceFile main, Path directory, Optional<Path> mainPath, SourceReader reader) {
        return compile(main, directory, mainPath, reader, DataProbe.NONE);
    }

    /**
     * As {@link #compile(SourceFile, Path, Optional, SourceReader)}, with the train blocks' files
     * looked at through `probe` (their sample shape, count and classes checked against the model).
     * Data paths are resolved against the folder of the file that writes them: `directory` for
     * `main`, an imported file's own folder for its train blocks.
     */
    public static Result compile(SourceFile main, Path directory, Optional<Path> mainPath, SourceReader reader,
                                 DataProbe probe) {
        Diagnostics diagnostics = new Diagnostics();
        List<Ast.FileNode> files = new ArrayList<>();
        Map<Path, String> imported = new LinkedHashMap<>();
        // SourceFile keeps the identity of Object's equals: two files of one text are two files.
        Map<SourceFile, Path> paths = new HashMap<>();
        mainPath.ifPresent(p -> paths.put(main, p.toAbsolutePath().normalize()));
        Optional<Ast.FileNode> tree = Parser.parse(main, diagnostics);
        if (tree.isEmpty()) {
            return new Result(main, Optional.empty(), diagnostics, List.of(), paths);
        }
        Map<Path, Boolean> loading = new LinkedHashMap<>();
        mainPath.ifPresent(p -> loading.put(p.toAbsolutePath().normalize(), true));
        Map<SourceFile, Path> directories = new IdentityHashMap<>();
        directories.put(main, directory.toAbsolutePath().normalize());
        Path displayDir = Optional.ofNullable(Path.of(main.displayPath()).getParent()).orElse(Path.of(""));
        loadImports(tree.get(), directory, displayDir, new ImportLoader(reader, files, loading, imported, directories,
                paths, diagnostics));
        files.add(tree.get());
        List<Imported> imports = imported.entrySet().stream().map(e -> new Imported(e.getKey(), e.getValue())).toList();
        if (diagnostics.hasErrors()) {
            return new Result(main, Optional.empty(), diagnostics, imports, paths);
        }
        Program program = Resolver.resolve(files, directories::get, diagnostics);
        CheckedProgram checked = Checker.check(program, probe, diagnostics);
        return new Result(main, Optional.of(checked), diagnostics, imports, paths);
    }

    /** Where imports are read from, and what the loading keeps: the files, their texts, folders and paths, its diagnostics. */
    private record ImportLoader(SourceReader reader, List<Ast.FileNode> files, Map<Path, Boolean> loading,
                                Map<Path, String> imported, Map<SourceFile, Path> directories,
                                Map<SourceFile, Path> paths, Diagnostics diagnostics) {
    }

    /**
     * Imports depth first, so every file comes after the files it imports; each file once. A chain
     * of imports is walked with a stack of its own, so however long it is the JVM's stack is not.
     */
    private static void loadImports(Ast.FileNode main, Path directory, Path displayDir, ImportLoader loader) {
        List<Ast.FileNode> files = loader.files();
        Map<Path, Boolean> loading = loader.loading();
        Diagnostics diagnostics = loader.diagnostics();
        record Pending(Ast.FileNode file, Path directory, Path displayDir, java.util.Iterator<Ast.Import> imports) {
        }
        java.util.Deque<Pending> stack = new java.util.ArrayDeque<>();
        stack.push(new Pending(main, directory, displayDir, main.imports().iterator()));
        while (!stack.isEmpty()) {
            Pending top = stack.peek();
            if (!top.imports().hasNext()) {
                stack.pop();
                if (top.file() != main) {
                    files.add(top.file());
                }
                continue;
            }
            Ast.Import imp = top.imports().next();
            Path target;
            Path shownAs;
            try {
                target = top.directory().resolve(imp.path()).toAbsolutePath().normalize();
                // Imported files are shown relative to the file that imports them, as the user wrote them.
                shownAs = top.displayDir().resolve(imp.path()).normalize();
            } catch (java.nio.file.InvalidPathException bad) {
                reportImport(imp.pathSpan(), imp.path(), "not a valid path", diagnostics);
                continue;
            }
            if (loading.containsKey(target)) {
                continue;
            }
            loading.put(target, true);
            SourceText.Decoded decoded;
            try {
                decoded = SourceText.decode(loader.reader().read(target), shownAs.toString());
            } catch (NoSuchFileException missing) {
                reportImport(imp.pathSpan(), imp.path(), "no such file", diagnostics);
                continue;
            } catch (IOException e) {
                String why = java.nio.file.Files.isDirectory(target) ? "it is a directory" : describe(e);
                Diagnostic.of(Code.E0005, imp.pathSpan(), "cannot read `" + imp.path() + "`: " + why)
                        .label("unreadable")
                        .help("import a `.aemodel` text file")
                        .report(diagnostics);
                continue;
            }
            if (decoded instanceof SourceText.Refused refused) {
                loader.paths().put(refused.span().file(), target);
                Refusal.of(refused).secondary(imp.pathSpan(), "imported here").report(diagnostics);
                continue;
            }
            String text = ((SourceText.Text) decoded).text();
            loader.imported().put(target, text);
            SourceFile source = new SourceFile(shownAs.toString(), text);
            loader.directories().put(source, target.getParent());
            loader.paths().put(source, target);
            Optional<Ast.FileNode> tree = Parser.parse(source, diagnostics);
            if (tree.isPresent()) {
                Path nextDisplayDir = Optional.ofNullable(shownAs.getParent()).orElse(Path.of(""));
                stack.push(new Pending(tree.get(), target.getParent(), nextDisplayDir, tree.get().imports().iterator()));
            }
        }
    }

    private static void reportImport(Span span, String path, String why, Diagnostics diagnostics) {
        Diagnostic.of(Code.E0107, span, "cannot import `" + path + "`: " + why)
                .label(why)
                .note("import paths are relative to the importing file")
                .report(diagnostics);
    }

    /** Strict UTF-8, so a binary file is a clear error rather than mojibake. */
    public static String read(Path path) throws IOException {
        SourceText.Decoded decoded = SourceText.decode(SourceText.read(path), path.toString());
        if (decoded instanceof SourceText.Refused refused) {
            throw new IOException(refused.span().location() + ": " + refused.message());
        }
        return ((SourceText.Text) decoded).text();
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.contains(": ") ? message.substring(message.lastIndexOf(": ") + 2) : message;
    }

    /** Paths under the working directory are shown relative, as compilers do. */
    public static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
