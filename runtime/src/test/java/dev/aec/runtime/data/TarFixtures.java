package dev.aec.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes gzip-compressed ustar archives, such as the one {@code npm pack} leaves behind. */
final class TarFixtures {

    private TarFixtures() {
    }

    /** A .tgz holding {@code entries} (name to content) in iteration order, with short names only. */
    static byte[] tgz(Map<String, byte[]> entries) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            tar.writeBytes(header(entry.getKey(), entry.getValue().length, (byte) '0'));
            tar.writeBytes(entry.getValue());
            tar.writeBytes(new byte[(512 - entry.getValue().length % 512) % 512]);
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    /** Writes entries into an archive; names are kept as given, even absolute ones. */
    interface Writer {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** An uncompressed archive with what {@code writer} puts in, long names as GNU tar writes them. */
    static byte[] tar(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            writer.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Adds a regular file named exactly {@code name}. */
    static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Adds a link named {@code name} to {@code target}, of kind {@code type} (symbolic or hard). */
    static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
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

    /**
     * An uncompressed archive of one metadata entry of kind {@code type} (a GNU long name 'L', pax
     * records 'x') holding {@code metadata}, then an empty file and the end; written by hand, as
     * the library's writer takes minutes over a name of megabytes.
     */
    static byte[] withMetadata(byte type, byte[] metadata) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(header("././@LongLink", metadata.length, type));
        tar.writeBytes(metadata);
        tar.writeBytes(new byte[(512 - metadata.length % 512) % 512]);
        tar.writeBytes(header("package/short", 0, (byte) '0'));
        tar.writeBytes(new byte[1024]);
        return tar.toByteArray();
    }

    private static byte[] header(String name, long size, byte type) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", 1_442_080_000L));
        header[156] = type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
