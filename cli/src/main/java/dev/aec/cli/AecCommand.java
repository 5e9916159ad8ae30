package dev.aec.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The `aec` command and its subcommands. */
@Command(name = "aec",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "A small language and compiler for neural-network models.",
        description = "Describe a model in a .aemodel file; `aec check` tells you whether its shapes fit before any training, `aec train` trains it on MNIST or your own images, tables and arrays, `aec score` finds the samples unlike its training data, `aec gen` turns it into plain Java.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec check models/conv_autoencoder.aemodel",
            "  aec fmt models/*.aemodel",
            "  aec explain E0302      # what an error code means, with an example",
            "  aec train models/conv_autoencoder.aemodel",
            "  aec runs",
            "  aec gen models/conv_autoencoder.aemodel -o src/main/java --package com.example.models",
            "  aec score runs/Autoencoder-20261124-101500 new-images/ -o scores.csv",
            "  aec board runs",
            "  aec lsp                # for editors: errors and shapes as you type",
            "",
            "Exit codes: 0 ok, 1 the model has errors, 2 usage or unreadable input,",
            "3 data, disk or environment problems (or a run directory edited or damaged), 4 internal error,",
            "5 training diverged, 6 training aborted by a third signal, 130 and 143 training stopped by",
            "SIGINT or SIGTERM with a checkpoint saved (or, while the data loaded, with nothing written).",
            "",
            "Environment:",
            "  AEC_MAX_MEMORY=SIZE  The memory aec may use, as --max-memory (e.g. 12g).",
            "                       Default: 90%% of the machine's memory, or of its",
            "                       control group's limit when that is lower.",
            "  AEC_DATA=DIR         Where the datasets are, as --data for every run.",
            "  XDG_CACHE_HOME=DIR   Where downloads and decoded samples are cached.",
            "                       Default: ~/.cache (aec/datasets, aec/samples).",
            "  AEC_SAMPLE_CACHE_MAX=SIZE",
            "                       The most space decoded samples may take (e.g. 50g);",
            "                       the least recently used go first. Default: 20g.",
            "  AEC_CONNECT_TIMEOUT, AEC_READ_TIMEOUT, AEC_NPM_TIMEOUT",
            "                       How long a dataset download waits to connect",
            "                       (default 5s), for data (30s) and for npm (5m).",
            "  AEC_JAVA_OPTS        Options for Java. Default: -Xmx384m",
            "                       -XX:TieredStopAtLevel=1; more -Xmx for models",
            "                       with over 100 MB of weights (`aec check` says)."})
final class AecCommand implements Callable<Integer> {
    /** The subcommands, in the order `aec --help` lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(CheckCommand.class, FmtCommand.class, ExplainCommand.class,
            TrainCommand.class,
            RunsCommand.class, CompareCommand.class, EvalCommand.class,
            ReconstructCommand.class, GenCommand.class, SampleCommand.class, InterpolateCommand.class,
            LatentCommand.class, DenoiseCommand.class, EncodeCommand.class, ScoreCommand.class, ExportCommand.class,
            BoardCommand.class, LspCommand.class);

    @Spec
    CommandSpec spec;

    /**
     * Parsed before any command runs, hence before ND4J loads and reads the limit; every command
     * takes it (`aec train --max-memory 12g ...` as well as `aec --max-memory 12g train ...`).
     */
    @Option(names = MemoryLimit.FLAG, paramLabel = "SIZE", scope = ScopeType.INHERIT,
            description = "The memory aec may use in all (native arrays and the Java heap), e.g. 12g or 800m. "
                    + "Default: $AEC_MAX_MEMORY, else 90%% of the machine's memory (or of its control group's limit).")
    void maxMemory(String size) {
        MemoryLimit limit;
        try {
            limit = MemoryLimit.fromFlag(size);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        limit.apply(System.getProperties(), Runtime.getRuntime().maxMemory());
    }

    /**
     * The command line that runs {@code args}: `aec` with only the subcommand they name, none for
     * `aec --version`, and every subcommand when they name none (`aec --help`, a misspelt command)
     * so that help and "did you mean" still see them all. Picocli reads a subcommand's annotations,
     * and loads the classes its fields and methods name, when the subcommand is added: all of them
     * cost `aec check` more than checking the model does.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new AecCommand());
        List<Class<?>> wanted = commandWord(args).flatMap(AecCommand::subcommand).<List<Class<?>>>map(List::of)
                .orElse(args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))
                        ? List.of() : SUBCOMMANDS);
        for (Class<?> subcommand : wanted) {
            cli.addSubcommand(subcommand);
        }
        return cli;
    }

    /** The first argument that is neither one of `aec`'s own options nor an option's value. */
    static Optional<String> commandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(MemoryLimit.FLAG)) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return Optional.of(args[i]);
            }
        }
        return Optional.empty();
    }

    private static Optional<Class<?>> subcommand(String name) {
        return SUBCOMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(name)).findFirst();
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("aec: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
