package dev.aec.cli;

import dev.aec.runtime.run.RunCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec runs`: a table of the runs under a folder, where each stands and what it measured. */
@Command(name = "runs",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "List the training runs under a folder, one row each.",
        description = {"Each run directory within two levels of DIR (`runs/NAME` as `aec train` makes them, or "
                + "`runs/experiment/NAME`) is one row: its model and data, epochs done of those planned, the best "
                + "validation loss with its epoch, the last epoch's training loss, the test loss, samples per second "
                + "over its epochs, and its status: finished, training (a process holds its lock), interrupted, "
                + "stopped (killed without a word; `aec train --resume` carries on), failed or diverged.",
            "Runs are read without their locks, so a run that trains is listed with its latest epoch. A run whose "
                + "run.json cannot be read is listed as damaged, with the problem below the table."},
        footerHeading = "%nExamples:%n",
        footer = {"  aec runs",
            "  aec runs experiments/lr-sweep",
            "  aec runs --format json | jq '.runs[] | select(.status == \"finished\") | .name'",
            "",
            "Exit codes: 0 listed (also when there are none), 2 DIR is not a folder,",
            "3 a run is damaged (the table lists it) or DIR cannot be read."})
final class RunsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = "runs",
            description = "The folder to list, or one run directory. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table) or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("json")) {
            err.println("aec: unknown format '" + format + "' (expected text or json)");
            return ExitCode.USAGE;
        }
        if (!Files.isDirectory(dir)) {
            err.println("aec: error: " + (Files.exists(dir) ? dir + " is not a folder"
                    : "no folder " + dir + (dir.toString().equals("runs")
                            ? " here; `aec train FILE` makes its runs there, or name another folder: aec runs DIR"
                            : "")));
            return ExitCode.USAGE;
        }
        List<RunCatalog.Entry> entries;
        try {
            entries = RunCatalog.list(dir);
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("aec: error: cannot read " + dir + ": " + reason(e));
            return ExitCode.ENVIRONMENT;
        }
        List<RunTable.Row> rows = new ArrayList<>();
        for (RunCatalog.Entry entry : entries) {
            rows.add(new RunTable.Row(entry.name(dir), entry));
        }
        if (format.equals("json")) {
            out.print(RunTable.json(dir.toString(), rows));
            out.println();
        } else if (rows.isEmpty()) {
            err.println("aec: no runs in " + dir + " (a run is a folder with a run.json, as `aec train` leaves it)");
        } else {
            out.print(RunTable.render(rows));
            String notes = RunTable.notes(rows);
            if (!notes.isEmpty()) {
                out.println();
                out.print(notes);
            }
        }
        out.flush();
        boolean damaged = entries.stream().anyMatch(e -> e.problem().isPresent());
        return damaged ? ExitCode.ENVIRONMENT : ExitCode.OK;
    }

    /** The system's words for a failed walk (permission denied), without Java's exception names. */
    static String reason(Exception e) {
        Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied (" + denied.getFile() + ")";
        }
        if (cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + " (" + fs.getFile() + ")";
        }
        return cause.getMessage() == null ? "unreadable" : cause.getMessage();
    }
}
