package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.gen.GeneratedClass;
import dev.aec.compiler.gen.JavaGenerator;
import dev.aec.compiler.gen.JavaNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec gen`: write the Java class of each model of a file, which builds the graph `aec train` builds. */
@Command(name = "gen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Write a Java class per model that builds the graph aec train builds.",
        description = {
            "The class makes the same SameDiff variables, shapes and initial weights,",
            "attaches the train block's training configuration and loads the weights of a",
            "run, so a model trained by aec train can be served from plain Java; it needs",
            "only ND4J.",
            "By default the models the file has train blocks for are generated, else the",
            "models no other model of the file uses. A file with errors is never generated.",
            "Standard output lists the files written, one per line."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec gen models/conv_autoencoder.aemodel",
            "      writes generated/aec/generated/Autoencoder.java",
            "  aec gen models/conv_autoencoder.aemodel -o src/main/java --package com.example",
            "  aec gen models/conv_autoencoder.aemodel --model Encoder -o -",
            "",
            "Exit codes: 0 written, 1 the model has errors (nothing is written), 2 usage",
            "error, an unreadable model file or an existing file aec gen did not write",
            "(see --force), 3 a file cannot be written."})
final class GenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The model file (.aemodel).")
    Path file;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "generated",
            description = "Source folder to write into; each class goes into its package's folders, as javac and "
                    + "Maven expect. `-` prints the source on standard output instead. Default: ${DEFAULT-VALUE}.")
    String out;

    @Option(names = "--package", paramLabel = "PACKAGE", defaultValue = "aec.generated",
            description = "Java package of the classes. Default: ${DEFAULT-VALUE}.")
    String javaPackage;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Generate this model (may be repeated), whether or not it has a train block.")
    List<String> models = new ArrayList<>();

    @Option(names = "--force", description = "Replace existing files that aec gen did not write. Files it wrote "
            + "(they start with `" + GeneratedClass.MARKER + "`) are always replaced.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print errors only: no warnings, no list of files.")
    boolean quiet;

    @Mixin
    DiagnosticOptions diagnosticOptions = new DiagnosticOptions();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!JavaNames.isPackage(javaPackage)) {
            throw new ParameterException(spec.commandLine(), "--package must be a Java package name such as "
                    + "com.example.models, found '" + javaPackage + "'");
        }
        Compiler.Result result;
        try {
            result = ModelFiles.compile(file);
        } catch (IOException e) {
            err.println("aec: error: cannot read " + file + ": " + ModelFiles.reason(e));
            return ExitCode.USAGE;
        }
        DiagnosticPrinter.print(result, err, quiet, false, diagnosticOptions.maxErrors());
        if (!result.ok()) {
            long errors = result.diagnostics().errorCount();
            err.println(result.main().displayPath() + ": " + errors + (errors == 1 ? " error" : " errors")
                    + "; nothing was generated");
            DiagnosticPrinter.printExplainLine(result, err, quiet, diagnosticOptions.maxErrors());
            return ExitCode.MODEL_ERRORS;
        }
        DiagnosticPrinter.printExplainLine(result, err, quiet, diagnosticOptions.maxErrors());
        CheckedProgram program = result.program().orElseThrow();
        List<String> chosen = models.isEmpty() ? JavaGenerator.defaultModels(program, result.main()) : models;
        for (String model : chosen) {
            if (program.model(model).isEmpty()) {
                err.println("aec: error: " + file + " has no model `" + model + "`; its models are "
                        + String.join(", ", program.program().byName().keySet()));
                return ExitCode.USAGE;
            }
        }
        if (chosen.isEmpty()) {
            err.println("aec: error: " + file + " declares no model to generate");
            return ExitCode.USAGE;
        }
        for (String model : chosen) {
            java.util.Optional<String> refusal = JavaGenerator.refusal(program, model, result.main());
            if (refusal.isPresent()) {
                err.println("aec: error: " + refusal.get() + "; nothing was generated");
                return ExitCode.USAGE;
            }
        }
        Map<String, GeneratedClass> classes = new LinkedHashMap<>();
        for (String model : chosen) {
            GeneratedClass generated = JavaGenerator.generate(program, model, result.main(), javaPackage);
            GeneratedClass clash = classes.putIfAbsent(generated.className(), generated);
            if (clash != null && !clash.model().equals(model)) {
                err.println("aec: error: models `" + clash.model() + "` and `" + model + "` would both be class "
                        + generated.className() + "; generate them into different packages");
                return ExitCode.USAGE;
            }
        }
        if (out.equals("-")) {
            classes.values().forEach(c -> stdout.print(c.text()));
            stdout.flush();
            return ExitCode.OK;
        }
        return write(List.copyOf(classes.values()), Path.of(out), stdout, err);
    }

    /** Writes every class, or none when one would replace a file aec gen did not write. */
    private int write(List<GeneratedClass> classes, Path root, PrintWriter stdout, PrintWriter err) {
        boolean refused = false;
        for (GeneratedClass c : classes) {
            Path target = root.resolve(c.relativePath());
            try {
                if (Files.exists(target) && !force && !writtenByGen(target)) {
                    err.println("aec: error: " + target + " exists and was not written by aec gen; "
                            + "use --force to replace it");
                    refused = true;
                }
            } catch (IOException e) {
                err.println("aec: error: cannot read " + target + ": " + ModelFiles.reason(e));
                return ExitCode.ENVIRONMENT;
            }
        }
        if (refused) {
            return ExitCode.USAGE;
        }
        for (GeneratedClass c : classes) {
            Path target = root.resolve(c.relativePath());
            try {
                writeAtomically(target, c.text());
            } catch (IOException e) {
                err.println("aec: error: cannot write " + target + ": " + ModelFiles.reason(e));
                return ExitCode.ENVIRONMENT;
            }
            if (!quiet) {
                stdout.println(target);
            }
        }
        stdout.flush();
        return ExitCode.OK;
    }

    private static boolean writtenByGen(Path target) throws IOException {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(target, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && GeneratedClass.isGenerated(first);
        } catch (CharacterCodingException notText) {
            return false;
        }
    }

    /** An unchanged file is left alone (its date too, for incremental builds); a new one is moved into place whole. */
    private static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        TextFiles.replace(target, text);
    }
}
