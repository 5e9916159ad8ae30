package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads any IDX file (unsigned and signed bytes, 16- and 32-bit integers, 32- and 64-bit floats,
 * plain or gzip) as samples of shape dims[1..]; a rank-1 file (labels) reads as samples of shape
 * `1`. A plain file is read in place; a gzip one is inflated once when opened (see {@link Inflation}).
 */
public final class IdxSamples {
    private IdxSamples() {
    }

    /** The header: the element type and the dimensions, count first. */
    record Header(ElementType type, int[] dimensions) {
        int count() {
            return dimensions[0];
        }

        Shape sampleShape() {
            return dimensions.length == 1 ? Shape.of(1) : Shape.of(Arrays.copyOfRange(dimensions, 1, dimensions.length));
        }

        long headerBytes() {
            return 4 + 4L * dimensions.length;
        }

        long dataBytes() {
            return (long) count() * sampleShape().elements() * type.bytes();
        }
    }

    /**
     * Opens the file. Unsigned bytes are divided by 255 unless `scale` says otherwise; any type is
     * when `scale` is {@link Scale#PIXELS}; other scales are left to the trainer.
     *
     * @throws DataException when the file is missing, unreadable or not a well-formed IDX file
     */
    public static Samples open(Path path, Optional<Scale> scale) throws DataException {
        String subject = path.toString();
        boolean gzip = false;
        Region region = null;
        try {
            gzip = Content.isGzip(path);
            Header header;
            if (!gzip) {
                header = probe(path);
                region = Region.ofFile(path, header.headerBytes(), header.dataBytes());
            } else {
                try (InputStream in = Content.open(path, true)) {
                    header = header(subject, in);
                    region = Inflation.copy(in, header.dataBytes(), Inflation.MEMORY_LIMIT);
                    long trailing = region.size() < header.dataBytes() ? 0 : in.transferTo(OutputStream.nullOutputStream());
                    if (region.size() < header.dataBytes() || trailing > 0) {
                        throw lengthProblem(subject, header, header.headerBytes() + region.size() + trailing);
                    }
                }
            }
            boolean pixels = scale.orElse(DataOptions.defaultScale(Format.IDX, header.type() == ElementType.U8))
                    == Scale.PIXELS;
            String fingerprint = new Fingerprint("idx").file(path).add("divisor", pixels ? 255 : 1).hex();
            return new DenseSamples(subject, region, header.type(), ByteOrder.BIG_ENDIAN, header.count(),
                    header.sampleShape(), pixels ? 255f : 1f, fingerprint);
        } catch (IOException e) {
            closeQuietly(region);
            throw Content.failure(subject, gzip, e);
        } catch (DataException | RuntimeException e) {
            closeQuietly(region);
            throw e;
        }
    }

    private static void closeQuietly(Region region) {
        if (region != null) {
            region.close();
        }
    }

    /** The header, and for a plain file a check that its length matches it. */
    static Header probe(Path path) throws DataException {
        String subject = path.toString();
        boolean gzip = false;
        try {
            gzip = Content.isGzip(path);
            try (InputStream in = Content.open(path, gzip)) {
                Header header = header(subject, in);
                long size = Files.size(path);
                if (!gzip && size != header.headerBytes() + header.dataBytes()) {
                    throw lengthProblem(subject, header, size);
                }
                return header;
            }
        } catch (IOException e) {
            throw Content.failure(subject, gzip, e);
        }
    }

    static Header header(String subject, InputStream in) throws IOException, DataException {
        byte[] magic = in.readNBytes(4);
        if (magic.length == 0) {
            throw new DataException(subject, "empty file: expected an IDX header");
        }
        if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
            throw new DataException(subject, magic.length < 4
                    ? "truncated: the file ends after " + Content.bytes(magic.length) + ", inside the IDX header"
                    : String.format("not an IDX file: it starts with 0x%02x%02x%02x%02x, expected two zero bytes",
                    magic[0], magic[1], magic[2], magic[3]));
        }
        ElementType type = switch (magic[2]) {
            case 0x08 -> ElementType.U8;
            case 0x09 -> ElementType.I8;
            case 0x0b -> ElementType.I16;
            case 0x0c -> ElementType.I32;
            case 0x0d -> ElementType.F32;
            case 0x0e -> ElementType.F64;
            default -> throw new DataException(subject, String.format("unsupported IDX data type 0x%02x: aec reads "
                    + "0x08 (unsigned byte), 0x09 (signed byte), 0x0b (short), 0x0c (int), 0x0d (float) and 0x0e (double)",
                    magic[2] & 0xff));
        };
        int rank = magic[3] & 0xff;
        if (rank == 0) {
            throw new DataException(subject, "the IDX header has no dimensions: expected at least the number of samples");
        }
        byte[] dimensionBytes = in.readNBytes(4 * rank);
        if (dimensionBytes.length < 4 * rank) {
            throw new DataException(subject, "truncated: the header ends after " + (4 + dimensionBytes.length)
                    + " bytes, expected " + (4 + 4 * rank));
        }
        int[] dimensions = new int[rank];
        long width = 1;
        for (int i = 0; i < rank; i++) {
            dimensions[i] = java.nio.ByteBuffer.wrap(dimensionBytes, 4 * i, 4).getInt();
        }
        for (int i = 0; i < rank; i++) {
            if (dimensions[i] <= 0) {
                throw new DataException(subject, "invalid dimensions " + text(dimensions) + ": every dimension must be positive");
            }
            width *= i == 0 ? 1 : dimensions[i];
            if (width > Integer.MAX_VALUE / 8) {
                throw new DataException(subject, "one sample of " + text(dimensions)
                        + " has more values than aec reads at once (" + Integer.MAX_VALUE / 8 + ")");
            }
        }
        return new Header(type, dimensions);
    }

    static DataException lengthProblem(String subject, Header header, long size) {
        long expected = header.headerBytes() + header.dataBytes();
        if (size < expected) {
            return new DataException(subject, "truncated: dimensions " + text(header.dimensions()) + " need "
                    + header.dataBytes() + " bytes of data, found " + (size - header.headerBytes()));
        }
        return new DataException(subject, "trailing garbage: " + Content.bytes(size - expected) + " after the "
                + header.dataBytes() + " bytes of data that dimensions " + text(header.dimensions()) + " need");
    }

    private static String text(int[] dimensions) {
        return Arrays.stream(dimensions).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
