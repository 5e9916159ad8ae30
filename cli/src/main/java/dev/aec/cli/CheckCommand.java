package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.model.TrainSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec check`: parse and shape-check model files, print each model's layer table. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Check model files: names, arguments and the shape of every value.",
        description = "Prints a table per model (layer, output shape, parameters, as Keras's model.summary()) on standard output, and every error of every file on standard error.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec check models/conv_autoencoder.aemodel",
            "  aec check --format short models/*.aemodel     # one line per problem, for editors",
            "  aec check --format json models/dense_autoencoder.aemodel",
            "  aec check --max-errors 0 big.aemodel               # every error, not the first 50",
            "",
            "Exit codes: 0 no errors (warnings allowed), 1 a model has errors,",
            "2 usage error or a file that cannot be read."})
final class CheckCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        TEXT,
        SHORT,
        JSON;

        static Format parse(String value) {
            return switch (value) {
                case "text" -> TEXT;
                case "short" -> SHORT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException(
                        "unknown format '" + value + "' (expected text, short or json)");
            };
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Model files (.aemodel) to check.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            description = "text (tables and annotated errors), short (one line per problem) or json. "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format = Format.TEXT;

    @Option(names = {"-v", "--verbose"}, description = "Also print timing of each stage.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print errors only: no tables, no warnings.")
    boolean quiet;

    @Mixin
    DiagnosticOptions diagnosticOptions = new DiagnosticOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean modelErrors = false;
        boolean ioErrors = false;
        List<CheckJson.FileReport> reports = new ArrayList<>();
        // Named once, after every file: the codes `aec explain` tells more about.
        List<Code> shown = new ArrayList<>();
        for (Path file : files) {
            long start = System.nanoTime();
            Compiler.Result result;
            try {
                result = ModelFiles.compile(file, dev.aec.runtime.data.source.Sources::probe);
            } catch (IOException e) {
                err.println("aec: error: cannot read " + file + ": " + ModelFiles.reason(e));
                ioErrors = true;
                continue;
            }
            long micros = (System.nanoTime() - start) / 1000;
            modelErrors |= !result.ok();
            if (format == Format.JSON) {
                reports.add(CheckJson.report(result, diagnosticOptions.maxErrors()));
                continue;
            }
            DiagnosticPrinter.print(result, err, quiet, format == Format.SHORT, diagnosticOptions.maxErrors());
            if (format == Format.TEXT) {
                shown.addAll(DiagnosticPrinter.shownCodes(result, quiet, diagnosticOptions.maxErrors()));
            }
            if (result.ok() && format == Format.TEXT && !quiet) {
                out.print(SummaryTable.render(result));
            }
            if (result.ok() && !quiet) {
                memoryWarnings(result).forEach(w -> err.println("aec: warning: " + w));
            }
            if (result.diagnostics().errorCount() + result.diagnostics().warningCount() > 0 && format == Format.TEXT) {
                err.println(countLine(result));
            }
            if (verbose) {
                err.printf("aec: checked %s in %.1f ms%n", file, micros / 1000.0);
            }
            out.flush();
            err.flush();
        }
        if (format == Format.JSON) {
            out.println(CheckJson.render(reports));
        }
        DiagnosticRenderer.explainLine(shown).ifPresent(err::println);
        err.flush();
        if (ioErrors) {
            return ExitCode.USAGE;
        }
        return modelErrors ? ExitCode.MODEL_ERRORS : ExitCode.OK;
    }

    /** Train blocks of the file that will likely run out of memory (or fail to save) here. */
    static List<String> memoryWarnings(Compiler.Result result) {
        List<String> warnings = new ArrayList<>();
        CheckedProgram program = result.program().orElseThrow();
        MemoryLimit limit = MemoryLimit.inForce();
        MachineMemory machine = MachineMemory.read();
        for (TrainSpec train : program.trains()) {
            if (train.span().file() == result.main()) {
                warnings.addAll(MemoryBudget.warnings(train.model(), SummaryTable.memory(train, program), limit, machine));
            }
        }
        return warnings;
    }

    /** "file: 2 errors, 1 warning", the line that ends a file's diagnostics. */
    static String countLine(Compiler.Result result) {
        long errors = result.diagnostics().errorCount();
        long warnings = result.diagnostics().warningCount();
        List<String> parts = new ArrayList<>();
        if (errors > 0) {
            parts.add(errors + (errors == 1 ? " error" : " errors"));
        }
        if (warnings > 0) {
            parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        return result.main().displayPath() + ": " + String.join(", ", parts);
    }

    /** Reads `--format` values in lower case. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
