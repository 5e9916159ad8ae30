package dev.aec.cli.board;

import dev.aec.runtime.run.RunCatalog;
import dev.aec.runtime.run.RunRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the board's JSON endpoints say about runs: `/api/runs` a line per run, as the table shows
 * it; `/api/runs/NAME` one run with its epochs and pictures. Built from {@link RunCatalog}'s
 * entries, so a damaged run is listed with what is wrong and a run in training with its latest
 * epoch. Losses that are not finite are null, since JSON has no NaN.
 */
final class RunViews {

    private RunViews() {
    }

    /** `/api/runs`: the folder as the user named it, and its runs, oldest first. */
    record Listing(String folder, List<Summary> runs) {
    }

    /**
     * A run as the table shows it. `status` is the record's, except `stopped` for a run that says
     * it is running while no process trains it (killed; `--resume` carries on). `epochs` counts
     * the finished ones, `plannedEpochs` those asked for; `pictures` counts the epochs' pictures,
     * so that a page polling the list sees a new one appear. `problem` says why a damaged run
     * cannot be read, `failure` why a failed or diverged run stopped.
     */
    record Summary(String name, String model, String status, boolean training, int epochs, Integer plannedEpochs,
                   Double bestValidationLoss, Integer bestEpoch, Double lastTrainLoss, Double testLoss,
                   Double testAccuracy, String loss, String created, String updated, int pictures, String problem,
                   String failure) {
    }

    /** One epoch's losses, as the curves plot them. */
    record Point(int epoch, Double trainLoss, Double validationLoss, Double validationAccuracy, Double seconds) {
    }

    /** `/api/runs/NAME`: the run's line, its epochs, the epochs' pictures and the files it serves. */
    record Detail(Summary run, List<Point> epochs, List<RunFiles.Picture> pictures, List<String> files,
                  String input, String output, Long parameters, String evaluation) {
    }

    static Listing listing(String folder, Path root, List<RunCatalog.Entry> entries) {
        List<Summary> runs = new ArrayList<>();
        for (RunCatalog.Entry entry : entries) {
            runs.add(summary(root, entry));
        }
        return new Listing(folder, runs);
    }

    static Detail detail(Path root, RunCatalog.Entry entry) {
        Summary summary = summary(root, entry);
        List<Point> points = new ArrayList<>();
        Optional<RunRecord> record = entry.record();
        if (record.isPresent()) {
            for (RunRecord.Epoch e : record.get().epochs()) {
                points.add(new Point(e.epoch(), finite(e.trainLoss()), finite(e.validationLoss()),
                        finite(e.validationAccuracy()), finite(e.seconds())));
            }
        }
        return new Detail(summary, points, RunFiles.epochPictures(entry), RunFiles.listed(entry),
                record.map(RunRecord::input).orElse(null), record.map(RunRecord::output).orElse(null),
                record.map(RunRecord::parameters).orElse(null), record.map(RunRecord::evaluation).orElse(null));
    }

    /** A run's name in URLs and JSON: its path below the folder, with `/` between the parts on every system. */
    static String name(Path root, RunCatalog.Entry entry) {
        return String.join("/", nameParts(root, entry));
    }

    /** The parts of a run's name, as a request names it segment by segment. */
    static List<String> nameParts(Path root, RunCatalog.Entry entry) {
        Path base = root.toAbsolutePath().normalize();
        Path dir = entry.dir().toAbsolutePath().normalize();
        Path relative = base.relativize(dir);
        List<String> parts = new ArrayList<>();
        if (relative.toString().isEmpty()) {
            parts.add(dir.getFileName().toString());
        } else {
            relative.forEach(p -> parts.add(p.toString()));
        }
        return parts;
    }

    private static Summary summary(Path root, RunCatalog.Entry entry) {
        int pictures = RunFiles.epochPictures(entry).size();
        if (entry.record().isEmpty()) {
            return new Summary(name(root, entry), null, "damaged", false, 0, null, null, null, null, null, null,
                    null, null, null, pictures, entry.problem().orElse("unreadable"), null);
        }
        RunRecord r = entry.record().get();
        Double best = null;
        Integer bestEpoch = null;
        for (RunRecord.Epoch e : r.epochs()) {
            Double v = finite(e.validationLoss());
            if (v != null && (best == null || v < best)) {
                best = v;
                bestEpoch = e.epoch();
            }
        }
        Double last = r.epochs().isEmpty() ? null : finite(r.epochs().get(r.epochs().size() - 1).trainLoss());
        String status = RunRecord.RUNNING.equals(r.status()) && !entry.training() ? "stopped" : r.status();
        return new Summary(name(root, entry), r.model(), status, entry.training(), r.epochs().size(),
                r.settings().epochs(), best, bestEpoch, last, finite(r.testLoss()), finite(r.testAccuracy()),
                r.settings().loss(), r.created(), r.updated(), pictures, null, r.failure());
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
