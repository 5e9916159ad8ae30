package dev.aec.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files, gzipped or not, and small four-file datasets with a spec that matches them. */
final class IdxFixtures {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxFixtures() {
    }

    /** An IDX file: the magic number, the dimensions, then the payload as given (which may disagree on purpose). */
    static byte[] idx(int magic, int[] dimensions, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + payload.length);
        buffer.putInt(magic);
        for (int d : dimensions) {
            buffer.putInt(d);
        }
        buffer.put(payload);
        return buffer.array();
    }

    /** Pixels that differ by image, row and column, so that layout mistakes show. */
    static byte[] pixels(int count, int rows, int columns, int seed) {
        byte[] pixels = new byte[count * rows * columns];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 + seed * 31);
        }
        return pixels;
    }

    static byte[] images(int count, int rows, int columns, int seed) {
        return idx(IMAGES_MAGIC, new int[] {count, rows, columns}, pixels(count, rows, columns, seed));
    }

    static byte[] labels(int... values) {
        byte[] payload = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            payload[i] = (byte) values[i];
        }
        return idx(LABELS_MAGIC, new int[] {values.length}, payload);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path directory, String name, byte[] bytes) {
        try {
            Files.createDirectories(directory);
            return Files.write(directory.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    /** Four tiny IDX files (5 training and 3 test images of 4x3; seed 1 has training labels 5 0 4 1 9) and their checksums. */
    record Tiny(Map<DatasetFile, byte[]> files) {

        static final int ROWS = 4;
        static final int COLUMNS = 3;

        /** Different seeds give different content, hence different checksums. */
        static Tiny create(int seed) {
            Map<DatasetFile, byte[]> files = new EnumMap<>(DatasetFile.class);
            files.put(DatasetFile.TRAIN_IMAGES, images(5, ROWS, COLUMNS, seed));
            int shift = seed - 1;
            files.put(DatasetFile.TRAIN_LABELS, labels((5 + shift) % 10, shift % 10, (4 + shift) % 10, (1 + shift) % 10, (9 + shift) % 10));
            files.put(DatasetFile.TEST_IMAGES, images(3, ROWS, COLUMNS, seed + 1));
            files.put(DatasetFile.TEST_LABELS, labels(7, 2, (seed & 7)));
            return new Tiny(files);
        }

        byte[] plain(DatasetFile file) {
            return files.get(file).clone();
        }

        byte[] gzipped(DatasetFile file) {
            return gzip(files.get(file));
        }

        DatasetSpec spec(String name, List<DownloadSource> sources) {
            Map<DatasetFile, String> sums = new EnumMap<>(DatasetFile.class);
            files.forEach((file, bytes) -> sums.put(file, sha256(bytes)));
            return new DatasetSpec(name, sums, List.of(), sources, "put the files somewhere");
        }

        DatasetSpec spec(List<DownloadSource> sources) {
            return spec("tiny", sources);
        }

        /** Writes the four files into {@code directory}, as {@code .gz} when asked; returns it. */
        Path writeTo(Path directory, boolean gzip) {
            for (DatasetFile file : DatasetFile.values()) {
                write(directory, gzip ? file.gzipName() : file.fileName(), gzip ? gzipped(file) : plain(file));
            }
            return directory;
        }

        /** The gzip form of every file, by its .gz name, as a mirror would serve them. */
        Map<String, byte[]> byGzipName() {
            Map<String, byte[]> served = new java.util.HashMap<>();
            for (DatasetFile file : DatasetFile.values()) {
                served.put(file.gzipName(), gzipped(file));
            }
            return served;
        }
    }
}
