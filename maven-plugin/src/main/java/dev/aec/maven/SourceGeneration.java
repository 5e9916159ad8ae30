package dev.aec.maven;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.diag.Severity;
import dev.aec.compiler.gen.GeneratedClass;
import dev.aec.compiler.gen.JavaGenerator;
import dev.aec.compiler.gen.JavaNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The work of the `generate` goal without Maven: every `.aemodel` file under a source folder
 * becomes the Java classes `aec gen` would write, under an output folder. The mojo adapts its log
 * to a {@link Sink}; tests call {@link #generate} directly.
 */
public final class SourceGeneration {
    /** Where messages go: Maven's log in a build, a list in tests. */
    public interface Sink {
        void error(String message);

        void warn(String message);

        void info(String message);
    }

    /**
     * What a run did: the files written (empty when nothing was stale), how many errors in how many
     * model files, and whether it skipped because every output was newer than every input.
     */
    public record Outcome(List<Path> written, long errors, int failedFiles, boolean upToDate) {
        public Outcome {
            written = List.copyOf(written);
        }

        public boolean ok() {
            return errors == 0;
        }
    }

    private SourceGeneration() {
    }

    /**
     * Generates every model file under `sourceDir` into `outDir`; a file in a subfolder `a/b` gets the
     * package `basePackage.a.b`. Nothing is written when a file has errors. A missing `sourceDir`
     * is no models, not an error.
     */
    public static Outcome generate(Path sourceDir, Path outDir, String basePackage, Sink sink) throws IOException {
        if (!JavaNames.isPackage(basePackage)) {
            throw new IllegalArgumentException("packageName must be a Java package name such as com.example.models, "
                    + "found '" + basePackage + "'");
        }
        List<Path> models = modelFiles(sourceDir);
        if (models.isEmpty()) {
            sink.info("aec: no .aemodel files in " + sourceDir);
            return new Outcome(List.of(), 0, 0, true);
        }
        if (upToDate(models, outDir)) {
            sink.info("aec: generated sources are up to date");
            return new Outcome(List.of(), 0, 0, true);
        }
        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        List<Path> written = new ArrayList<>();
        Map<Path, String> targets = new HashMap<>();
        long errors = 0;
        int failedFiles = 0;
        // Named once, after every file, as `aec check` does: the codes `aec explain` tells more about.
        List<Code> shown = new ArrayList<>();
        for (Path model : models) {
            Compiler.Result result = Compiler.compileFile(model);
            for (Diagnostic d : result.diagnostics().sorted()) {
                shown.add(d.code());
                String text = renderer.render(d).stripTrailing();
                if (d.severity() == Severity.ERROR) {
                    sink.error(text);
                } else {
                    sink.warn(text);
                }
            }
            if (!result.ok()) {
                errors += result.diagnostics().errorCount();
                failedFiles++;
                continue;
            }
            CheckedProgram program = result.program().orElseThrow();
            String javaPackage = packageOf(sourceDir, model, basePackage);
            for (String name : JavaGenerator.defaultModels(program, result.main())) {
                java.util.Optional<String> refusal = JavaGenerator.refusal(program, name, result.main());
                if (refusal.isPresent()) {
                    sink.error(model + ": error: " + refusal.get());
                    errors++;
                    failedFiles++;
                    continue;
                }
                GeneratedClass generated = JavaGenerator.generate(program, name, result.main(), javaPackage);
                Path target = outDir.resolve(generated.relativePath());
                String clash = targets.putIfAbsent(target, model + " model `" + name + "`");
                if (clash != null) {
                    sink.error(model + ": error: model `" + name + "` would be " + target + ", which " + clash
                            + " already is; put one of the files in another folder");
                    errors++;
                    failedFiles++;
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, generated.text(), StandardCharsets.UTF_8);
                written.add(target);
            }
        }
        DiagnosticRenderer.explainLine(shown).ifPresent(line -> {
            if (shown.stream().anyMatch(c -> c.severity() == Severity.ERROR)) {
                sink.error(line);
            } else {
                sink.warn(line);
            }
        });
        if (errors > 0) {
            // Left in place, this run's outputs would be newer than the broken file, and the next
            // build would call it up to date and pass.
            for (Path f : written) {
                Files.deleteIfExists(f);
            }
            written.clear();
        }
        return new Outcome(written, errors, failedFiles, false);
    }

    /** The `.aemodel` files under `dir`, sorted so that messages and outputs come in one order. */
    static List<Path> modelFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aemodel") && Files.isRegularFile(f))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /**
     * Whether the output folder holds generated Java and all of it is newer than every model file: a
     * whole-folder check, as models import each other and one file may give several classes.
     */
    static boolean upToDate(List<Path> models, Path outDir) throws IOException {
        if (!Files.isDirectory(outDir)) {
            return false;
        }
        Optional<FileTime> oldestOutput;
        try (Stream<Path> files = Files.walk(outDir)) {
            List<Path> outputs = files.filter(f -> f.getFileName().toString().endsWith(".java")).collect(Collectors.toList());
            oldestOutput = Optional.empty();
            for (Path f : outputs) {
                FileTime t = Files.getLastModifiedTime(f);
                if (oldestOutput.isEmpty() || t.compareTo(oldestOutput.get()) < 0) {
                    oldestOutput = Optional.of(t);
                }
            }
        }
        if (oldestOutput.isEmpty()) {
            return false;
        }
        for (Path model : models) {
            if (Files.getLastModifiedTime(model).compareTo(oldestOutput.get()) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String packageOf(Path sourceDir, Path model, String basePackage) {
        Path folder = sourceDir.relativize(model).getParent();
        if (folder == null) {
            return basePackage;
        }
        StringBuilder pkg = new StringBuilder(basePackage);
        for (Path part : folder) {
            pkg.append('.').append(part);
        }
        String derived = pkg.toString();
        if (!JavaNames.isPackage(derived)) {
            throw new IllegalArgumentException("folder " + sourceDir.relativize(model).getParent() + " under "
                    + sourceDir + " does not make a Java package (" + derived + ")");
        }
        return derived;
    }
}
