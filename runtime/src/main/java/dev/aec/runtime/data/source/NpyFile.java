package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads a NumPy `.npy` array, or one array of an `.npz` archive, as samples (one per index of the
 * first dimension), and writes float32 arrays. An `.npy` file and a stored `.npz` entry are read in
 * place, one sample per positional read; a deflated entry (`np.savez_compressed`) is inflated once
 * when opened, into memory up to 64 MB and into a temporary file beyond, deleted on close.
 */
public final class NpyFile {
    private NpyFile() {
    }

    /** Where an array's header and data are: a whole `.npy` file or one entry of an `.npz`. */
    private record Located(String subject, String where, NpyHeader header, Optional<NpzArchive.Entry> entry) {
    }

    /**
     * Opens the array at `path`: an `.npy` file, or the array named `array` of an `.npz` (told
     * apart by content, not by name). Unsigned bytes are divided by 255 unless `scale` says
     * otherwise; any type is divided by 255 when `scale` is {@link Scale#PIXELS}; other scales are
     * left to the trainer.
     *
     * @throws DataException when the file is missing, unreadable or not a well-formed array aec reads
     */
    public static Samples open(Path path, Optional<String> array, Optional<Scale> scale) throws DataException {
        Located located = locate(path, array);
        NpyHeader header = located.header();
        Region region = null;
        try {
            if (located.entry().isEmpty()) {
                region = Region.ofFile(path, header.dataOffset(), header.dataBytes());
            } else if (!located.entry().get().deflated()) {
                region = Region.ofFile(path, located.entry().get().dataOffset() + header.dataOffset(), header.dataBytes());
            } else {
                region = inflate(path, located);
            }
            Fingerprint fingerprint = new Fingerprint("npy").file(path).add("array", located.entry()
                    .map(NpzArchive.Entry::array).orElse("")).add("divisor", divisor(header, scale));
            return new DenseSamples(located.subject(), region, header.type(), header.order(), header.count(),
                    header.sampleShape(), divisor(header, scale), fingerprint.hex());
        } catch (IOException e) {
            if (region != null) {
                region.close();
            }
            throw Content.failure(located.subject(), false, e);
        } catch (DataException | RuntimeException e) {
            if (region != null) {
                region.close();
            }
            throw e;
        }
    }

    /** The shape and count of the array, from its header alone (and an `.npz`'s zip directory). */
    static NpyHeader probe(Path path, Optional<String> array) throws DataException {
        return locate(path, array).header();
    }

    /** The names of the arrays in an `.npz` archive, in the archive's order. */
    public static List<String> arrays(Path npz) throws DataException {
        try {
            return NpzArchive.entries(npz).stream().map(NpzArchive.Entry::array).toList();
        } catch (IOException e) {
            throw Content.failure(npz.toString(), false, e);
        }
    }

    static float divisor(NpyHeader header, Optional<Scale> scale) {
        boolean pixels = scale.orElse(DataOptions.defaultScale(Format.NPY, header.type() == ElementType.U8))
                == Scale.PIXELS;
        return pixels ? 255f : 1f;
    }

    private static Located locate(Path path, Optional<String> array) throws DataException {
        String subject = path.toString();
        try {
            if (!isZip(path)) {
                if (array.isPresent()) {
                    throw DataException.withHelp(subject, "`array: \"" + array.get() + "\"` names an array of an "
                            + "`.npz` archive, but this file is a single `.npy` array", "remove `array:`")
                            .inOption("array", "the file is a single array");
                }
                NpyHeader header;
                try (InputStream in = Files.newInputStream(path)) {
                    header = NpyHeader.read(subject, "", in);
                }
                checkLength(subject, "", header, Files.size(path) - header.dataOffset(), "the file");
                return new Located(subject, "", header, Optional.empty());
            }
            NpzArchive.Entry entry = select(subject, NpzArchive.entries(path), array);
            String where = "array `" + entry.array() + "`: ";
            NpyHeader header;
            try (InputStream in = entryStream(path, entry)) {
                header = NpyHeader.read(subject, where, in);
            } catch (EOFException | ZipException e) {
                throw new DataException(subject, where + "corrupt compressed data (" + Content.lowercase(e.getMessage()) + ")", e);
            }
            checkLength(subject, where, header, entry.size() - header.dataOffset(), "the entry");
            return new Located(subject, where, header, Optional.of(entry));
        } catch (IOException e) {
            throw Content.failure(subject, false, e);
        }
    }

