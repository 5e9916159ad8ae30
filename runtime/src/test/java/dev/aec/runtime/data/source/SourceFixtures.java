package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataSource.Columns;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.resolve.ColumnList;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Builds small NPY, NPZ, IDX, CSV and image files byte by byte, and file sources naming them. */
final class SourceFixtures {
    private static final Span SPAN = new Span(new SourceFile("model.aemodel", "data: x\n"), 6, 7);

    private SourceFixtures() {
    }

    /** An NPY file of format `major`.0 with the header dict as given (padded as NumPy pads it) and `data`. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] headerBytes = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + headerBytes.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) headerBytes.length);
        } else {
            out.putInt(headerBytes.length);
        }
        return out.put(headerBytes).put(data).array();
    }

    /** A version 1.0 NPY of `descr` and `shape`, as `np.save` writes it. */
    static byte[] npy(String descr, long[] shape, byte[] data) {
        return npy(1, dict(descr, false, shape), data);
    }

    static String dict(String descr, boolean fortran, long[] shape) {
        String dims = shape.length == 1 ? shape[0] + ","
                : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + dims + "), }";
    }

    /** The values encoded as `descr` would store them: `<f4`, `>f8`, `|u1`, `|i1`. */
    static byte[] encode(String descr, double... values) {
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int size = descr.charAt(2) - '0';
        ByteBuffer out = ByteBuffer.allocate(values.length * size).order(order);
        for (double v : values) {
            switch (descr.substring(1)) {
                case "f4" -> out.putFloat((float) v);
                case "f8" -> out.putDouble(v);
                case "u1", "i1" -> out.put((byte) (int) v);
                case "i2" -> out.putShort((short) v);
                case "i4" -> out.putInt((int) v);
                default -> throw new IllegalArgumentException(descr);
            }
        }
        return out.array();
    }

    /** An `.npz` of the named NPY files, each stored or deflated. */
    static byte[] npz(Map<String, byte[]> arrays, boolean deflated) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> array : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(array.getKey() + ".npy");
                if (!deflated) {
                    CRC32 crc = new CRC32();
                    crc.update(array.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(array.getValue().length);
                    entry.setCompressedSize(array.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(array.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An IDX file: magic number of `type` and the dimensions, big-endian, then `data`. */
    static byte[] idx(int type, int[] dimensions, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length);
        out.put(new byte[] {0, 0, (byte) type, (byte) dimensions.length});
        for (int d : dimensions) {
            out.putInt(d);
        }
        return out.put(data).array();
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

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, String text) {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes `image` in `format` (`png`, `bmp`, `gif`, `jpg`), making folders as needed. */
    static Path image(Path dir, String name, BufferedImage image, String format) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no " + format + " writer for image type " + image.getType());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A grey image whose pixel (y, x) is `(seed + 16 y + x) mod 256`. */
    static BufferedImage grey(int height, int width, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (seed + 16 * y + x) & 0xff);
            }
        }
        return image;
    }

    /** A colour image of the given ARGB pixels, row by row; with `alpha` it keeps their alpha. */
    static BufferedImage colour(int height, int width, boolean alpha, int... argb) {
        BufferedImage image = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < argb.length; i++) {
            image.setRGB(i % width, i / width, argb[i]);
        }
        return image;
    }

    static float[] read(Samples samples, int index) throws dev.aec.runtime.data.DataException {
        float[] values = new float[samples.width()];
        samples.read(index, values, 0);
        return values;
    }

    /** A file source as the compiler would make it, with every option at its default (not for images, which need a size). */
    static FileSource source(Format format, Path path) {
        return new FileSource(format, path.toAbsolutePath(), path.getFileName().toString(), SPAN, Optional.empty(),
                false, false, Header.AUTO, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), SPAN);
    }

    static FileSource images(Path path, Shape size, boolean resize, boolean skipBad) {
        return new FileSource(Format.IMAGES, path.toAbsolutePath(), path.getFileName().toString(), SPAN,
                Optional.of(size), resize, skipBad, Header.AUTO, Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(), SPAN);
    }

    /** A CSV source; `columns` is written as in a model file and parsed as the compiler parses it. */
    static FileSource csv(Path path, Header header, Optional<String> columns, Optional<Scale> scale) {
        return new FileSource(Format.CSV, path.toAbsolutePath(), path.getFileName().toString(), SPAN, Optional.empty(),
                false, false, header, columns.map(ColumnList::columns), Optional.empty(), scale, Map.of(), SPAN);
    }

    /** An NPY source reading `array` of an `.npz` (empty for an `.npy`). */
    static FileSource npySource(Path path, Optional<String> array, Optional<Scale> scale) {
        return new FileSource(Format.NPY, path.toAbsolutePath(), path.getFileName().toString(), SPAN, Optional.empty(),
                false, false, Header.AUTO, Optional.empty(), array, scale, Map.of(), SPAN);
    }

    /** The columns `written` lists, parsed as the compiler parses a `columns:` string. */
    static Optional<Columns> columns(String written) {
        return Optional.of(ColumnList.columns(written));
    }
}
