package dev.aec.runtime.data.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run of bytes read by position: a stretch of a file on disk, a temporary file holding
 * inflated bytes, or an array in memory. Positional reads keep one open file safe to share
 * between threads and let a 10 GB array be read one sample at a time.
 */
interface Region extends AutoCloseable {
    /** Number of bytes. */
    long size();

    /** Fills `into` with the bytes from `position`; fails with {@link java.io.EOFException} past the end. */
    void read(long position, ByteBuffer into) throws IOException;

    /** Whether every byte is already in memory. */
    boolean inMemory();

    @Override
    void close();

    /** The bytes from `position` on, read in order, for a header parser or an inflater. */
    default java.io.InputStream stream(long position) {
        Region region = this;
        return new java.io.InputStream() {
            private long at = position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int n = (int) Math.min(length, region.size() - at);
                if (n <= 0) {
                    return length == 0 ? 0 : -1;
                }
                region.read(at, ByteBuffer.wrap(bytes, offset, n));
                at += n;
                return n;
            }
        };
    }

    /** `length` bytes of `file` from `offset`. */
    static Region ofFile(Path file, long offset, long length) throws IOException {
        return new FileRegion(FileChannel.open(file, StandardOpenOption.READ), offset, length, null);
    }

    /** A temporary file that is deleted when the region is closed. */
    static Region ofTemporary(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new FileRegion(channel, 0, channel.size(), file);
    }

    static Region ofBytes(byte[] bytes) {
        return new MemoryRegion(bytes);
    }

    /** A region on disk; closing deletes `temporary` when there is one. */
    final class FileRegion implements Region {
        private final FileChannel channel;
        private final long offset;
        private final long length;
        private final Path temporary;

        private FileRegion(FileChannel channel, long offset, long length, Path temporary) {
            this.channel = channel;
            this.offset = offset;
            this.length = length;
            this.temporary = temporary;
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public void read(long position, ByteBuffer into) throws IOException {
            if (position < 0 || position + into.remaining() > length) {
                throw new java.io.EOFException("read past the end of the data");
            }
            long at = offset + position;
            while (into.hasRemaining()) {
                int n = channel.read(into, at);
                if (n < 0) {
                    // The file shrank after it was opened.
                    throw new java.io.EOFException("the file ended early: was it changed while being read?");
                }
                at += n;
            }
        }

        @Override
        public boolean inMemory() {
            return false;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was written through this channel, so nothing is lost when closing fails.
            }
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // The file was also marked delete-on-exit when it was made.
                }
            }
        }
    }

    /** A region held in an array. */
    final class MemoryRegion implements Region {
        private final byte[] bytes;

        private MemoryRegion(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long position, ByteBuffer into) throws IOException {
            if (position < 0 || position + into.remaining() > bytes.length) {
                throw new java.io.EOFException("read past the end of the data");
            }
            into.put(bytes, (int) position, into.remaining());
        }

        @Override
        public boolean inMemory() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
