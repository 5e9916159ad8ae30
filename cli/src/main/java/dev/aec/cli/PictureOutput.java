package dev.aec.cli;

import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a picture command writes its PNG: `-o` or a default in the run, never over a file without `--force`. */
final class PictureOutput {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the PNG. Default: a file in RUN named after the command and its settings.")
    Path output;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    Path target(Path run, String defaultName) {
        return output != null ? output : run.resolve(defaultName);
    }

    /** Whether to stop because `target` exists; says so on `err`. */
    boolean refuses(Path target, PrintWriter err) {
        return refuses(target, force, err);
    }

    /** Whether to stop because `target` exists and `force` was not given; says so on `err`. */
    static boolean refuses(Path target, boolean force, PrintWriter err) {
        if (Files.exists(target) && !force) {
            err.println("aec: error: " + target + " already exists; use --force to replace it, or -o to choose another file");
            return true;
        }
        return false;
    }

    static void write(Path target, RunDirectory.Writer writer) throws RunException {
        RunDirectory.writeAtomically(target, writer);
    }
}
