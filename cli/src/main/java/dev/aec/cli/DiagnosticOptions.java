package dev.aec.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `--max-errors`, for every command that prints a model's diagnostics: after so many, one line
 * counts the rest, as compilers' `-fmax-errors` does, so a file with ten thousand mistakes prints a
 * screenful and not megabytes.
 */
final class DiagnosticOptions {
    static final int DEFAULT_MAX = 50;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private int maxErrors = DEFAULT_MAX;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "" + DEFAULT_MAX,
            description = "Print at most N errors and warnings of a file in full, then one line counting the "
                    + "rest; 0 prints them all. Default: ${DEFAULT-VALUE}.")
    void setMaxErrors(int n) {
        if (n < 0) {
            throw new ParameterException(mixee.commandLine(), "--max-errors must be at least 0, found " + n);
        }
        maxErrors = n;
    }

    /** Diagnostics printed in full per file; 0 for no limit. */
    int maxErrors() {
        return maxErrors;
    }
}
