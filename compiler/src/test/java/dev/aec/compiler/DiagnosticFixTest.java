package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Fix;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fixes the diagnostics of the golden cases offer: applying one to its file makes the diagnostic
 * it belongs to go away, and every "did you mean" help comes with the fix that writes the name.
 */
class DiagnosticFixTest {
    private static final Path CASES = TestPaths.testResources().resolve("diagnostics");

    /** One fix of one diagnostic of a case, all of whose edits are in the case's own file. */
    record Fixable(Path file, SourceFile source, Diagnostic diagnostic, Fix fix) {
        @Override
        public String toString() {
            return file.getFileName() + ": " + diagnostic.code() + " " + fix.title();
        }
    }

    static List<Fixable> fixables() {
        List<Fixable> fixables = new ArrayList<>();
        for (Path file : cases()) {
            Optional<SourceFile> source = read(file);
            if (source.isEmpty()) {
                continue;
            }
            for (Diagnostic d : compile(file, source.get())) {
                for (Fix fix : d.fixes()) {
                    if (fix.edits().stream().allMatch(e -> e.span().file() == source.get())) {
                        fixables.add(new Fixable(file, source.get(), d, fix));
                    }
                }
            }
        }
        return fixables;
    }

    static Stream<Arguments> everyFix() {
        return fixables().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFix")
    void applyingTheFixRemovesItsDiagnostic(Fixable fixable) {
        String fixed = fixable.fix().applyTo(fixable.source().text());
        assertThat(fixed).isNotEqualTo(fixable.source().text());
        List<Diagnostic> before = compile(fixable.file(), fixable.source());
        List<Diagnostic> after = compile(fixable.file(), new SourceFile(fixable.source().displayPath(), fixed));
        assertThat(count(after, fixable.diagnostic())).as("diagnostics like this one after the fix, in:\n" + fixed)
                .isEqualTo(count(before, fixable.diagnostic()) - 1);
    }

    @Test
    void theGoldenCasesOfferFixesOfEveryKind() {
        List<Fixable> fixables = fixables();
        assertThat(fixables).hasSizeGreaterThanOrEqualTo(25);
        assertThat(fixables).extracting(f -> f.fix().title()).anyMatch(t -> t.startsWith("change to `"))
                .anyMatch(t -> t.startsWith("add `flatten` before"))
                .anyMatch(t -> t.contains("at the end of `"))
                .anyMatch(t -> t.startsWith("declare `"));
    }

    @Test
    void everyDidYouMeanComesWithTheFixThatWritesTheName() {
        int suggestions = 0;
        for (Path file : cases()) {
            Optional<SourceFile> source = read(file);
            if (source.isEmpty()) {
                continue;
            }
            for (Diagnostic d : compile(file, source.get())) {
                for (String help : d.helps()) {
                    if (help.startsWith("did you mean `")) {
                        String name = help.substring("did you mean `".length(), help.length() - "`?".length());
                        assertThat(d.fixes()).as(file.getFileName() + ": " + help)
                                .anySatisfy(fix -> assertThat(fix.edits()).singleElement()
                                        .satisfies(edit -> assertThat(edit.replacement()).isEqualTo(name)));
                        suggestions++;
                    }
                }
            }
        }
        assertThat(suggestions).isGreaterThanOrEqualTo(15);
    }

    private static long count(List<Diagnostic> diagnostics, Diagnostic like) {
        return diagnostics.stream()
                .filter(d -> d.code() == like.code() && d.message().equals(like.message()))
                .count();
    }

    private static List<Path> cases() {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<SourceFile> read(Path file) {
        try {
            return SourceText.decode(Files.readAllBytes(file), file.getFileName().toString())
                    instanceof SourceText.Text text
                    ? Optional.of(new SourceFile(file.getFileName().toString(), text.text())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Diagnostic> compile(Path file, SourceFile source) {
        return Compiler.compile(source, file.getParent(), Optional.of(file.toAbsolutePath())).diagnostics().sorted();
    }
}
