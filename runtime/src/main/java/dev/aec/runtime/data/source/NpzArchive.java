package dev.aec.runtime.data.source;

import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of contents of an `.npz` (a zip of `.npy` files, as `np.savez` writes it), read from
 * the zip's central directory at the end of the file without reading any array. Zip64 is read,
 * since NumPy writes its entries with zip64 headers.
 */
final class NpzArchive {
    /** One `.npy` member: `dataOffset` is where its (stored or deflated) bytes start in the archive. */
    record Entry(String name, boolean deflated, long compressedSize, long size, long crc, long dataOffset) {
        /** The array's name: the entry's name without `.npy`. */
        String array() {
            return name.substring(0, name.length() - ".npy".length());
        }
    }

    private static final int END = 0x06054b50;
    private static final int END64 = 0x06064b50;
    private static final int END64_LOCATOR = 0x07064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final long UNKNOWN32 = 0xffffffffL;

    private NpzArchive() {
    }

    /** The `.npy` members of the archive, in the archive's order; other members are ignored. */
    static List<Entry> entries(Path path) throws DataException, IOException {
        String subject = path.toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return entries(subject, channel);
        } catch (java.io.EOFException e) {
            throw new DataException(subject, "corrupt `.npz` archive: it ends before what its zip directory describes");
        }
    }

    private static List<Entry> entries(String subject, FileChannel channel) throws DataException, IOException {
        long size = channel.size();
        int tail = (int) Math.min(size, 22 + 0xffff);
        ByteBuffer end = read(channel, size - tail, tail);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == END) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new DataException(subject, size == 0 ? "empty file: expected an `.npz` archive"
                    : "not an `.npz` archive: no zip directory at its end (is it truncated?)");
        }
        long entries = end.getShort(at + 10) & 0xffff;
        long directorySize = end.getInt(at + 12) & UNKNOWN32;
        long directoryOffset = end.getInt(at + 16) & UNKNOWN32;
        if (entries == 0xffff || directorySize == UNKNOWN32 || directoryOffset == UNKNOWN32) {
            long locatorAt = size - tail + at - 20;
            ByteBuffer locator = locatorAt >= 0 ? read(channel, locatorAt, 20) : null;
            if (locator == null || locator.getInt(0) != END64_LOCATOR) {
                throw new DataException(subject, "corrupt `.npz` archive: its zip64 directory is missing");
            }
            ByteBuffer end64 = read(channel, locator.getLong(8), 56);
            if (end64.getInt(0) != END64) {
                throw new DataException(subject, "corrupt `.npz` archive: its zip64 directory is damaged");
            }
            entries = end64.getLong(32);
            directorySize = end64.getLong(40);
            directoryOffset = end64.getLong(48);
        }
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > size
                || directorySize > 64L << 20) {
            throw new DataException(subject, "corrupt `.npz` archive: its zip directory points outside the file");
        }
        return central(subject, channel, read(channel, directoryOffset, (int) directorySize), entries, size);
    }

    private static List<Entry> central(String subject, FileChannel channel, ByteBuffer directory, long count,
                                       long archiveSize) throws DataException, IOException {
        List<Entry> found = new ArrayList<>();
        int at = 0;
        for (long e = 0; e < count; e++) {
            if (at + 46 > directory.limit() || directory.getInt(at) != CENTRAL) {
                throw new DataException(subject, "corrupt `.npz` archive: its zip directory is damaged");
            }
            int flags = directory.getShort(at + 8) & 0xffff;
            int method = directory.getShort(at + 10) & 0xffff;
            long crc = directory.getInt(at + 16) & UNKNOWN32;
            long compressed = directory.getInt(at + 20) & UNKNOWN32;
            long size = directory.getInt(at + 24) & UNKNOWN32;
            int nameLength = directory.getShort(at + 28) & 0xffff;
            int extraLength = directory.getShort(at + 30) & 0xffff;
            int commentLength = directory.getShort(at + 32) & 0xffff;
            long local = directory.getInt(at + 42) & UNKNOWN32;
            if (at + 46 + nameLength + extraLength + commentLength > directory.limit()) {
                throw new DataException(subject, "corrupt `.npz` archive: its zip directory is damaged");
            }
            byte[] nameBytes = new byte[nameLength];
            directory.get(at + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // The zip64 extra field holds, in this order, exactly the sizes the fixed fields could not.
            int extra = at + 46 + nameLength;
            for (int x = extra; x + 4 <= extra + extraLength; ) {
                int id = directory.getShort(x) & 0xffff;
                int length = directory.getShort(x + 2) & 0xffff;
                if (x + 4 + length > extra + extraLength) {
                    throw new DataException(subject, "corrupt `.npz` archive: its zip directory is damaged");
                }
                if (id == 0x0001 && length >= 8 * ((size == UNKNOWN32 ? 1 : 0) + (compressed == UNKNOWN32 ? 1 : 0)
                        + (local == UNKNOWN32 ? 1 : 0))) {
                    int v = x + 4;
                    if (size == UNKNOWN32) {
                        size = directory.getLong(v);
                        v += 8;
                    }
                    if (compressed == UNKNOWN32) {
                        compressed = directory.getLong(v);
                        v += 8;
                    }
                    if (local == UNKNOWN32) {
                        local = directory.getLong(v);
                    }
                }
                x += 4 + length;
            }
            at = extra + extraLength + commentLength;
            if (!name.endsWith(".npy")) {
                continue;
            }
            String array = "array `" + name.substring(0, name.length() - 4) + "`: ";
            if ((flags & 1) != 0) {
                throw new DataException(subject, array + "encrypted; aec reads unencrypted archives");
            }
            if (method != 0 && method != 8) {
                throw DataException.withHelp(subject, array + "compressed with zip method " + method
                        + "; aec reads stored and deflated entries", "write the archive with `np.savez` or `np.savez_compressed`");
            }
            ByteBuffer header = read(channel, local, 30);
            if (header.getInt(0) != LOCAL) {
                throw new DataException(subject, array + "corrupt `.npz` archive: the entry's local header is missing");
            }
            long dataOffset = local + 30 + (header.getShort(26) & 0xffff) + (header.getShort(28) & 0xffff);
            if (dataOffset + compressed > archiveSize) {
                throw new DataException(subject, array + "truncated: the entry's " + compressed
                        + " bytes run past the end of the archive");
            }
            found.add(new Entry(name, method == 8, compressed, size, crc, dataOffset));
        }
        return found;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        if (position < 0 || position + length > channel.size()) {
            throw new java.io.EOFException("the archive ends early");
        }
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("the archive ends early");
            }
        }
        return buffer.flip();
    }
}
