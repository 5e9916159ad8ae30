package dev.aec.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Damages one of a dataset's four IDX files in one of many ways, from a seeded random source, and
 * writes the four files (each plain or gzip) to a directory: inputs for the data fuzz tests.
 */
public final class IdxMutator {

    /** The kinds of damage, drawn in turn so that every kind is exercised about equally. */
    public enum Kind {
        /** A few bits flipped anywhere in the file. */
        BIT_FLIPS,
        /** A few bits flipped in the header (magic number and dimensions). */
        HEADER_BIT_FLIPS,
        /** The file cut at a random length, the empty file included. */
        TRUNCATION,
        /** Random bytes inserted at a random place. */
        INSERTION,
        /** A random range of bytes removed. */
        DELETION,
        /** Random bytes after the payload. */
        TRAILING_BYTES,
        /** A part of the file repeated in place. */
        DUPLICATION,
        /** A header field (magic, item count, rows, columns) set to an awkward value. */
        HEADER_FIELD,
        /** A label set to a value beyond the dataset's classes. */
        LABEL_VALUE,
        /** The file replaced by another of the four (labels where images belong, or the other split). */
        SWAPPED_FILE,
        /** Bits flipped in the gzip stream of the file. */
        GZIP_BIT_FLIPS,
        /** The gzip stream cut short. */
        GZIP_TRUNCATION,
        /** The gzip trailer's CRC or length changed. */
        GZIP_TRAILER,
        /** The gzip header's flags or method changed. */
        GZIP_HEADER,
        /** Bytes that are not gzip after a complete gzip stream. */
        GZIP_TRAILING_GARBAGE,
        /** A second gzip stream appended to the first. */
        GZIP_SECOND_MEMBER
    }

    /** One damaged dataset: which file, how, and the bytes as written. */
    public record Mutant(Kind kind, DatasetFile file, boolean gzip, String description) {
    }

    private static final int[] AWKWARD = {0, 1, -1, 2, 7, 27, 29, 32, 255, 256, 0x7fffffff, 0x80000000,
        0x00000801, 0x00000803, 0x00000903, 0x00000808, 0x00000d03, 0x08030000, 10_000, 1 << 20, 1 << 28};

    private final Map<DatasetFile, byte[]> originals;

    /** Six training and four test images of 28x28 (MNIST's size), labels 0-9: small, valid and agreeing. */
    public static Map<DatasetFile, byte[]> smallMnistLike() {
        Map<DatasetFile, byte[]> files = new EnumMap<>(DatasetFile.class);
        files.put(DatasetFile.TRAIN_IMAGES, IdxFixtures.images(6, 28, 28, 3));
        files.put(DatasetFile.TRAIN_LABELS, IdxFixtures.labels(5, 0, 4, 1, 9, 2));
        files.put(DatasetFile.TEST_IMAGES, IdxFixtures.images(4, 28, 28, 4));
        files.put(DatasetFile.TEST_LABELS, IdxFixtures.labels(7, 2, 1, 0));
        return files;
    }

    /** The SHA-256 of each file's bytes. */
    public static Map<DatasetFile, String> sha256(Map<DatasetFile, byte[]> files) {
        Map<DatasetFile, String> sums = new EnumMap<>(DatasetFile.class);
        files.forEach((file, bytes) -> sums.put(file, IdxFixtures.sha256(bytes)));
        return sums;
    }

    /** Writes the four files, undamaged and plain, into {@code directory}. */
    public static Path writeOriginals(Path directory, Map<DatasetFile, byte[]> files) {
        files.forEach((file, bytes) -> IdxFixtures.write(directory, file.fileName(), bytes));
        return directory;
    }

    /** @param originals the four files, plain, valid and agreeing with each other */
    public IdxMutator(Map<DatasetFile, byte[]> originals) {
        this.originals = new EnumMap<>(originals);
        if (this.originals.size() != DatasetFile.values().length) {
            throw new IllegalArgumentException("need the four files, got " + originals.keySet());
        }
    }

