package dev.aec.runtime.data.rows;

import dev.aec.compiler.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The layout of a file of decoded samples: a header of {@link #HEADER_BYTES} (so the floats start
 * on a page boundary), then `count` rows of float32 in the byte order the header names, row-major.
 *
 * <pre>
 * offset size
 *   0      8  magic `aec-rows`
 *   8      4  format version, 1
 *  12      4  byte order of the floats: 1 little-endian, 2 big-endian
 *  16      8  count of samples
 *  24      4  rank of one sample's shape (1 to 8)
 *  28     32  the shape's sizes, 8 ints, unused ones 0
 *  60     32  SHA-256 of the source's fingerprint
 *  92      4  CRC-32 of bytes 0 to 91
 *  96   4000  zeros
 * </pre>
 * Header integers are little-endian. The file's size is exactly the header plus the rows: a
 * shorter or longer file is not trusted.
 */
final class RowsFile {
    static final int HEADER_BYTES = 4096;
    static final int VERSION = 1;
    static final int MAX_RANK = 8;
    private static final byte[] MAGIC = "aec-rows".getBytes(StandardCharsets.US_ASCII);
    private static final int CRC_AT = 92;

    /** What a file holds, as its header says. */
    record Header(long count, Shape shape, String key) {
        Header {
            if (shape.rank() < 1 || shape.rank() > MAX_RANK) {
                throw new IllegalArgumentException("a cached sample has 1 to " + MAX_RANK + " dimensions, not "
                        + shape.rank() + " (" + shape + ")");
            }
            if (key.length() != 64) {
                throw new IllegalArgumentException("the key is a SHA-256 in hex: " + key);
            }
        }

        int width() {
            return Math.toIntExact(shape.elements());
        }

        long rowBytes() {
            return (long) width() * Float.BYTES;
        }

        long fileBytes() {
            return HEADER_BYTES + count * rowBytes();
        }
    }

    private RowsFile() {
    }

    /** The header's bytes, for the floats in this machine's byte order. */
    static ByteBuffer encode(Header header) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC);
        b.putInt(VERSION);
        b.putInt(order(ByteOrder.nativeOrder()));
        b.putLong(header.count());
        b.putInt(header.shape().rank());
        for (int i = 0; i < MAX_RANK; i++) {
            b.putInt(i < header.shape().rank() ? header.shape().dim(i) : 0);
        }
        b.put(HexFormat.of().parseHex(header.key()));
        b.putInt(CRC_AT, crc(b.array()));
        return b.clear();
    }

    /**
     * Why the file open on `channel` is not `expected` written on this machine, if it is not: a
     * damaged or foreign header, another source, another version, a wrong size.
     */
    static Optional<String> mismatch(FileChannel channel, Header expected) throws IOException {
        long size = channel.size();
        if (size < HEADER_BYTES) {
            return Optional.of("it ends inside its header (" + size + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
            // read until full
        }
        if (b.hasRemaining()) {
            return Optional.of("its header cannot be read whole");
        }
        byte[] bytes = b.array();
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.of("it is not a file of decoded samples");
        }
        if (b.getInt(CRC_AT) != crc(bytes)) {
            return Optional.of("its header is damaged");
        }
        if (b.getInt(8) != VERSION) {
            return Optional.of("it has format version " + b.getInt(8) + ", this aec writes " + VERSION);
        }
        if (b.getInt(12) != order(ByteOrder.nativeOrder())) {
            return Optional.of("its floats are in another byte order than this machine's");
        }
        int rank = b.getInt(24);
        if (rank < 1 || rank > MAX_RANK) {
            return Optional.of("its header says samples have " + rank + " dimensions");
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            dims.add(b.getInt(28 + 4 * i));
        }
        String key = HexFormat.of().formatHex(bytes, 60, 92);
        if (!key.equals(expected.key())) {
            return Optional.of("it was made from other files or options");
        }
        Shape shape = new Shape(dims);
        long count = b.getLong(16);
        if (count != expected.count() || !shape.equals(expected.shape())) {
            return Optional.of("it holds " + count + " samples of " + shape + ", the source has " + expected.count()
                    + " of " + expected.shape());
        }
        if (size != expected.fileBytes()) {
            return Optional.of("it is " + size + " bytes long, " + expected.fileBytes() + " expected");
        }
        return Optional.empty();
    }

    private static int order(ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN ? 1 : 2;
    }

    private static int crc(byte[] header) {
        CRC32 crc = new CRC32();
        crc.update(header, 0, CRC_AT);
        return (int) crc.getValue();
    }
}
