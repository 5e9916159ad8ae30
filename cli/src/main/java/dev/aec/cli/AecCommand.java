package dev.aec.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The `aec` command and its subcommands. */
@Command(name = "aec",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "A small language and compiler for neural-network models.",
        description = "Describe a model in a .aemodel file; `aec check` tells you whether its shapes fit before any training, `aec train` trains it on MNIST, `aec gen` turns it into plain Java.",
        subcommands = {CheckCommand.class, TrainCommand.class, EvalCommand.class, ReconstructCommand.class,
            GenCommand.class, SampleCommand.class, InterpolateCommand.class, LatentCommand.class,
            DenoiseCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec check models/conv_autoencoder.aemodel",
            "  aec train models/conv_autoencoder.aemodel",
            "  aec gen models/conv_autoencoder.aemodel -o src/main/java --package com.example.models",
            "",
            "Exit codes: 0 ok, 1 the model has errors, 2 usage or unreadable input,",
            "3 data, disk or environment problems (or a run directory edited or damaged), 4 internal error,",
            "5 training diverged, 6 training aborted by a third signal, 130 and 143 training stopped by",
            "SIGINT or SIGTERM with a checkpoint saved."})
final class AecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("aec: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
