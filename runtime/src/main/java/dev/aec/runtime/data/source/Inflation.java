package dev.aec.runtime.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies decompressed bytes (a gzip IDX file, a deflated `.npz` entry) to where they can be read
 * by position: an array when they are small, a temporary file when they are not, so that a
 * compressed 10 GB array never has to fit in memory.
 */
final class Inflation {
    /** Up to this many bytes are kept in memory; MNIST's largest file, inflated, is 47 MB. */
    static final long MEMORY_LIMIT = 64L << 20;

    private Inflation() {
    }

    /**
     * The next `length` bytes of `in`, or fewer when it ends first: the caller compares
     * {@link Region#size()} with what it expected and reports a short file in its own words.
     */
    static Region copy(InputStream in, long length, long memoryLimit) throws IOException {
        if (length <= memoryLimit) {
            return Region.ofBytes(in.readNBytes((int) length));
        }
        Path temporary = Files.createTempFile("aec-inflated-", ".bin");
        temporary.toFile().deleteOnExit();
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                byte[] buffer = new byte[1 << 16];
                long left = length;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
            return Region.ofTemporary(temporary);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }
}
