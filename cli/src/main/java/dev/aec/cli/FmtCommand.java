package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Refusal;
import dev.aec.compiler.format.Formatter;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec fmt`: lay model files out in the one canonical layout, in place or on standard output. */
@Command(name = "fmt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Lay model files out in the one canonical layout.",
        description = "Rewrites each file in place with two spaces of indent, one layer, statement or train "
                + "entry per line, one blank line between declarations and the comments that end lines in one "
                + "column. Only spaces and line breaks change; every comment is kept. A file already laid out "
                + "is not touched. A file that does not parse is left as it is and its errors are printed as "
                + "`aec check` prints them.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec fmt models/conv_autoencoder.aemodel",
            "  aec fmt --check models/*.aemodel     # in CI: lists what would change",
            "  aec fmt --stdout model.aemodel | diff model.aemodel -",
            "  aec fmt - < model.aemodel            # standard input to output",
            "",
            "Exit codes: 0 ok (with --check: every file already laid out),",
            "1 a file does not parse (with --check: or would change), 2 usage error",
            "or a file that cannot be read, 3 a file that cannot be written."})
final class FmtCommand implements Callable<Integer> {
    /** The file name that stands for standard input. */
    static final String STDIN = "-";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Model files (.aemodel) to format; `-` reads standard input and prints the result.")
    List<String> files = new ArrayList<>();

    @Option(names = "--check",
            description = "Write nothing: list the files that would change, and exit with 1 when there are any.")
    boolean check;

    @Option(names = "--stdout", description = "Print the laid-out text instead of rewriting the files.")
    boolean stdout;

    @Mixin
    DiagnosticOptions diagnosticOptions = new DiagnosticOptions();

    /** The codes of the diagnostics printed, named once after every file as `aec check` names them. */
    private final List<Code> shown = new ArrayList<>();

    /** What became of one file. */
    private enum Outcome {
        UNCHANGED,
        CHANGED,
        NOT_PARSED,
        UNREADABLE,
        UNWRITABLE
    }

    @Override
    public Integer call() {
        if (check && stdout) {
            throw new ParameterException(spec.commandLine(), "--check and --stdout cannot be used together");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (String file : files) {
            outcomes.add(file.equals(STDIN) ? formatStdin() : formatFile(Path.of(file), file));
            spec.commandLine().getOut().flush();
        }
        DiagnosticRenderer.explainLine(shown).ifPresent(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        if (outcomes.contains(Outcome.UNWRITABLE)) {
            return ExitCode.ENVIRONMENT;
        }
        if (outcomes.contains(Outcome.UNREADABLE)) {
            return ExitCode.USAGE;
        }
        return outcomes.contains(Outcome.NOT_PARSED) || (check && outcomes.contains(Outcome.CHANGED))
                ? ExitCode.MODEL_ERRORS : ExitCode.OK;
    }

    private Outcome formatStdin() {
        byte[] bytes;
        try {
            InputStream in = System.in;
            bytes = in.readNBytes(SourceText.MAX_BYTES + 1);
        } catch (IOException e) {
            spec.commandLine().getErr().println("aec: error: cannot read standard input: " + ModelFiles.reason(e));
            return Outcome.UNREADABLE;
        }
        Optional<Layout> layout = layout(bytes, "<stdin>");
        if (layout.isEmpty()) {
            return Outcome.NOT_PARSED;
        }
        boolean changed = !layout.get().formatted().equals(layout.get().text());
        if (check) {
            if (changed) {
                spec.commandLine().getOut().println(STDIN);
            }
        } else {
            spec.commandLine().getOut().print(layout.get().formatted());
        }
        return changed ? Outcome.CHANGED : Outcome.UNCHANGED;
    }

    private Outcome formatFile(Path file, String asGiven) {
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new IOException(file + " is a directory");
            }
            bytes = SourceText.read(file);
        } catch (IOException e) {
            err.println("aec: error: cannot read " + asGiven + ": " + ModelFiles.reason(e));
            return Outcome.UNREADABLE;
        }
        Optional<Layout> layout = layout(bytes, Compiler.display(file));
        if (layout.isEmpty()) {
            return Outcome.NOT_PARSED;
        }
        String formatted = layout.get().formatted();
        boolean changed = !formatted.equals(layout.get().text());
        if (stdout) {
            spec.commandLine().getOut().print(formatted);
        } else if (check) {
            if (changed) {
                spec.commandLine().getOut().println(asGiven);
            }
        } else if (changed) {
            try {
                // A link keeps pointing at the file it names: the file itself is replaced.
                TextFiles.replace(file.toRealPath(), formatted);
            } catch (IOException e) {
                err.println("aec: error: cannot write " + asGiven + ": " + ModelFiles.reason(e));
                return Outcome.UNWRITABLE;
            }
        }
        return changed ? Outcome.CHANGED : Outcome.UNCHANGED;
    }

    /** A file's text and its layout. */
    private record Layout(String text, String formatted) {
    }

    /** The text laid out, or empty after printing why the bytes are not a model that parses. */
    private Optional<Layout> layout(byte[] bytes, String displayPath) {
        Diagnostics diagnostics = new Diagnostics();
        SourceText.Decoded decoded = SourceText.decode(bytes, displayPath);
        SourceFile source;
        Optional<String> formatted;
        if (decoded instanceof SourceText.Refused refused) {
            source = refused.span().file();
            Refusal.of(refused).report(diagnostics);
            formatted = Optional.empty();
        } else {
            source = new SourceFile(displayPath, ((SourceText.Text) decoded).text());
            formatted = Formatter.format(source, diagnostics);
        }
        if (formatted.isEmpty()) {
            Compiler.Result result = new Compiler.Result(source, Optional.empty(), diagnostics);
            PrintWriter err = spec.commandLine().getErr();
            DiagnosticPrinter.print(result, err, false, false, diagnosticOptions.maxErrors());
            shown.addAll(DiagnosticPrinter.shownCodes(result, false, diagnosticOptions.maxErrors()));
            err.println(CheckCommand.countLine(result));
            err.flush();
            return Optional.empty();
        }
        return Optional.of(new Layout(source.text(), formatted.get()));
    }
}
