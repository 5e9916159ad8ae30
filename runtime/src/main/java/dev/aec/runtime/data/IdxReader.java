package dev.aec.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads one IDX file (the MNIST format), plain or gzip, and rejects anything that is not exactly well formed. */
public final class IdxReader {

    /**
     * The largest payload accepted. MNIST-like sets are tens of megabytes; the limit keeps a corrupt
     * header from asking for gigabytes, and the float copy of the images (four times larger) from
     * overflowing a Java array.
     */
    public static final long MAX_PAYLOAD_BYTES = 1L << 29;

    /**
     * Payload buffers start at most this large and grow as bytes arrive, so a small corrupt gzip
     * whose header promises half a gigabyte fails before that much memory is taken.
     */
    private static final int INITIAL_BUFFER = 1 << 24;

    private IdxReader() {
    }

    /**
     * Reads the whole file and checks it is an IDX file of {@code kind} with positive dimensions and
     * exactly the payload they announce. Messages name the file as {@code path} spells it.
     */
    public static IdxFile read(Path path, IdxFile.Kind kind) throws DataException {
        String subject = path.toString();
        boolean gzip = false;
        try {
            gzip = Content.isGzip(path);
            try (InputStream in = Content.open(path, gzip)) {
                return read(subject, in, kind);
            }
        } catch (IOException e) {
            throw Content.failure(subject, gzip, e);
        }
    }

    private static IdxFile read(String subject, InputStream in, IdxFile.Kind kind)
            throws IOException, DataException {
        byte[] magicBytes = new byte[4];
        int got = readUpTo(in, magicBytes, 0, 4);
        if (got < 4) {
            throw new DataException(subject, got == 0
                    ? "empty file: expected an IDX header"
                    : "truncated: the file ends after " + Content.bytes(got) + ", inside the IDX header");
        }
        int magic = bigEndian(magicBytes, 0);
        checkMagic(subject, magic, kind);

        int headerLength = 4 + 4 * kind.rank();
        byte[] dimensionBytes = new byte[4 * kind.rank()];
        got = readUpTo(in, dimensionBytes, 0, dimensionBytes.length);
        if (got < dimensionBytes.length) {
            throw new DataException(subject, "truncated: the header ends after " + (4 + got)
                    + " bytes, expected " + headerLength);
        }
        int[] dimensions = new int[kind.rank()];
        long payload = 1;
        for (int i = 0; i < dimensions.length; i++) {
            dimensions[i] = bigEndian(dimensionBytes, 4 * i);
        }
        for (int d : dimensions) {
            if (d <= 0) {
                throw new DataException(subject, "invalid dimensions " + shape(dimensions)
                        + ": every dimension must be positive");
            }
        }
        for (int d : dimensions) {
            // Stops before three dimensions near 2^31 overflow a long into a small or negative size.
            payload = Math.min(payload * d, MAX_PAYLOAD_BYTES + 1);
        }
        if (payload > MAX_PAYLOAD_BYTES) {
            throw new DataException(subject, "dimensions " + shape(dimensions) + " announce "
                    + java.math.BigInteger.valueOf(dimensions[0]).multiply(java.math.BigInteger.valueOf(
                            Arrays.stream(dimensions).skip(1).asLongStream().reduce(1, (x, y) -> x * y)))
                    + " bytes of " + kind.payloadNoun() + ", more than the " + MAX_PAYLOAD_BYTES + " this reader accepts");
        }

        byte[] data = readPayload(subject, in, (int) payload, kind);
        long trailing = in.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new DataException(subject, "trailing garbage: " + Content.bytes(trailing) + " after the "
                    + payload + " bytes of " + kind.payloadNoun());
        }
        return new IdxFile(subject, kind, dimensions, data);
    }

    private static void checkMagic(String subject, int magic, IdxFile.Kind kind) throws DataException {
        if ((magic >>> 16) != 0) {
            throw new DataException(subject, String.format(
                    "not an IDX file: it starts with 0x%08x, expected the magic number 0x%08x", magic, kind.magic()));
        }
        int type = (magic >>> 8) & 0xff;
        if (type != 0x08) {
            throw new DataException(subject, String.format(
                    "unsupported IDX data type 0x%02x: only unsigned bytes (0x08) are supported", type));
        }
        int rank = magic & 0xff;
        if (rank != kind.rank()) {
            throw new DataException(subject, String.format(
                    "expected %s (magic number 0x%08x), found %s (magic number 0x%08x)",
                    kind.noun(), kind.magic(), describeRank(rank), magic));
        }
    }

    private static String describeRank(int rank) {
        for (IdxFile.Kind kind : IdxFile.Kind.values()) {
            if (kind.rank() == rank) {
                return kind.noun();
            }
        }
        return rank + "-dimensional data";
    }

    private static byte[] readPayload(String subject, InputStream in, int expected, IdxFile.Kind kind)
            throws IOException, DataException {
        byte[] data = new byte[Math.min(expected, INITIAL_BUFFER)];
        int filled = 0;
        while (filled < expected) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min((long) data.length * 2, expected));
            }
            int n = in.read(data, filled, data.length - filled);
            if (n == -1) {
                throw new DataException(subject, "truncated: expected " + expected + " bytes of "
                        + kind.payloadNoun() + ", found " + filled);
            }
            filled += n;
        }
        return data;
    }

    private static int readUpTo(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int filled = 0;
        while (filled < length) {
            int n = in.read(buffer, offset + filled, length - filled);
            if (n == -1) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static int bigEndian(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
    }

    private static String shape(int[] dimensions) {
        return Arrays.stream(dimensions).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
