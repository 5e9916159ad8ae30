package dev.aec.runtime.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training run on disk: the model source it was trained from, `run.json`, the SameDiff model
 * with its weights, the optimizer state, the metrics and the pictures. Every file is written to a
 * temporary name and moved into place, so an interrupted write never leaves a damaged file, and
 * `run.json` is written last, so it never points at a checkpoint that is not there.
 */
public final class RunDirectory {
    public static final String RECORD = "run.json";
    public static final String SOURCE = "model.aemodel";
    public static final String MODEL = "model.sd";
    public static final String OPTIMIZER = "optimizer.bin";
    public static final String METRICS = "metrics.csv";
    public static final String PICTURE = "reconstructions.png";
    /** A classifier's picture in place of reconstructions: test digits by predicted class. */
    public static final String PREDICTIONS = "predictions.png";
    private static final String OPTIMIZER_MAGIC = "aec-optimizer-state-1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /**
     * A new run directory. An existing directory is never reused without `force`, and even with
     * `force` only a directory that holds an aec run is emptied: `--force` never deletes other data.
     */
    public static RunDirectory create(Path dir, boolean force) throws RunException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new RunException(RunException.Kind.EXISTS, dir + " exists and is not a directory");
            }
            boolean empty = isEmpty(dir);
            if (!empty && !force) {
                throw new RunException(RunException.Kind.EXISTS, "run directory " + dir
                        + " already exists; choose another with --out, or replace it with --force");
            }
            if (!empty && !Files.exists(dir.resolve(RECORD))) {
                throw new RunException(RunException.Kind.NOT_A_RUN, dir
                        + " is not an aec run directory (no run.json); --force only replaces runs");
            }
            if (!empty) {
                deleteRunFiles(dir);
            }
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot write to " + dir + ": " + reason(e), e);
        }
        return new RunDirectory(dir);
    }

    /** An existing run, for `--resume`, `eval` and `reconstruct`. */
    public static RunDirectory open(Path dir) throws RunException {
        if (!Files.isDirectory(dir)) {
            throw new RunException(RunException.Kind.NOT_A_RUN, "no run directory " + dir);
        }
        if (!Files.isRegularFile(dir.resolve(RECORD)) || !Files.isRegularFile(dir.resolve(SOURCE))) {
            throw new RunException(RunException.Kind.NOT_A_RUN, dir + " is not an aec run directory (no "
                    + RECORD + " or " + SOURCE + ")");
        }
        return new RunDirectory(dir);
    }

    public RunRecord readRecord() throws RunException {
        try {
            return JSON.readValue(dir.resolve(RECORD).toFile(), RunRecord.class);
        } catch (IOException e) {
            throw new RunException(RunException.Kind.NOT_A_RUN, dir.resolve(RECORD) + " is damaged: "
                    + reason(e), e);
        }
    }

    public void writeRecord(RunRecord record) throws RunException {
        write(RECORD, out -> JSON.writeValue(out, record));
    }

    public void writeSource(String text) throws RunException {
        write(SOURCE, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public String readSource() throws RunException {
        try {
            return Files.readString(dir.resolve(SOURCE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunException(RunException.Kind.NOT_A_RUN, "cannot read " + dir.resolve(SOURCE) + ": "
                    + reason(e), e);
        }
    }

    /** Saves the graph with its weights in SameDiff's own format, with its optimizer state if asked. */
    public void writeModel(SameDiff sameDiff, boolean withTrainingState) throws RunException {
        write(MODEL, out -> sameDiff.save(out, withTrainingState));
    }

    public SameDiff readModel() throws RunException {
        Path file = dir.resolve(MODEL);
        if (!Files.isRegularFile(file)) {
            throw new RunException(RunException.Kind.NOT_A_RUN, "no trained model in " + dir + " (" + MODEL
                    + " is missing)");
        }
        try {
            return SameDiff.load(file.toFile(), true);
        } catch (RuntimeException e) {
            throw new RunException(RunException.Kind.NOT_A_RUN, file + " is damaged: " + e.getMessage(), e);
        }
    }

    public void writeOptimizerState(Map<String, INDArray> state) throws RunException {
        write(OPTIMIZER, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(OPTIMIZER_MAGIC);
            out.writeInt(state.size());
            for (Map.Entry<String, INDArray> e : state.entrySet()) {
                out.writeUTF(e.getKey());
                Nd4j.write(e.getValue(), out);
            }
            out.flush();
        });
    }

    public Map<String, INDArray> readOptimizerState() throws RunException {
        Path file = dir.resolve(OPTIMIZER);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!OPTIMIZER_MAGIC.equals(in.readUTF())) {
                throw new IOException("not an optimizer state file");
            }
            int n = in.readInt();
            Map<String, INDArray> state = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                state.put(in.readUTF(), Nd4j.read(in));
            }
            return state;
        } catch (IOException | RuntimeException e) {
            throw new RunException(RunException.Kind.NOT_A_RUN, file + " is damaged: " + reason(e), e);
        }
    }

    public void writeMetrics(RunRecord record) throws RunException {
        // A model with a gaussian layer also gets the validation loss's reconstruction and KL parts.
        boolean parts = record.epochs().stream().anyMatch(e -> e.validationParts() != null);
        StringBuilder csv = new StringBuilder("epoch,train_loss,validation_loss,"
                + (parts ? "validation_reconstruction,validation_kl," : "")
                + "seconds,samples_per_second,validation_accuracy\n");
        for (RunRecord.Epoch e : record.epochs()) {
            String split = !parts ? "" : e.validationParts() == null ? ",," : String.format(Locale.ROOT, "%.6f,%.6f,",
                    e.validationParts().reconstruction(), e.validationParts().kl());
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%s,%s%.3f,%.1f,%s%n", e.epoch(), e.trainLoss(),
                    e.validationLoss() == null ? "" : String.format(Locale.ROOT, "%.6f", e.validationLoss()),
                    split, e.seconds(), e.samplesPerSecond(),
                    e.validationAccuracy() == null ? "" : String.format(Locale.ROOT, "%.4f", e.validationAccuracy())));
        }
        write(METRICS, out -> out.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes through a temporary file in the same directory, then moves it into place. */
    public void write(String name, Writer writer) throws RunException {
        writeAtomically(dir.resolve(name), writer);
    }

    /** Writes `target` through a hidden temporary file beside it, so it is never seen half-written. */
    public static void writeAtomically(Path target, Writer writer) throws RunException {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The temporary file is hidden and replaced by the next write.
            }
            throw new RunException(RunException.Kind.IO, "cannot write " + target + ": " + reason(e), e);
        }
    }

    /** Writes one file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public InputStream open(String name) throws IOException {
        return Files.newInputStream(dir.resolve(name));
    }

    private static boolean isEmpty(Path dir) throws RunException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot read " + dir + ": " + reason(e), e);
        }
    }

    /** Removes the files a run writes, and nothing else. */
    private static void deleteRunFiles(Path dir) throws RunException {
        try {
            for (String name : new String[] {RECORD, SOURCE, MODEL, OPTIMIZER, METRICS, PICTURE, PREDICTIONS}) {
                Files.deleteIfExists(dir.resolve(name));
            }
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot replace " + dir + ": " + reason(e), e);
        }
    }

    static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