    private static boolean isZip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 'P' && head[1] == 'K';
        }
    }

    private static NpzArchive.Entry select(String subject, List<NpzArchive.Entry> entries, Optional<String> array)
            throws DataException {
        if (entries.isEmpty()) {
            throw DataException.withHelp(subject, "the `.npz` archive holds no arrays",
                    "save arrays into it with `np.savez(path, x=x)`");
        }
        String names = entries.stream().map(e -> "`" + e.array() + "`").collect(Collectors.joining(", "));
        if (array.isEmpty()) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            throw DataException.withHelp(subject, "the archive holds " + entries.size() + " arrays (" + names
                    + "); which one?", "name one, e.g. `array: \"" + entries.get(0).array() + "\"`");
        }
        String wanted = array.get().endsWith(".npy") ? array.get() : array.get() + ".npy";
        for (NpzArchive.Entry entry : entries) {
            if (entry.name().equals(wanted)) {
                return entry;
            }
        }
        throw DataException.withHelp(subject, "no array `" + array.get() + "` in the archive; it holds " + names,
                "name one of them, e.g. `array: \"" + entries.get(0).array() + "\"`")
                .inOption("array", "no array `" + array.get() + "`");
    }

    static void checkLength(String subject, String where, NpyHeader header, long available, String holder)
            throws DataException {
        long needed = header.dataBytes();
        String what = "shape " + header.shapeText() + " of " + header.descr();
        if (available < needed) {
            throw new DataException(subject, where + "truncated: " + what + " needs " + Content.bytes(needed)
                    + " of data, " + holder + " holds " + Math.max(0, available));
        }
        if (available > needed) {
            throw new DataException(subject, where + "trailing garbage: " + Content.bytes(available - needed)
                    + " after the " + Content.bytes(needed) + " of data that " + what + " needs");
        }
    }

    /** The entry's uncompressed bytes from its start. */
    private static InputStream entryStream(Path path, NpzArchive.Entry entry) throws IOException {
        Region region = Region.ofFile(path, entry.dataOffset(), entry.compressedSize());
        InputStream raw = new java.io.FilterInputStream(region.stream(0)) {
            @Override
            public void close() {
                region.close();
            }
        };
        // Inflater(true): zip entries hold raw deflate data, without zlib's header and checksum.
        return entry.deflated() ? new InflaterInputStream(raw, new Inflater(true), 1 << 16) : raw;
    }

    private static Region inflate(Path path, Located located) throws IOException, DataException {
        NpzArchive.Entry entry = located.entry().orElseThrow();
        NpyHeader header = located.header();
        CheckedInputStream in = new CheckedInputStream(entryStream(path, entry), new CRC32());
        try (in) {
            in.readNBytes((int) header.dataOffset());
            Region region = Inflation.copy(in, header.dataBytes(), Inflation.MEMORY_LIMIT);
            try {
                boolean whole = region.size() == header.dataBytes() && in.read() < 0;
                if (!whole || in.getChecksum().getValue() != entry.crc()) {
                    throw new DataException(located.subject(), located.where() + "corrupt compressed data: "
                            + (whole ? "its checksum does not match" : "it inflates to another length than the "
                            + entry.size() + " bytes the archive lists"));
                }
                return region;
            } catch (IOException | DataException | RuntimeException e) {
                region.close();
                throw e;
            }
        } catch (EOFException | ZipException e) {
            throw new DataException(located.subject(), located.where() + "corrupt compressed data ("
                    + Content.lowercase(e.getMessage()) + ")", e);
        }
    }

    /**
     * Writes `values`, samples of `sampleShape` one after the other, as a little-endian float32
     * `.npy` (format 1.0) of shape [N, ...sampleShape], through a temporary file renamed over `path`.
     *
     * @throws DataException when the file cannot be written (its directory is missing, the disk is full)
     */
    public static void write(Path path, Shape sampleShape, float[] values) throws DataException {
        int width = (int) sampleShape.elements();
        if (width <= 0 || values.length % width != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole samples of " + sampleShape);
        }
        String shape = "(" + (values.length / width) + ", " + sampleShape.dims().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        // NumPy pads the header with spaces and a newline so that the data starts at a multiple of 64.
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        AtomicFile.write(path, out -> {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(v);
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }
}
