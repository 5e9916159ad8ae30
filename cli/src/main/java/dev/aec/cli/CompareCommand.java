package dev.aec.cli;

import dev.aec.runtime.picture.LossChart;
import dev.aec.runtime.run.LossCurves;
import dev.aec.runtime.run.RunCatalog;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec compare`: several runs' loss curves in one picture, and the table of those runs. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Draw the loss curves of several runs in one picture.",
        description = {"Draws each run's validation loss per epoch, one line a run labelled with its name and its "
                + "best epoch a larger dot; when a run has no validation loss, every run's training loss instead, "
                + "so that one axis holds one kind of loss (its label says which). The axis is logarithmic when "
                + "the losses span more than a decade. Then prints the table `aec runs` prints, of these runs.",
            "A run that trains is drawn as far as it has come; a run without a finished epoch is listed but has "
                + "no line."},
        footerHeading = "%nExamples:%n",
        footer = {"  aec compare runs/dense-quick runs/conv-quick",
            "  aec compare runs/lr-* -o lr-sweep.png --force",
            "",
            "Exit codes: 0 drawn, 2 usage (FILE exists, a RUN is not a run directory,",
            "or no run has a finished epoch), 3 a run is damaged or FILE cannot be written."})
final class CompareCommand implements Callable<Integer> {
    static final String DEFAULT_OUTPUT = "compare.png";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories written by `aec train`.")
    List<Path> runs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = DEFAULT_OUTPUT,
            description = "Where to write the PNG. Default: ${DEFAULT-VALUE} in the current folder.")
    Path output;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (PictureOutput.refuses(output, force, err)) {
                return ExitCode.USAGE;
            }
            List<RunTable.Row> rows = read(distinct(runs));
            List<LossCurves.Named> drawn = new ArrayList<>();
            for (RunTable.Row row : rows) {
                RunRecord record = row.record().orElseThrow();
                if (record.epochs().isEmpty()) {
                    err.println("aec: note: " + row.name() + " has no finished epoch yet, so it has no line");
                } else {
                    drawn.add(new LossCurves.Named(row.name(), record));
                }
            }
            if (drawn.isEmpty()) {
                err.println("aec: error: none of the runs has a finished epoch to draw");
                return ExitCode.USAGE;
            }
            LossChart.Drawn chart = LossCurves.comparison(drawn);
            PictureOutput.write(output, o -> LossChart.writePng(chart, o));
            out.print(RunTable.render(rows));
            String notes = RunTable.notes(rows);
            if (!notes.isEmpty()) {
                out.println();
                out.print(notes);
            }
            out.println(output);
            return ExitCode.OK;
        } catch (RunException e) {
            return RunDataOptions.report(e, err);
        }
    }

    /** The runs as given, each once. */
    private static List<Path> distinct(List<Path> given) {
        Map<Path, Path> byPlace = new LinkedHashMap<>();
        for (Path p : given) {
            byPlace.putIfAbsent(p.toAbsolutePath().normalize(), p);
        }
        return new ArrayList<>(byPlace.values());
    }

    /**
     * Each run's record, verified as every command verifies it; a run is named by its folder's
     * name, or by the path given where two folders share a name.
     */
    private static List<RunTable.Row> read(List<Path> dirs) throws RunException {
        Set<String> seen = new HashSet<>();
        Set<String> shared = new HashSet<>();
        for (Path dir : dirs) {
            String name = folderName(dir);
            if (!seen.add(name)) {
                shared.add(name);
            }
        }
        List<RunTable.Row> rows = new ArrayList<>();
        for (Path dir : dirs) {
            if (java.nio.file.Files.isDirectory(dir) && !RunCatalog.isRun(dir) && holdsRuns(dir)) {
                throw new RunException(RunException.Kind.NOT_A_RUN, dir + " is a folder of runs, not a run; name "
                        + "the runs to compare, e.g. `aec compare " + dir + "/*`");
            }
            // Throws what a missing or damaged run is, in the words and with the kind every command uses.
            RunDirectory.open(dir).readRecord();
            RunCatalog.Entry entry = RunCatalog.read(dir);
            if (entry.problem().isPresent()) {
                throw new RunException(RunException.Kind.DAMAGED, entry.problem().get());
            }
            String name = folderName(dir);
            rows.add(new RunTable.Row(shared.contains(name) ? dir.normalize().toString() : name, entry));
        }
        return rows;
    }

    private static boolean holdsRuns(Path dir) {
        try {
            return !RunCatalog.list(dir).isEmpty();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static String folderName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }
}
