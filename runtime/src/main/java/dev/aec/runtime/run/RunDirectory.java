package dev.aec.runtime.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aec.runtime.data.Sha256;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training run on disk: the model sources it was trained from, `run.json`, the SameDiff model
 * with its weights, the optimizer state, the metrics and the pictures.
 *
 * <p>Every file is written to a temporary name and moved into place, so an interrupted write never
 * leaves a damaged file. A checkpoint is several files that must change together; they are
 * written as `.model.sd.next` and `.optimizer.bin.next`, then `run.json` records their SHA-256
 * (the moment the checkpoint counts), then they are moved into place. A reader finds each file by
 * its recorded hash, in place or still under its `.next` name, so a process killed at any moment
 * leaves the last complete checkpoint readable. A writer holds {@link RunLock} for the whole run.
 *
 * <p>A run that keeps its best epoch (`checkpoint: best`, or early stopping that restores it) has
 * `best.sd` as a third checkpoint file: a copy of the model of the checkpoint that ended the best
 * epoch, committed with it, its hash carried by every later checkpoint. `checkpoint: every(N)`
 * also keeps `epoch-NNN.sd` after every N-th epoch, each written atomically.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String RECORD = "run.json";
    public static final String SOURCE = "model.aemodel";
    /** The files the model imported, kept beside its source. */
    public static final String IMPORTS = "imports";
    public static final String MODEL = "model.sd";
    public static final String OPTIMIZER = "optimizer.bin";
    /** The weights of the best epoch by the monitored loss. */
    public static final String BEST = "best.sd";
    public static final String METRICS = "metrics.csv";
    /** What the run read: its sources' fingerprints, the shares' sizes, the fitted scaling ({@link RunData.Facts}). */
    public static final String DATA = "data.json";
    public static final String PICTURE = "reconstructions.png";
    /** A classifier's picture in place of reconstructions: test digits by predicted class. */
    public static final String PREDICTIONS = "predictions.png";
    /** The folder of the small picture drawn after each epoch ({@link EpochPictures}). */
    public static final String EPOCHS = "epochs";
    /** Training and validation loss per epoch, drawn again at the end of each epoch ({@link LossCurves}). */
    public static final String LOSS = "loss.png";
    /** The files of a checkpoint, each with its SHA-256 in run.json. */
    public static final Set<String> CHECKPOINT_FILES = Set.of(MODEL, OPTIMIZER, BEST);
    /** The weights after an epoch, kept by `checkpoint: every(N)`: `epoch-003.sd`. */
    private static final java.util.regex.Pattern EPOCH_FILE = java.util.regex.Pattern.compile("epoch-\\d{3,}\\.sd");
    private static final String OPTIMIZER_MAGIC = "aec-optimizer-state-1";
    private static final String NEXT = ".next";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final Optional<RunLock> lock;

    private RunDirectory(Path dir, Optional<RunLock> lock) {
        this.dir = dir;
        this.lock = lock;
    }

    public Path path() {
        return dir;
    }

    /**
     * A new run directory, locked for this process. An existing directory is never reused without
     * `force`, and even with `force` only a directory that holds an aec run nobody trains is
     * emptied of the files aec writes: `--force` never deletes other data.
     */
    public static RunDirectory create(Path dir, boolean force) throws RunException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunException(RunException.Kind.EXISTS, dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot create " + dir + ": " + reason(e), e);
        }
        RunLock lock = RunLock.acquire(dir, stale -> { });
        try {
            // A start stopped before its record was written trained nothing: its directory is free.
            boolean empty = onlyLockIn(dir) || abandonedStart(dir);
            if (empty) {
                deleteRunFiles(dir);
            }
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
            probeWritable(dir);
            return new RunDirectory(dir, Optional.of(lock));
        } catch (RunException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A new run directory named `base`, or `base-2`, `base-3`... when that name is taken: two runs
     * started in the same second get a directory each.
     */
    public static RunDirectory createUnique(Path base) throws RunException {
        try {
            Files.createDirectories(base.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot create " + base.getParent() + ": " + reason(e), e);
        }
        for (int n = 1; n < 10_000; n++) {
            Path candidate = n == 1 ? base : base.resolveSibling(base.getFileName() + "-" + n);
            try {
                Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (IOException e) {
                throw new RunException(RunException.Kind.IO, "cannot create " + candidate + ": " + reason(e), e);
            }
            return create(candidate, false);
        }
        throw new RunException(RunException.Kind.EXISTS, "too many runs named " + base + "-N; choose one with --out");
    }

    /** An existing run, to read (`eval`, `sample`...): no lock, so it may be read while it trains. */
    public static RunDirectory open(Path dir) throws RunException {
        requireRun(dir);
        return new RunDirectory(dir, Optional.empty());
    }

    /** An existing run, to train on (`--resume`): locked for this process. */
    public static RunDirectory openToTrain(Path dir, java.util.function.Consumer<String> staleLock)
            throws RunException {
        requireRun(dir);
        return new RunDirectory(dir, Optional.of(RunLock.acquire(dir, staleLock)));
    }

    private static void requireRun(Path dir) throws RunException {
        if (!Files.isDirectory(dir)) {
            throw new RunException(RunException.Kind.NOT_A_RUN, "no run directory " + dir + ", so nothing was trained "
                    + "there (a run stopped while its data loaded writes nothing)");
        }
        if (!Files.isRegularFile(dir.resolve(RECORD)) && onlyLockIn(dir) && RunLock.holder(dir).isEmpty()) {
            throw new RunException(RunException.Kind.NOT_A_RUN, dir + " holds no run yet, so nothing was trained "
                    + "there; `aec train FILE --out " + dir + "` starts one (as the command that made it would again)");
        }
        if (!Files.isRegularFile(dir.resolve(RECORD)) && abandonedStart(dir)) {
            Optional<String> starter = RunLock.holder(dir);
            if (starter.isPresent()) {
                throw new RunException(RunException.Kind.LOCKED, dir + " is being started by " + starter.get());
            }
            throw new RunException(RunException.Kind.NOT_A_RUN, dir + " was stopped before its run record was "
                    + "written, so nothing was trained; start it again with the same `aec train` command");
        }
        if (!Files.isRegularFile(dir.resolve(RECORD))) {
            throw new RunException(RunException.Kind.NOT_A_RUN, dir + " is not an aec run directory (no "
                    + RECORD + ")");
        }
    }

    /** Who trains this run right now, if another process does. */
    public Optional<String> trainer() {
        return lock.isPresent() ? Optional.empty() : RunLock.holder(dir);
    }

    /** Lets go of the lock, if this process holds it. */
    @Override
    public void close() {
        lock.ifPresent(RunLock::close);
    }

    public RunRecord readRecord() throws RunException {
        Path file = dir.resolve(RECORD);
        RunRecord record;
        try {
            if (Files.size(file) > 64L << 20) {
                throw new IOException("it is " + Files.size(file) / (1 << 20) + " MB, far larger than a run record");
            }
            record = JSON.readValue(file.toFile(), RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: not a run record ("
                    + e.getOriginalMessage().lines().findFirst().orElse("unreadable") + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: " + reason(e), e);
        }
        if (record == null) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: it is empty");
        }
        List<String> problems = record.problems();
        if (!problems.isEmpty()) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: " + String.join("; ", problems));
        }
        return record;
    }

    public void writeRecord(RunRecord record) throws RunException {
        write(RECORD, out -> JSON.writeValue(out, record));
    }

    /** Keeps what the run read, before its first checkpoint. */
    public void writeData(RunData.Facts facts) throws RunException {
        write(DATA, out -> JSON.writeValue(out, facts));
    }

    /** What the run read, or empty for a run from before `data.json` was kept. */
    public Optional<RunData.Facts> readData() throws RunException {
        Path file = dir.resolve(DATA);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            if (Files.size(file) > 256L << 20) {
                throw new IOException("it is " + Files.size(file) / (1 << 20) + " MB, far larger than a data record");
            }
            RunData.Facts facts = JSON.readValue(file.toFile(), RunData.Facts.class);
            if (facts == null || facts.sources().isEmpty() || facts.trainSamples() < 1) {
                throw new IOException("it names no data");
            }
            return Optional.of(facts);
        } catch (JsonProcessingException e) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: not a data record ("
                    + e.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: " + reason(e), e);
        }
    }

    /** Writes the main source and the imported files; returns what run.json records of them. */
    public List<RunRecord.Source> writeSources(RunSources sources) throws RunException {
        return sources.writeTo(this);
    }

    /**
     * Writes a checkpoint (the graph with its weights, with SameDiff's training state if asked,
     * and aec's optimizer state when there is one) and commits it by writing `record`, which is
     * given the checkpoint's hashes. Returns the committed record.
     */
    public RunRecord saveCheckpoint(SameDiff sameDiff, boolean withTrainingState,
                                    Optional<Map<String, INDArray>> optimizerState, RunRecord record)
            throws RunException {
        return saveCheckpoint(sameDiff, withTrainingState, optimizerState, record, false, Optional.empty());
    }

    /** The name of the copy of the weights after `epoch` (from 1) that `checkpoint: every(N)` keeps. */
    public static String epochFile(int epoch) {
        return String.format(Locale.ROOT, "epoch-%03d.sd", epoch);
    }

    /**
     * As {@link #saveCheckpoint(SameDiff, boolean, Optional, RunRecord)}; with `best` the model is
     * also committed as {@link #BEST}, and with `epochFile` also written there. A checkpoint that
     * is not the best carries the best's hash from `record` on.
     */
    public RunRecord saveCheckpoint(SameDiff sameDiff, boolean withTrainingState,
                                    Optional<Map<String, INDArray>> optimizerState, RunRecord record, boolean best,
                                    Optional<String> epochFile) throws RunException {
        requireLock();
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, String> written = new LinkedHashMap<>();
        hashes.put(MODEL, writeHashed(next(MODEL), out -> sameDiff.save(out, withTrainingState)));
        written.put(MODEL, hashes.get(MODEL));
        if (optimizerState.isPresent()) {
            hashes.put(OPTIMIZER, writeHashed(next(OPTIMIZER), out -> writeOptimizer(optimizerState.get(), out)));
            written.put(OPTIMIZER, hashes.get(OPTIMIZER));
        }
        if (best) {
            // The very bytes of this checkpoint's model, so the best is what training saw, bit for bit.
            hashes.put(BEST, writeHashed(next(BEST), out -> Files.copy(next(MODEL), out)));
            written.put(BEST, hashes.get(BEST));
        } else if (record.checkpoint() != null && record.checkpoint().containsKey(BEST)) {
            hashes.put(BEST, record.checkpoint().get(BEST));
        }
        if (epochFile.isPresent()) {
            // Written before the commit: if the process is killed in between, the resumed run trains
            // the epoch again and writes the same weights again.
            writeAtomically(dir.resolve(epochFile.get()), out -> Files.copy(next(MODEL), out));
        }
        RunRecord committed = record.withCheckpoint(hashes);
        writeRecord(committed);
        try {
            for (String name : written.keySet()) {
                move(next(name), dir.resolve(name));
            }
            if (!hashes.containsKey(OPTIMIZER)) {
                Files.deleteIfExists(dir.resolve(OPTIMIZER));
            }
        } catch (IOException e) {
            // Committed already: a reader finds the files under their `.next` names, and the next
            // writer moves them into place.
            throw writeFailure(dir.resolve(MODEL), e);
        }
        syncDirectory(dir);
        return committed;
    }

    /** Moves a committed checkpoint's `.next` files into place, and drops those of an uncommitted one. */
    private void settle(RunRecord committed) throws RunException {
        for (String name : CHECKPOINT_FILES) {
            Path next = next(name);
            if (!Files.exists(next)) {
                continue;
            }
            try {
                String expected = committed.checkpoint() == null ? null : committed.checkpoint().get(name);
                if (expected != null && expected.equals(Sha256.of(next))) {
                    move(next, dir.resolve(name));
                } else {
                    Files.deleteIfExists(next);
                }
            } catch (IOException e) {
                throw new RunException(RunException.Kind.IO, "cannot write " + dir.resolve(name) + ": " + reason(e), e);
            }
        }
        syncDirectory(dir);
    }

    /**
     * Finishes a checkpoint a killed process had committed but not moved into place; called by a
     * new writer before it trains on.
     */
    public void recover(RunRecord record) throws RunException {
        requireLock();
        settle(record);
    }

    /**
     * The checkpoint file `name` as run.json recorded it: in place, or still under its `.next` name
     * when its writer was stopped after committing. Empty when the checkpoint has no such file.
     */
    public Optional<Path> checkpointFile(RunRecord record, String name) throws RunException {
        Path file = dir.resolve(name);
        if (record.checkpoint() == null) {
            // A run written before checkpoints carried hashes: take the file as it is.
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }
        String expected = record.checkpoint().get(name);
        if (expected == null) {
            return Optional.empty();
        }
        try {
            if (Files.isRegularFile(file) && expected.equals(Sha256.of(file))) {
                return Optional.of(file);
            }
            Path next = next(name);
            if (Files.isRegularFile(next) && expected.equals(Sha256.of(next))) {
                return Optional.of(next);
            }
        } catch (IOException e) {
            throw new RunException(RunException.Kind.DAMAGED, "cannot read " + file + ": " + reason(e), e);
        }
        if (!Files.exists(file)) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is missing; run.json records a checkpoint "
                    + "with it");
        }
        throw new RunException(RunException.Kind.DAMAGED, file + " is damaged or was changed after it was saved: "
                + "its SHA-256 differs from the one run.json records");
    }

    /** The checkpoint's model, verified against run.json. */
    public SameDiff readModel(RunRecord record) throws RunException {
        Path file = checkpointFile(record, MODEL).orElseThrow(() -> new RunException(RunException.Kind.DAMAGED,
                "no trained model in " + dir + " (" + MODEL + " is missing)"));
        return loadModel(file);
    }

    /** The best epoch's weights, verified against run.json; empty when the run keeps none yet. */
    public Optional<SameDiff> readBest(RunRecord record) throws RunException {
        Optional<Path> file = checkpointFile(record, BEST);
        return file.isEmpty() ? Optional.empty() : Optional.of(loadModel(file.get()));
    }

    /** The checkpoint's optimizer state, verified against run.json; empty when it has none. */
    public Optional<Map<String, INDArray>> readOptimizerState(RunRecord record) throws RunException {
        Optional<Path> file = checkpointFile(record, OPTIMIZER);
        return file.isEmpty() ? Optional.empty() : Optional.of(readOptimizer(file.get()));
    }

    /** Saves the graph with its weights in SameDiff's own format, with its optimizer state if asked. */
    public void writeModel(SameDiff sameDiff, boolean withTrainingState) throws RunException {
        write(MODEL, out -> sameDiff.save(out, withTrainingState));
    }

    /** `model.sd` as it is, unverified: for models saved outside a training run. */
    public SameDiff readModel() throws RunException {
        Path file = dir.resolve(MODEL);
        if (!Files.isRegularFile(file)) {
            throw new RunException(RunException.Kind.DAMAGED, "no trained model in " + dir + " (" + MODEL
                    + " is missing)");
        }
        return loadModel(file);
    }

    private static SameDiff loadModel(Path file) throws RunException {
        try {
            SameDiff loaded = SameDiff.load(file.toFile(), true);
            if (loaded == null) {
                throw new IllegalStateException("no graph in it");
            }
            return loaded;
        } catch (RuntimeException e) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: it is not a SameDiff model ("
                    + reason(e) + ")", e);
        }
    }

    private static void writeOptimizer(Map<String, INDArray> state, OutputStream raw) throws IOException {
        DataOutputStream out = new DataOutputStream(raw);
        out.writeUTF(OPTIMIZER_MAGIC);
        out.writeInt(state.size());
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            out.writeUTF(e.getKey());
            Nd4j.write(e.getValue(), out);
        }
        out.flush();
    }

    private static Map<String, INDArray> readOptimizer(Path file) throws RunException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!OPTIMIZER_MAGIC.equals(in.readUTF())) {
                throw new IOException("not an optimizer state file");
            }
            int n = in.readInt();
            if (n < 0 || n > 100_000) {
                throw new IOException("it claims " + n + " entries");
            }
            Map<String, INDArray> state = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                state.put(in.readUTF(), Nd4j.read(in));
            }
            return state;
        } catch (IOException | RuntimeException e) {
            throw new RunException(RunException.Kind.DAMAGED, file + " is damaged: " + reason(e), e);
        }
    }

    public void writeMetrics(RunRecord record) throws RunException {
        // A model with a gaussian layer also gets the validation loss's reconstruction and KL parts.
        boolean parts = record.epochs().stream().anyMatch(e -> e.validationParts() != null);
        StringBuilder csv = new StringBuilder("epoch,train_loss,validation_loss,"
                + (parts ? "validation_reconstruction,validation_kl," : "")
                + "seconds,samples_per_second,validation_accuracy,learning_rate\n");
        for (RunRecord.Epoch e : record.epochs()) {
            String split = !parts ? "" : e.validationParts() == null ? ",," : String.format(Locale.ROOT, "%.6f,%.6f,",
                    e.validationParts().reconstruction(), e.validationParts().kl());
            // The rate in full: a schedule's rates differ in digits past the sixth.
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%s,%s%.3f,%.1f,%s,%s%n", e.epoch(), e.trainLoss(),
                    e.validationLoss() == null ? "" : String.format(Locale.ROOT, "%.6f", e.validationLoss()),
                    split, e.seconds(), e.samplesPerSecond(),
                    e.validationAccuracy() == null ? "" : String.format(Locale.ROOT, "%.4f", e.validationAccuracy()),
                    e.learningRate() == null ? "" : Double.toString(e.learningRate())));
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
            writeHashed(tmp, writer);
            move(tmp, target);
            syncDirectory(parent);
        } catch (RunException e) {
            deleteQuietly(tmp);
            throw e;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw writeFailure(target, e);
        }
    }

    /** Writes a file, forces it to the disk and returns its SHA-256. */
    private static String writeHashed(Path file, Writer writer) throws RunException {
        MessageDigest digest = Sha256.digest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(new DigestOutputStream(
                    java.nio.channels.Channels.newOutputStream(channel), digest), 1 << 16);
            // Writers such as Jackson close what they are given; the channel must stay open to be forced.
            writer.write(new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            });
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw writeFailure(file, e);
        } catch (Error e) {
            // Out of memory while serialising: no half-written file stays behind.
            deleteQuietly(file);
            throw e;
        }
        return Sha256.hex(digest);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes a rename durable: on Linux a directory's entries reach the disk when it is forced. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // Not every file system can force a directory; the rename itself is still atomic.
        }
    }

    /** A write failure in words a user can act on; a full disk says so, with the space left. */
    private static RunException writeFailure(Path target, Exception e) {
        if (diskFull(e, target)) {
            long free = freeBytes(target);
            return new RunException(RunException.Kind.IO, "cannot write " + target + ": the disk is full"
                    + (free >= 0 ? String.format(Locale.ROOT, " (%,d bytes free)", free) : ""), e);
        }
        // SameDiff and ND4J wrap the system's words ("File too large") in their own; those say more.
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && !t.getMessage().isBlank()) {
                root = t;
            }
        }
        return new RunException(RunException.Kind.IO, "cannot write " + target + ": " + reason(root), e);
    }

    private static boolean diskFull(Throwable e, Path target) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        long free = freeBytes(target);
        return free >= 0 && free < (1 << 20);
    }

    private static long freeBytes(Path target) {
        try {
            Path existing = target.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
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

    private Path next(String name) {
        return dir.resolve("." + name + NEXT);
    }

    private void requireLock() {
        if (lock.isEmpty()) {
            throw new IllegalStateException("writing a checkpoint into " + dir + " without holding its lock");
        }
    }

    private static void probeWritable(Path dir) throws RunException {
        try {
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot write to " + dir + ": " + reason(e), e);
        }
    }

    /**
     * True when the directory holds only what `aec train` writes before the run's record (the
     * lock, the sources, temporary files): a start stopped in its first milliseconds.
     */
    private static boolean abandonedStart(Path dir) throws RunException {
        if (Files.exists(dir.resolve(RECORD))) {
            return false;
        }
        boolean any = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean ours = name.equals(RunLock.FILE) || name.equals(SOURCE) || name.equals(IMPORTS)
                        || (name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(NEXT)));
                if (!ours) {
                    return false;
                }
                any = true;
            }
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot read " + dir + ": " + reason(e), e);
        }
        return any;
    }

    /** True when the directory holds nothing but, perhaps, its lock file. */
    private static boolean onlyLockIn(Path dir) throws RunException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(RunLock.FILE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot read " + dir + ": " + reason(e), e);
        }
    }

    /**
     * Removes what aec writes in a run (its record, sources, checkpoint, metrics, every picture
     * the commands draw there, the epochs' pictures, unfinished temporary files), and nothing else.
     */
    private static void deleteRunFiles(Path dir) throws RunException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(IMPORTS) && Files.isDirectory(entry)) {
                    deleteTree(entry);
                } else if (name.equals(EPOCHS) && Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    deleteEpochPictures(entry);
                } else if (Set.of(RECORD, SOURCE, MODEL, OPTIMIZER, BEST, METRICS, DATA).contains(name)
                        || EPOCH_FILE.matcher(name).matches() || name.endsWith(".png")
                        || (name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(NEXT)))) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot replace " + dir + ": " + reason(e), e);
        }
    }

    /** The epochs' pictures and their unfinished temporary files; the folder too once nothing else is in it. */
    private static void deleteEpochPictures(Path epochs) throws IOException {
        boolean others = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(epochs)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String plain = name.startsWith(".") && name.endsWith(".tmp")
                        ? name.substring(1, name.length() - ".tmp".length()) : name;
                if (EpochPictures.epochOf(plain).isPresent()) {
                    Files.deleteIfExists(entry);
                } else {
                    others = true;
                }
            }
        }
        if (!others) {
            Files.deleteIfExists(epochs);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The temporary file is hidden and replaced by the next write.
        }
    }

    /** Why a file operation failed, without Java's exception names or a `null`. */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return message.lines().findFirst().orElse(message);
            }
        }
        return e instanceof java.io.EOFException ? "it ends too early" : "unreadable (" + e.getClass().getSimpleName()
                .replaceAll("(?<!^)([A-Z])", " $1").toLowerCase(Locale.ROOT) + ")";
    }
}
