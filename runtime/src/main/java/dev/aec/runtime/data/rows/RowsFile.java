package dev.aec.runtime.data.rows;

import dev.aec.compiler.types.Shape;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The layout of a file of decoded samples: a header of {@link #HEADER_BYTES} (so the floats start
 * on a page boundary), then `count` rows of float32 in the byte order the header names, row-major,
 * then the list of rows skipped because their sample could not be read (`skip_bad: true`).
 *
 * <pre>
 * offset size
 *   0      8  magic `aec-rows`
 *   8      4  format version, 2
 *  12      4  byte order of the floats: 1 little-endian, 2 big-endian
 *  16      8  count of samples
 *  24      4  rank of one sample's shape (1 to 8)
 *  28     32  the shape's sizes, 8 ints, unused ones 0
 *  60     32  SHA-256 of the source's fingerprint
 *  92      4  number of skipped rows
 *  96      4  bytes of the list of skipped rows
 * 100      4  CRC-32 of the list of skipped rows
 * 104      4  CRC-32 of bytes 0 to 103
 * 108   3988  zeros
 * </pre>
 * The list of skipped rows holds, for each in increasing index order, its index (4 bytes), the
 * length of its reason in bytes (4), and the reason in UTF-8; a skipped row's floats are zeros.
 * Integers outside the rows are little-endian. The file's size is exactly the header plus the
 * rows plus the list: a shorter or longer file is not trusted. Version 1 had no list (its CRC at
 * offset 92); a file of another version is decoded again.
 */
final class RowsFile {
    static final int HEADER_BYTES = 4096;
    static final int VERSION = 2;
    static final int MAX_RANK = 8;
    private static final byte[] MAGIC = "aec-rows".getBytes(StandardCharsets.US_ASCII);
    private static final int SKIPPED_AT = 92;
    private static final int CRC_AT = 104;
    /** A reason longer than this is cut: it is one line of a warning. */
    private static final int MAX_REASON_BYTES = 4096;

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

