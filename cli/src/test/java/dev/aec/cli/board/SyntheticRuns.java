package dev.aec.cli.board;

import dev.aec.runtime.run.EpochPictures;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Run directories as `aec train` leaves them, written from records: the board's tests need no training. */
final class SyntheticRuns {
    static final String SHA = "0".repeat(64);

    private SyntheticRuns() {
    }

    /**
     * A run of `planned` epochs that has finished `losses.length` of them, the i-th with training
     * loss `losses[i]` and validation loss a little above it.
     */
    static Path write(Path dir, String model, String status, int planned, String created, double... losses)
            throws Exception {
        try (RunDirectory run = RunDirectory.create(dir, false)) {
            run.writeRecord(record(model, status, planned, created, epochs(losses), null));
        }
        return dir;
    }

    /** Adds an epoch to the run, as a training process does at an epoch's end: its picture, then run.json. */
    static void addEpoch(Path dir, double loss) throws Exception {
        RunDirectory run = RunDirectory.open(dir);
        RunRecord r = run.readRecord();
        List<RunRecord.Epoch> epochs = new ArrayList<>(r.epochs());
        epochs.add(epoch(epochs.size() + 1, loss));
        picture(dir, epochs.size());
        run.writeRecord(r.with(r.status(), new RunRecord.Position(epochs.size(), 0, 0, 0, 0, 0), epochs, r.testLoss(),
                null, r.wallSeconds() + 1, 0, r.updated() + "+" + epochs.size()));
    }

    /** A small grey picture for an epoch, in `epochs/` as the run writes it. */
    static Path picture(Path dir, int epoch) throws IOException {
        Path file = dir.resolve(EpochPictures.file(epoch));
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(8 * 28, 2 * 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(epoch % 8, 0, 0, 200);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    static RunRecord record(String model, String status, int planned, String created, List<RunRecord.Epoch> epochs,
                            Double testLoss) {
        RunRecord.Settings settings = new RunRecord.Settings("mnist", "0.1", "bce", "mean", "adam", Map.of(), 64,
                planned, true, 42, 3000, null, "5m", null, null, null);
        return new RunRecord("test", model, model + ".aemodel", SHA, "28x28x1", "28x28x1", 4385, settings, status,
                new RunRecord.Position(epochs.size(), 0, 0, 0, 0, 0), epochs, testLoss, null, 1, 0, created, created,
                null, "test inputs against the clean images", null, null, null, null, null);
    }

    static List<RunRecord.Epoch> epochs(double... losses) {
        List<RunRecord.Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            epochs.add(epoch(i + 1, losses[i]));
        }
        return epochs;
    }

    private static RunRecord.Epoch epoch(int n, double loss) {
        return new RunRecord.Epoch(n, loss, loss + 0.01, null, 2.5, 1200, null, null);
    }
}
