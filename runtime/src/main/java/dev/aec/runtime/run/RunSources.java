package dev.aec.runtime.run;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.data.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The complete source of a run's model: the main file and every file it imports, kept in the run
 * (`model.aemodel` and `imports/`), so a run compiles the same after its sources were moved,
 * edited or deleted. Each file is recorded with the path it was read from, and imports are
 * resolved against those paths again, so the compiler sees exactly what it saw when training began.
 */
public record RunSources(String mainText, String mainDisplay, Optional<Path> mainOrigin,
                         List<Compiler.Imported> imports) {
    public RunSources {
        imports = List.copyOf(imports);
    }

    /** The sources a front-end run read: its main file (from `origin`, when known) and its imports. */
    public static RunSources of(Compiler.Result result, Optional<Path> origin) {
        return new RunSources(result.main().text(), result.main().displayPath(),
                origin.map(p -> p.toAbsolutePath().normalize()), result.imports());
    }

    /**
     * The sources a run kept, as {@link #compile(RunDirectory, RunRecord)} compiled them: the main
     * file at the path it had when the run began, with every import it read.
     */
    public static RunSources kept(Compiler.Result result, RunRecord record) {
        Optional<Path> origin = record.sources() == null ? Optional.empty() : record.sources().stream()
                .filter(s -> s.file().equals(RunDirectory.SOURCE) && s.origin() != null)
                .map(s -> Path.of(s.origin())).findFirst();
        return new RunSources(result.main().text(), result.main().displayPath(), origin, result.imports());
    }

    /** A single file with no imports (tests, and text that is not on disk). */
    public static RunSources single(String text, String display) {
        return new RunSources(text, display, Optional.empty(), List.of());
    }

    List<RunRecord.Source> writeTo(RunDirectory dir) throws RunException {
        List<RunRecord.Source> written = new ArrayList<>();
        dir.write(RunDirectory.SOURCE, out -> out.write(mainText.getBytes(StandardCharsets.UTF_8)));
        written.add(new RunRecord.Source(RunDirectory.SOURCE, mainOrigin.map(Path::toString).orElse(null),
                Sha256.of(mainText.getBytes(StandardCharsets.UTF_8))));
        if (!imports.isEmpty()) {
            try {
                Files.createDirectories(dir.path().resolve(RunDirectory.IMPORTS));
            } catch (IOException e) {
                throw new RunException(RunException.Kind.IO, "cannot write " + dir.path().resolve(RunDirectory.IMPORTS)
                        + ": " + RunDirectory.reason(e), e);
            }
        }
        Set<String> names = new HashSet<>();
        for (Compiler.Imported imported : imports) {
            String base = imported.path().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            String name = base;
            for (int n = 2; !names.add(name); n++) {
                name = base.replaceFirst("(\\.aemodel)?$", "-" + n + ".aemodel");
            }
            if (!name.endsWith(".aemodel")) {
                name += ".aemodel";
            }
            String file = RunDirectory.IMPORTS + "/" + name;
            byte[] bytes = imported.text().getBytes(StandardCharsets.UTF_8);
            dir.write(file, out -> out.write(bytes));
            written.add(new RunRecord.Source(file, imported.path().toString(), Sha256.of(bytes)));
        }
        return written;
    }

    /**
     * Compiles the sources kept in a run, after checking each against the SHA-256 that run.json
     * recorded: a run whose sources were edited says so instead of training or reporting on a
     * model it never trained.
     */
    public static Compiler.Result compile(RunDirectory dir, RunRecord record) throws RunException {
        Path path = dir.path();
        Map<Path, String> stored = new HashMap<>();
        String mainText = null;
        Optional<Path> mainOrigin = Optional.empty();
        List<RunRecord.Source> sources = record.sources() != null ? record.sources()
                : List.of(new RunRecord.Source(RunDirectory.SOURCE, null, record.sourceSha256()));
        for (RunRecord.Source source : sources) {
            String text = verified(path, source);
            if (source.file().equals(RunDirectory.SOURCE)) {
                mainText = text;
                mainOrigin = Optional.ofNullable(source.origin()).map(Path::of);
            } else if (source.origin() != null) {
                stored.put(Path.of(source.origin()).toAbsolutePath().normalize(), text);
            }
        }
        if (mainText == null) {
            throw new RunException(RunException.Kind.DAMAGED, path.resolve(RunDirectory.RECORD)
                    + " is damaged: it lists no " + RunDirectory.SOURCE);
        }
        SourceFile main = new SourceFile(path.resolve(RunDirectory.SOURCE).toString(), mainText);
        if (mainOrigin.isEmpty()) {
            // A run from before imports were kept: its imports, if any, resolve beside the run.
            return Compiler.compile(main, path.toAbsolutePath());
        }
        return compileKept(main, mainOrigin.get(), stored);
    }

    /**
     * Compiles these sources as they were read, without reading any file: imports resolve against
     * the paths the files had (so the same import finds the same text), on another machine too.
     * The main file's origin must be known; without one, it compiles as a lone file.
     */
    public Compiler.Result compile() {
        SourceFile main = new SourceFile(mainDisplay, mainText);
        if (mainOrigin.isEmpty()) {
            return Compiler.compile(main, Path.of("").toAbsolutePath(), Optional.empty(), file -> {
                throw new NoSuchFileException(file.toString(), null, "not kept with the model");
            });
        }
        Map<Path, String> stored = new HashMap<>();
        for (Compiler.Imported imported : imports) {
            stored.put(imported.path().toAbsolutePath().normalize(), imported.text());
        }
        return compileKept(main, mainOrigin.get(), stored);
    }

    private static Compiler.Result compileKept(SourceFile main, Path origin, Map<Path, String> stored) {
        return Compiler.compile(main, origin.getParent(), Optional.of(origin), file -> {
            String text = stored.get(file);
            if (text == null) {
                throw new NoSuchFileException(file.toString(), null, "not kept in the run");
            }
            return text.getBytes(StandardCharsets.UTF_8);
        });
    }

    private static String verified(Path run, RunRecord.Source source) throws RunException {
        Path file = run.resolve(source.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is missing; the run keeps the model's "
                    + "source there");
        } catch (IOException e) {
            throw new RunException(RunException.Kind.DAMAGED, "cannot read " + file + ": " + RunDirectory.reason(e), e);
        }
        if (source.sha256() != null && !source.sha256().equals(Sha256.of(bytes))) {
            throw new RunException(RunException.Kind.DAMAGED, file + " was edited after the run was trained (its "
                    + "SHA-256 differs from the one run.json records), so the run's weights no longer belong to it; "
                    + "restore the original, or train the edited model as a new run with `aec train`");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
