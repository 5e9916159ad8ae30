package dev.aec.runtime.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The entries of an uncompressed tar stream, as Commons Compress reads them, with the checks aec
 * wants from an archive it downloaded and the library leaves out: a header's checksum is verified,
 * an archive that ends early is an {@link EOFException} wherever it ends, and the headers before
 * one entry (long names, pax records), which the library holds in memory, are limited in size.
 * It never writes anything itself, so an entry's name cannot place a file anywhere.
 */
final class TarReader {

    /** One member of the archive; {@code regularFile} is false for directories, links and the like. */
    record Entry(String name, long size, boolean regularFile) {
    }

    private static final int RECORD = 512;

    /** Real long names and pax records take a few hundred bytes; a larger one is an attack on memory. */
    private static final long METADATA_LIMIT = 1 << 20;

    private final Source source;
    private final TarArchiveInputStream tar;
    private long remaining;

    TarReader(InputStream in) {
        this.source = new Source(in);
        // Without a named encoding the library decodes names in the platform's, ASCII under LANG=C.
        this.tar = new TarArchiveInputStream(source, StandardCharsets.UTF_8.name());
    }

    /** Skips what is left of the current entry and reads the next header; empty at the end of the archive. */
    Optional<Entry> next() throws IOException {
        skipRest();
        TarArchiveEntry entry;
        source.budget = METADATA_LIMIT;
        try {
            entry = tar.getNextTarEntry();
        } catch (MetadataTooLarge e) {
            throw e;
        } catch (IOException e) {
            throw source.ended ? truncated() : new IOException("corrupt tar header ("
                    + Content.lowercase(e.getMessage()) + ")", e);
        } finally {
            source.budget = Long.MAX_VALUE;
        }
        if (entry == null) {
            // The library reads a header cut short as the end of the archive. Whole records
            // without the two zero records that should end an archive are accepted, as some
            // writers stop there.
            if (source.ended && source.consumed % RECORD != 0) {
                throw truncated();
            }
            return Optional.empty();
        }
        if (!entry.isCheckSumOK()) {
            throw new IOException("corrupt tar header (checksum mismatch in the header of " + entry.getName() + ")");
        }
        remaining = entry.getSize();
        return Optional.of(new Entry(entry.getName(), remaining, isRegularFile(entry)));
    }

    /**
     * The library's own {@code isFile} also says yes to a link, a device or a pipe whose name has
     * no final slash. A sparse file's stored bytes are not its content, so it is not taken either.
     */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink()
                && !entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO() && !entry.isSparse();
    }

    /** The bytes of the current entry; reading past the archive's end is an {@link EOFException}. */
    InputStream contents() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n;
                try {
                    n = tar.read(buffer, offset, (int) Math.min(length, remaining));
                } catch (IOException e) {
                    throw source.ended ? truncated() : e;
                }
                if (n == -1) {
                    throw truncated();
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** Reads rather than skips the rest, because the library's skip does not notice an archive cut short. */
    private void skipRest() throws IOException {
        InputStream rest = contents();
        byte[] buffer = new byte[Content.BUFFER_SIZE];
        while (rest.read(buffer) != -1) {
            // Discarded: the caller did not want the rest of this entry.
        }
    }

    private static EOFException truncated() {
        return new EOFException("truncated tar archive");
    }

    /** Metadata before one entry larger than {@link #METADATA_LIMIT}. */
    private static final class MetadataTooLarge extends IOException {
        MetadataTooLarge() {
            super("tar metadata before one entry is larger than " + METADATA_LIMIT + " bytes");
        }
    }

    /**
     * The archive as the library reads it: counts the bytes, notes the end, and while a header is
     * read gives the library at most {@code budget} bytes, so that no header can fill the memory.
     */
    private static final class Source extends FilterInputStream {
        long consumed;
        boolean ended;
        long budget = Long.MAX_VALUE;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n == -1) {
                ended = true;
            } else {
                spend(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            spend(skipped);
            return skipped;
        }

        private void spend(long n) throws MetadataTooLarge {
            consumed += n;
            budget -= n;
            if (budget < 0) {
                throw new MetadataTooLarge();
            }
        }
    }
}