    /** The list of skipped rows as it follows the rows, in index order. */
    static ByteBuffer encodeSkipped(List<Rows.Skipped> skipped) {
        List<byte[]> reasons = new ArrayList<>();
        int bytes = 0;
        for (Rows.Skipped row : skipped) {
            byte[] reason = row.reason().getBytes(StandardCharsets.UTF_8);
            if (reason.length > MAX_REASON_BYTES) {
                reason = cut(row.reason());
            }
            reasons.add(reason);
            bytes = Math.addExact(bytes, 8 + reason.length);
        }
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < skipped.size(); i++) {
            b.putInt(skipped.get(i).index());
            b.putInt(reasons.get(i).length);
            b.put(reasons.get(i));
        }
        return b.flip();
    }

    /**
     * The header's bytes, for the floats in this machine's byte order, followed by `skipped` (the
     * buffer {@link #encodeSkipped} gave, unread).
     */
    static ByteBuffer encode(Header header, int skippedRows, ByteBuffer skipped) {
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
        b.putInt(skippedRows);
        b.putInt(skipped.remaining());
        b.putInt(crc(skipped.duplicate()));
        b.putInt(CRC_AT, crc(b.array()));
        return b.clear();
    }

    /** What a sound file holds beside its rows, or why it is not sound. */
    record Verdict(Optional<String> mismatch, List<Rows.Skipped> skipped) {
        Verdict {
            skipped = List.copyOf(skipped);
        }

        static Verdict not(String why) {
            return new Verdict(Optional.of(why), List.of());
        }

        boolean sound() {
            return mismatch.isEmpty();
        }
    }

    /**
     * Why the file open on `channel` is not `expected` written on this machine, if it is not (a
     * damaged or foreign header, another source, another version, a wrong size, a damaged list of
     * skipped rows), else the rows it lists as skipped.
     */
    static Verdict check(FileChannel channel, Header expected) throws IOException {
        long size = channel.size();
        if (size < HEADER_BYTES) {
            return Verdict.not("it ends inside its header (" + size + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
            // read until full
        }
        if (b.hasRemaining()) {
            return Verdict.not("its header cannot be read whole");
        }
        byte[] bytes = b.array();
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Verdict.not("it is not a file of decoded samples");
        }
        if (b.getInt(CRC_AT) != crc(bytes)) {
            return Verdict.not("its header is damaged");
        }
        if (b.getInt(8) != VERSION) {
            return Verdict.not("it has format version " + b.getInt(8) + ", this aec writes " + VERSION);
        }
        if (b.getInt(12) != order(ByteOrder.nativeOrder())) {
            return Verdict.not("its floats are in another byte order than this machine's");
        }
        int rank = b.getInt(24);
        if (rank < 1 || rank > MAX_RANK) {
            return Verdict.not("its header says samples have " + rank + " dimensions");
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            dims.add(b.getInt(28 + 4 * i));
        }
        String key = HexFormat.of().formatHex(bytes, 60, 92);
        if (!key.equals(expected.key())) {
            return Verdict.not("it was made from other files or options");
        }
        Shape shape = new Shape(dims);
        long count = b.getLong(16);
        if (count != expected.count() || !shape.equals(expected.shape())) {
            return Verdict.not("it holds " + count + " samples of " + shape + ", the source has " + expected.count()
                    + " of " + expected.shape());
        }
        int skippedRows = b.getInt(SKIPPED_AT);
        long listBytes = Integer.toUnsignedLong(b.getInt(SKIPPED_AT + 4));
        if (skippedRows < 0 || skippedRows > count || listBytes > (long) skippedRows * (8 + MAX_REASON_BYTES)
                || listBytes > Integer.MAX_VALUE) {
            return Verdict.not("its header says " + skippedRows + " rows are skipped, in " + listBytes + " bytes");
        }
        if (size != expected.fileBytes() + listBytes) {
            return Verdict.not("it is " + size + " bytes long, " + (expected.fileBytes() + listBytes) + " expected");
        }
        ByteBuffer list = ByteBuffer.allocate((int) listBytes).order(ByteOrder.LITTLE_ENDIAN);
        while (list.hasRemaining() && channel.read(list, expected.fileBytes() + list.position()) >= 0) {
            // read until full
        }
        if (list.hasRemaining() || crc(list.flip().duplicate()) != b.getInt(SKIPPED_AT + 8)) {
            return Verdict.not("its list of skipped rows is damaged");
        }
        return skipped(list, skippedRows, count);
    }

    /** The list of `rows` skipped rows in `list`, whose CRC matched, when it is well formed. */
    private static Verdict skipped(ByteBuffer list, int rows, long count) {
        List<Rows.Skipped> skipped = new ArrayList<>(rows);
        int previous = -1;
        try {
            for (int i = 0; i < rows; i++) {
                int index = list.getInt();
                int length = list.getInt();
                if (index <= previous || index >= count || length < 0 || length > list.remaining()) {
                    return Verdict.not("its list of skipped rows is not in order or out of bounds");
                }
                ByteBuffer reason = list.slice().limit(length);
                list.position(list.position() + length);
                skipped.add(new Rows.Skipped(index, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).decode(reason).toString()));
                previous = index;
            }
        } catch (BufferUnderflowException | CharacterCodingException e) {
            return Verdict.not("its list of skipped rows is cut short or not UTF-8");
        }
        if (list.hasRemaining()) {
            return Verdict.not("its list of skipped rows has bytes after its last row");
        }
        return new Verdict(Optional.empty(), skipped);
    }

    private static int order(ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN ? 1 : 2;
    }

    private static int crc(byte[] header) {
        CRC32 crc = new CRC32();
        crc.update(header, 0, CRC_AT);
        return (int) crc.getValue();
    }

    private static int crc(ByteBuffer bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** `reason` cut to at most {@link #MAX_REASON_BYTES} of UTF-8, on a character boundary. */
    private static byte[] cut(String reason) {
        ByteBuffer out = ByteBuffer.allocate(MAX_REASON_BYTES);
        StandardCharsets.UTF_8.newEncoder().onUnmappableCharacter(CodingErrorAction.REPLACE)
                .onMalformedInput(CodingErrorAction.REPLACE).encode(CharBuffer.wrap(reason), out, true);
        return Arrays.copyOf(out.array(), out.position());
    }
}
