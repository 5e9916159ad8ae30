package dev.aec.runtime.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the entries of an uncompressed tar stream: ustar headers, GNU long names and pax paths.
 * Enough to unpack an npm tarball without a dependency; it never writes anything itself.
 */
final class TarReader {

    /** One member of the archive; {@code regularFile} is false for directories, links and the like. */
    record Entry(String name, long size, boolean regularFile) {
    }

    private static final int BLOCK = 512;

    private final InputStream in;
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** Skips what is left of the current entry and reads the next header; empty at the end of the archive. */
    Optional<Entry> next() throws IOException {
        in.skipNBytes(remaining + padding);
        remaining = 0;
        padding = 0;
        String overridingName = null;
        long overridingSize = -1;
        while (true) {
            Optional<byte[]> block = readBlock();
            if (block.isEmpty() || isZero(block.get())) {
                return Optional.empty();
            }
            byte[] header = block.get();
            checkChecksum(header);
            String name = text(header, 0, 100);
            long size = number(header, 124, 12);
            byte type = header[156];
            // POSIX ustar ("ustar\0") splits long paths into prefix and name; old GNU headers
            // ("ustar  ") keep other fields at the prefix's offset, so only the former is trusted.
            if (text(header, 257, 6).equals("ustar")) {
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            switch (type) {
                case 'L' -> overridingName = readText(size);
                case 'x' -> {
                    for (String record : readText(size).split("\n")) {
                        int space = record.indexOf(' ');
                        int equals = record.indexOf('=');
                        if (space < 0 || equals < space) {
                            continue;
                        }
                        String key = record.substring(space + 1, equals);
                        String value = record.substring(equals + 1);
                        if (key.equals("path")) {
                            overridingName = value;
                        } else if (key.equals("size")) {
                            overridingSize = Long.parseLong(value.trim());
                        }
                    }
                }
                case 'g' -> in.skipNBytes(size + pad(size));
                default -> {
                    remaining = overridingSize >= 0 ? overridingSize : size;
                    padding = pad(remaining);
                    boolean regular = type == '0' || type == 0 || type == '7';
                    return Optional.of(new Entry(overridingName != null ? overridingName : name, remaining, regular));
                }
            }
        }
    }

    /** The bytes of the current entry; reading past the archive's end is an {@link EOFException}. */
    InputStream contents() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int b = in.read();
                if (b == -1) {
                    throw new EOFException("truncated tar archive");
                }
                remaining--;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n == -1) {
                    throw new EOFException("truncated tar archive");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private Optional<byte[]> readBlock() throws IOException {
        byte[] block = in.readNBytes(BLOCK);
        if (block.length == 0) {
            // Some writers stop without the two zero blocks that should end an archive.
            return Optional.empty();
        }
        if (block.length < BLOCK) {
            throw new EOFException("truncated tar archive");
        }
        return Optional.of(block);
    }

    private String readText(long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar metadata entry of " + size + " bytes is too large");
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new EOFException("truncated tar archive");
        }
        in.skipNBytes(pad(size));
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkChecksum(byte[] header) throws IOException {
        long expected = number(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        if (sum != expected) {
            throw new IOException("corrupt tar header (checksum " + sum + ", expected " + expected + ")");
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal field, or GNU base-256 when the top bit of the first byte is set (sizes over 8 GB). */
    private static long number(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || (b == ' ' && digits)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw new IOException("corrupt tar header (bad number field)");
            }
            value = value * 8 + (b - '0');
            digits = true;
        }
        return value;
    }
}
