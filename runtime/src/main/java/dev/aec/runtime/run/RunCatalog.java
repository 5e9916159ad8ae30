package dev.aec.runtime.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runs under a folder, for `aec runs`, `aec compare` and `aec board`: the folder itself when it
 * is a run, else every directory within two levels of it that holds a `run.json` (`runs/NAME` as
 * `aec train` makes them, or `experiments/A/NAME`). Runs are read as any reader reads them, without
 * the lock, so a run that is training is listed with its latest epoch. A damaged run is listed with
 * what is wrong, never skipped in silence; symbolic links are not followed, so nothing outside the
 * folder is read.
 */
public final class RunCatalog {
    /** How deep below the folder runs are looked for. */
    static final int DEPTH = 2;

    /** One run: its record, or why it could not be read. `training` when a live process holds its lock. */
    public record Entry(Path dir, Optional<RunRecord> record, Optional<String> problem, boolean training) {
        /** The run's name: its path relative to the folder listed, or its own name when it is that folder. */
        public String name(Path root) {
            Path relative = root.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize());
            return relative.toString().isEmpty() ? dir.toAbsolutePath().normalize().getFileName().toString()
                    : relative.toString();
        }
    }

    private RunCatalog() {
    }

    /** Whether `dir` is a run directory: it holds a `run.json`. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.RECORD), LinkOption.NOFOLLOW_LINKS);
    }

    /** The runs under `root`, oldest first (by when each was created, then by name). */
    public static List<Entry> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder");
        }
        List<Path> dirs = new ArrayList<>();
        if (isRun(root)) {
            dirs.add(root);
        } else {
            try (Stream<Path> walk = Files.walk(root, DEPTH)) {
                walk.filter(p -> !p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(RunCatalog::isRun).forEach(dirs::add);
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (Path dir : dirs) {
            entries.add(read(dir));
        }
        entries.sort(Comparator.comparing((Entry e) -> e.record().map(RunRecord::created).orElse(""))
                .thenComparing(e -> e.dir().toString()));
        return entries;
    }

    /** One run directory, read without its lock. */
    public static Entry read(Path dir) {
        try {
            RunDirectory run = RunDirectory.open(dir);
            RunRecord record = run.readRecord();
            boolean training = RunRecord.RUNNING.equals(record.status()) && run.trainer().isPresent();
            return new Entry(dir, Optional.of(record), Optional.empty(), training);
        } catch (RunException e) {
            return new Entry(dir, Optional.empty(), Optional.of(e.getMessage()), false);
        }
    }
}