    /**
     * Writes the four files into the empty or new {@code directory}, one of them damaged as {@code
     * kind} says with choices drawn from {@code random}; the others plain or gzip at random.
     */
    public Mutant write(Path directory, Kind kind, Random random) {
        DatasetFile target = kind == Kind.LABEL_VALUE
                ? (random.nextBoolean() ? DatasetFile.TRAIN_LABELS : DatasetFile.TEST_LABELS)
                : DatasetFile.values()[random.nextInt(DatasetFile.values().length)];
        byte[] plain = originals.get(target);
        StringBuilder description = new StringBuilder(kind + " of " + target.fileName());
        boolean gzipKind = kind.name().startsWith("GZIP_");
        boolean gzip = gzipKind || random.nextInt(3) == 0;
        byte[] bytes = gzipKind ? damageGzip(kind, IdxFixtures.gzip(plain), random, description)
                : damage(kind, plain, target, random, description);
        if (gzip && !gzipKind) {
            bytes = IdxFixtures.gzip(bytes);
        }
        try {
            Files.createDirectories(directory);
            for (DatasetFile file : DatasetFile.values()) {
                if (file == target) {
                    // The name may say .gz or not whatever the content is: aec goes by the content.
                    String name = random.nextInt(4) == 0 ? (gzip ? file.fileName() : file.gzipName())
                            : (gzip ? file.gzipName() : file.fileName());
                    Files.write(directory.resolve(name), bytes);
                } else if (random.nextBoolean()) {
                    Files.write(directory.resolve(file.gzipName()), IdxFixtures.gzip(originals.get(file)));
                } else {
                    Files.write(directory.resolve(file.fileName()), originals.get(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Mutant(kind, target, gzip, description.toString());
    }

    private byte[] damage(Kind kind, byte[] plain, DatasetFile target, Random random, StringBuilder description) {
        byte[] bytes = plain.clone();
        int headerLength = target.kind() == IdxFile.Kind.IMAGES ? 16 : 8;
        switch (kind) {
            case BIT_FLIPS -> flip(bytes, 0, bytes.length, 1 + random.nextInt(8), random, description);
            case HEADER_BIT_FLIPS -> flip(bytes, 0, headerLength, 1 + random.nextInt(3), random, description);
            case TRUNCATION -> {
                // Half the cuts land in or near the header, where the reader's cases are.
                int at = random.nextBoolean() ? random.nextInt(Math.min(bytes.length, headerLength + 4))
                        : random.nextInt(bytes.length);
                description.append(" at ").append(at);
                return Arrays.copyOf(bytes, at);
            }
            case INSERTION -> {
                int at = random.nextInt(bytes.length + 1);
                byte[] extra = randomBytes(1 + random.nextInt(64), random);
                description.append(": ").append(extra.length).append(" bytes at ").append(at);
                return splice(bytes, at, 0, extra);
            }
            case DELETION -> {
                int at = random.nextInt(bytes.length);
                int length = 1 + random.nextInt(Math.min(64, bytes.length - at));
                description.append(": ").append(length).append(" bytes at ").append(at);
                return splice(bytes, at, length, new byte[0]);
            }
            case TRAILING_BYTES -> {
                byte[] extra = randomBytes(1 + random.nextInt(100), random);
                description.append(": ").append(extra.length);
                return splice(bytes, bytes.length, 0, extra);
            }
            case DUPLICATION -> {
                int from = random.nextInt(bytes.length);
                int length = 1 + random.nextInt(Math.min(128, bytes.length - from));
                description.append(": ").append(length).append(" bytes at ").append(from);
                return splice(bytes, from, 0, Arrays.copyOfRange(bytes, from, from + length));
            }
            case HEADER_FIELD -> {
                int fields = headerLength / 4;
                int field = random.nextInt(fields);
                int original = ByteBuffer.wrap(bytes).getInt(4 * field);
                int[] candidates = Arrays.copyOf(AWKWARD, AWKWARD.length + 3);
                candidates[AWKWARD.length] = original + 1;
                candidates[AWKWARD.length + 1] = original - 1;
                candidates[AWKWARD.length + 2] = original * 2;
                int value = candidates[random.nextInt(candidates.length)];
                description.append(String.format(": field %d from 0x%08x to 0x%08x", field, original, value));
                ByteBuffer.wrap(bytes).putInt(4 * field, value);
            }
            case LABEL_VALUE -> {
                int at = headerLength + random.nextInt(bytes.length - headerLength);
                int value = 10 + random.nextInt(246);
                description.append(": item ").append(at - headerLength).append(" to ").append(value);
                bytes[at] = (byte) value;
            }
            case SWAPPED_FILE -> {
                DatasetFile other = DatasetFile.values()[(target.ordinal() + 1 + random.nextInt(3)) % 4];
                description.append(": holds ").append(other.fileName());
                return originals.get(other).clone();
            }
            default -> throw new IllegalArgumentException(kind + " is a gzip kind");
        }
        return bytes;
    }

    private static byte[] damageGzip(Kind kind, byte[] gzip, Random random, StringBuilder description) {
        byte[] bytes = gzip.clone();
        switch (kind) {
            case GZIP_BIT_FLIPS -> flip(bytes, 10, bytes.length - 8, 1 + random.nextInt(4), random, description);
            case GZIP_TRUNCATION -> {
                int at = random.nextInt(bytes.length);
                description.append(" at ").append(at).append(" of ").append(bytes.length);
                return Arrays.copyOf(bytes, at);
            }
            case GZIP_TRAILER -> flip(bytes, bytes.length - 8, bytes.length, 1 + random.nextInt(3), random, description);
            case GZIP_HEADER -> flip(bytes, 2, 10, 1 + random.nextInt(2), random, description);
            case GZIP_TRAILING_GARBAGE -> {
                byte[] extra = randomBytes(1 + random.nextInt(40), random);
                if (random.nextBoolean()) {
                    // Starts like another gzip member, so the reader looks further.
                    extra[0] = 0x1f;
                    if (extra.length > 1) {
                        extra[1] = (byte) 0x8b;
                    }
                }
                description.append(": ").append(extra.length).append(" bytes");
                return splice(bytes, bytes.length, 0, extra);
            }
            case GZIP_SECOND_MEMBER -> {
                byte[] second = IdxFixtures.gzip(randomBytes(1 + random.nextInt(40), random));
                description.append(": ").append(second.length).append(" bytes");
                return splice(bytes, bytes.length, 0, second);
            }
            default -> throw new IllegalArgumentException(kind + " is not a gzip kind");
        }
        return bytes;
    }

    private static void flip(byte[] bytes, int from, int to, int count, Random random, StringBuilder description) {
        if (to <= from) {
            return;
        }
        description.append(": bits");
        for (int i = 0; i < count; i++) {
            int at = from + random.nextInt(to - from);
            int bit = random.nextInt(8);
            bytes[at] ^= (byte) (1 << bit);
            description.append(' ').append(at).append('.').append(bit);
        }
    }

    private static byte[] randomBytes(int n, Random random) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}
