package dev.aec.runtime.data.source;

import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one image file with `javax.imageio` (a reader of its own per call, so calls may run in
 * parallel) into floats in [0, 1], row-major height x width x channels. Grey and colour samples
 * are read from the raster as stored (8 or 16 bits, divided by 255 or 65535), since
 * `BufferedImage.getRGB` would pass grey through a gamma curve; palette images go through their
 * palette at 8 bits. Greyscale from colour uses ITU-R BT.601 luma with Pillow's integer rounding,
 * `L = (19595 R + 38470 G + 7471 B + 32768) >> 16`, so that values match what Keras users get
 * from `convert("L")`; alpha is dropped for 1 and 3 channels and is 1 for images without it.
 * Only the first frame of an animated GIF is read.
 */
final class ImageDecoder {
    /** Images larger than this many pixels are refused before decoding: 16384x16384. */
    static final long MAX_PIXELS = 1L << 28;

    /** An image's size, and whether it is grey, from its header. */
    record Header(int height, int width, boolean grey) {
    }

    /** A decoded image: `values` holds height x width x channels floats. */
    record Decoded(int height, int width, float[] values) {
    }

    private interface Task<T> {
        T run(ImageReader reader) throws IOException, DataException;
    }

    private ImageDecoder() {
    }

    /** Reads the header only: cheap enough to do for every file of a large folder. */
    static Header header(Path file) throws DataException {
        return header(ImageSource.of(file));
    }

    /** Reads the header of an image held in memory, `subject` naming it in messages. */
    static Header header(String subject, byte[] bytes) throws DataException {
        return header(ImageSource.of(subject, bytes));
    }

    private static Header header(ImageSource source) throws DataException {
        return withReader(source, reader -> {
            Optional<ImageTypeSpecifier> raw = Optional.ofNullable(reader.getRawImageType(0));
            boolean grey = raw.map(t -> t.getColorModel().getNumColorComponents() == 1
                    && !(t.getColorModel() instanceof java.awt.image.IndexColorModel)).orElse(false);
            return new Header(reader.getHeight(0), reader.getWidth(0), grey);
        });
    }

    /** Decodes the first image of the file into `channels` (1, 3 or 4) channels. */
    static Decoded decode(Path file, int channels) throws DataException {
        return decode(ImageSource.of(file), channels);
    }

    /** Decodes an image held in memory (a file read from another file system), `subject` naming it in messages. */
    static Decoded decode(String subject, byte[] bytes, int channels) throws DataException {
        return decode(ImageSource.of(subject, bytes), channels);
    }

    private static Decoded decode(ImageSource source, int channels) throws DataException {
        String subject = source.subject();
        return withReader(source, reader -> {
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_PIXELS) {
                throw new DataException(subject, "the image is " + reader.getHeight(0) + "x" + reader.getWidth(0)
                        + " (height x width), larger than the " + MAX_PIXELS + " pixels aec decodes");
            }
            AtomicReference<String> truncated = new AtomicReference<>();
            // Like Pillow, which refuses truncated files unless told otherwise; other warnings (a stray byte) pass.
            reader.addIIOReadWarningListener((ignored, warning) -> {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("truncat") || w.contains("premature end")) {
                    truncated.compareAndSet(null, warning);
                }
            });
            BufferedImage image = reader.read(0);
            if (truncated.get() != null) {
                throw new DataException(subject, "cannot decode the image: " + Content.lowercase(truncated.get()));
            }
            return new Decoded(image.getHeight(), image.getWidth(), convert(image, channels));
        });
    }

    /** An image's bytes: a file of this machine's, or bytes already read from elsewhere. */
    private interface ImageSource {
        String subject();

        long size() throws IOException;

        ImageInputStream open() throws IOException;

        /** Why the bytes could not be opened, when it was not their content. */
        DataException unopened(java.io.FileNotFoundException e);

        static ImageSource of(Path file) {
            return new ImageSource() {
                @Override
                public String subject() {
                    return file.toString();
                }

                @Override
                public long size() throws IOException {
                    return Files.size(file);
                }

                @Override
                public ImageInputStream open() throws IOException {
                    return new FileImageInputStream(file.toFile());
                }

                @Override
                public DataException unopened(java.io.FileNotFoundException e) {
                    return Files.exists(file) ? new DataException(subject(), "permission denied", e)
                            : new DataException(subject(), "no such file: was it removed after the folder was listed?", e);
                }
            };
        }

        static ImageSource of(String subject, byte[] bytes) {
            return new ImageSource() {
                @Override
                public String subject() {
                    return subject;
                }

                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public ImageInputStream open() {
                    return new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(bytes));
                }

                @Override
                public DataException unopened(java.io.FileNotFoundException e) {
                    return new DataException(subject, "cannot read the image", e);
                }
            };
        }
    }

    private static <T> T withReader(ImageSource source, Task<T> task) throws DataException {
        String subject = source.subject();
        try (ImageInputStream in = source.open()) {
            if (source.size() == 0) {
                throw new DataException(subject, "empty file: expected a PNG, JPEG, BMP or GIF image");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(subject, "not a PNG, JPEG, BMP or GIF image: its content is none of these");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return task.run(reader);
            } finally {
                reader.dispose();
            }
        } catch (IIOException e) {
            // ImageIO wraps a file that ends too early, or pixels that do not inflate, in its own words:
            // "I/O error reading PNG header!", "Error reading PNG image data".
            throw new DataException(subject, "cannot decode the image: " + (e.getCause() instanceof java.io.EOFException
                    ? "the file ends too early (" + Content.lowercase(e.getMessage()) + ")"
                    : e.getCause() instanceof java.util.zip.ZipException z
                    ? "damaged compressed data (" + Content.lowercase(e.getMessage()) + ": "
                            + Content.lowercase(z.getMessage()) + ")"
                    : Content.lowercase(e.getMessage())), e);
        } catch (java.io.FileNotFoundException e) {
            throw source.unopened(e);
        } catch (IOException e) {
            throw Content.failure(subject, false, e);
        } catch (RuntimeException e) {
            // Decoders throw what they meet on damaged data (an index out of range in a BMP, a bad GIF code).
            throw new DataException(subject, "cannot decode the image: damaged data (" + e + ")", e);
        }
    }

    /** `v / 255f` for every byte: the same floats as dividing, without the division. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < UNIT.length; v++) {
            UNIT[v] = v / 255f;
        }
    }

    /** The image as height x width x `channels` floats in [0, 1]. */
    static float[] convert(BufferedImage image, int channels) {
        float[] out = new float[image.getWidth() * image.getHeight() * channels];
        if (!convertRaw(image, channels, out)) {
            convertGeneral(image, channels, out);
        }
        return out;
    }

    /**
     * {@link #convertGeneral} in one loop over the raster's stored samples, for the layouts image
     * readers produce (interleaved 8- or 16-bit components, a palette, 8-bit packed RGB): copying
     * each pixel through the general path cost as much as decoding a small PNG. The floats are the
     * same bit for bit; false, with `out` untouched, for any other layout.
     */
    static boolean convertRaw(BufferedImage image, int channels, float[] out) {
        ColorModel model = image.getColorModel();
        WritableRaster raster = image.getRaster();
        DataBuffer buffer = raster.getDataBuffer();
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || buffer.getNumBanks() != 1 || buffer.getOffset() != 0 || model.isAlphaPremultiplied()) {
            return false;
        }
        if (model instanceof IndexColorModel palette) {
            return convertIndexed(image, palette, raster, channels, out);
        }
        if (model instanceof DirectColorModel
                && (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB)
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel packed
                && buffer instanceof DataBufferInt ints) {
            int[] data = ints.getData();
            boolean alpha = model.hasAlpha();
            int width = image.getWidth();
            int stride = packed.getScanlineStride();
            int o = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0, at = y * stride; x < width; x++, at++, o += channels) {
                    argb(data[at], alpha, channels, out, o);
                }
            }
            return true;
        }
        int type = model.getColorSpace().getType();
        boolean direct = model instanceof ComponentColorModel
                && (type == ColorSpace.TYPE_GRAY || model.getColorSpace().isCS_sRGB())
                && raster.getNumBands() == model.getNumComponents();
        if (!direct || !(raster.getSampleModel() instanceof ComponentSampleModel layout)) {
            return false;
        }
        int colours = model.getNumColorComponents();
        boolean alpha = model.hasAlpha();
        int bands = colours + (alpha ? 1 : 0);
        int bits = model.getComponentSize(0);
        for (int b = 0; b < bands; b++) {
            if (model.getComponentSize(b) != bits || layout.getSampleSize(b) != bits) {
                return false;
            }
        }
        if (bits == 8 && buffer instanceof DataBufferByte bytes) {
            convertBytes(bytes.getData(), layout, image.getWidth(), image.getHeight(), colours, alpha, channels, out);
            return true;
        }
        if (bits == 16 && buffer instanceof DataBufferUShort shorts) {
            convertShorts(shorts.getData(), layout, image.getWidth(), image.getHeight(), colours, alpha, channels, out);
            return true;
        }
        return false;
    }

    private static void convertBytes(byte[] data, ComponentSampleModel layout, int width, int height, int colours,
                                     boolean alpha, int channels, float[] out) {
        int step = layout.getPixelStride();
        int stride = layout.getScanlineStride();
        int[] offsets = layout.getBandOffsets();
        int o = 0;
        if (colours == 1) {
            int g0 = offsets[0];
            int a0 = alpha ? offsets[1] : 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0, at = y * stride; x < width; x++, at += step, o += channels) {
                    float grey = UNIT[data[at + g0] & 0xff];
                    out[o] = grey;
                    if (channels > 1) {
                        out[o + 1] = grey;
                        out[o + 2] = grey;
                        if (channels == 4) {
                            out[o + 3] = alpha ? UNIT[data[at + a0] & 0xff] : 1f;
                        }
                    }
                }
            }
            return;
        }
        int r0 = offsets[0];
        int g0 = offsets[1];
        int b0 = offsets[2];
        int a0 = alpha ? offsets[3] : 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0, at = y * stride; x < width; x++, at += step, o += channels) {
                int r = data[at + r0] & 0xff;
                int g = data[at + g0] & 0xff;
                int b = data[at + b0] & 0xff;
                if (channels == 1) {
                    out[o] = UNIT[(19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16];
                    continue;
                }
                out[o] = UNIT[r];
                out[o + 1] = UNIT[g];
                out[o + 2] = UNIT[b];
                if (channels == 4) {
                    out[o + 3] = alpha ? UNIT[data[at + a0] & 0xff] : 1f;
                }
            }
        }
    }

    private static void convertShorts(short[] data, ComponentSampleModel layout, int width, int height, int colours,
                                      boolean alpha, int channels, float[] out) {
        int step = layout.getPixelStride();
        int stride = layout.getScanlineStride();
        int[] offsets = layout.getBandOffsets();
        int o = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0, at = y * stride; x < width; x++, at += step, o += channels) {
                float a = alpha ? (data[at + offsets[colours]] & 0xffff) / 65535f : 1f;
                if (colours == 1) {
                    float grey = (data[at + offsets[0]] & 0xffff) / 65535f;
                    out[o] = grey;
                    if (channels > 1) {
                        out[o + 1] = grey;
                        out[o + 2] = grey;
                        if (channels == 4) {
                            out[o + 3] = a;
                        }
                    }
                    continue;
                }
                int r = data[at + offsets[0]] & 0xffff;
                int g = data[at + offsets[1]] & 0xffff;
                int b = data[at + offsets[2]] & 0xffff;
                if (channels == 1) {
                    out[o] = 0.299f * r / 65535 + 0.587f * g / 65535 + 0.114f * b / 65535;
                    continue;
                }
                out[o] = r / 65535f;
                out[o + 1] = g / 65535f;
                out[o + 2] = b / 65535f;
                if (channels == 4) {
                    out[o + 3] = a;
                }
            }
        }
    }

    /** Palette images: each entry's floats worked out once, then copied per pixel. */
    private static boolean convertIndexed(BufferedImage image, IndexColorModel palette, WritableRaster raster,
                                          int channels, float[] out) {
        int bits = raster.getSampleModel().getSampleSize(0);
        if (raster.getNumBands() != 1 || bits > 8) {
            return false;
        }
        boolean alpha = palette.hasAlpha();
        float[] entries = new float[(1 << bits) * channels];
        for (int i = 0; i < 1 << bits; i++) {
            argb(palette.getRGB(i), alpha, channels, entries, i * channels);
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int o = 0;
        if (bits == 8 && raster.getSampleModel() instanceof ComponentSampleModel layout
                && raster.getDataBuffer() instanceof DataBufferByte bytes) {
            byte[] data = bytes.getData();
            int step = layout.getPixelStride();
            int stride = layout.getScanlineStride();
            int first = layout.getBandOffsets()[0];
            for (int y = 0; y < height; y++) {
                for (int x = 0, at = y * stride + first; x < width; x++, at += step, o += channels) {
                    System.arraycopy(entries, (data[at] & 0xff) * channels, out, o, channels);
                }
            }
            return true;
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++, o += channels) {
                System.arraycopy(entries, row[x] * channels, out, o, channels);
            }
        }
        return true;
    }

    /** One pixel's floats from its 8-bit sRGB `argb`, as the general path works them out. */
    private static void argb(int argb, boolean alpha, int channels, float[] out, int at) {
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        if (channels == 1) {
            out[at] = UNIT[(19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16];
            return;
        }
        out[at] = UNIT[r];
        out[at + 1] = UNIT[g];
        out[at + 2] = UNIT[b];
        if (channels == 4) {
            out[at + 3] = alpha ? UNIT[argb >>> 24] : 1f;
        }
    }

    /**
     * The image into `out` through `getPixels` or `getRGB` and one pixel at a time: any layout and
     * colour model, and the reference the raw path must match.
     */
    static void convertGeneral(BufferedImage image, int channels, float[] out) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int type = model.getColorSpace().getType();
        boolean direct = model instanceof ComponentColorModel && !model.isAlphaPremultiplied()
                && (type == ColorSpace.TYPE_GRAY || model.getColorSpace().isCS_sRGB())
                && raster.getNumBands() == model.getNumComponents();
        int colours = direct ? model.getNumColorComponents() : 3;
        boolean alpha = model.hasAlpha();
        int bands = colours + (alpha ? 1 : 0);
        int[] max = new int[bands];
        boolean bytes = true;
        for (int b = 0; b < bands; b++) {
            int bits = direct ? model.getComponentSize(b) : 8;
            max[b] = (1 << bits) - 1;
            bytes &= bits == 8;
        }
        int[] row = new int[width * bands];
        int[] argb = direct ? null : new int[width];
        float[] pixel = new float[4];
        int[] sample = new int[4];
        for (int y = 0; y < height; y++) {
            if (direct) {
                raster.getPixels(0, y, width, 1, row);
            } else {
                image.getRGB(0, y, width, 1, argb, 0, width);
                for (int x = 0; x < width; x++) {
                    int v = argb[x];
                    row[x * bands] = (v >> 16) & 0xff;
                    row[x * bands + 1] = (v >> 8) & 0xff;
                    row[x * bands + 2] = v & 0xff;
                    if (alpha) {
                        row[x * bands + 3] = v >>> 24;
                    }
                }
            }
            for (int x = 0; x < width; x++) {
                System.arraycopy(row, x * bands, sample, 0, bands);
                pixel(sample, colours, alpha, max, bytes, channels, pixel);
                System.arraycopy(pixel, 0, out, (y * width + x) * channels, channels);
            }
        }
    }

    /** One pixel's `channels` values from its `colours` colour samples (and alpha, when `alpha`). */
    private static void pixel(int[] sample, int colours, boolean alpha, int[] max, boolean bytes, int channels,
                              float[] out) {
        float a = alpha ? sample[colours] / (float) max[colours] : 1f;
        if (colours == 1) {
            float grey = sample[0] / (float) max[0];
            out[0] = grey;
            out[1] = grey;
            out[2] = grey;
            out[3] = a;
            return;
        }
        if (channels == 1) {
            out[0] = bytes
                    ? ((19595 * sample[0] + 38470 * sample[1] + 7471 * sample[2] + 0x8000) >> 16) / 255f
                    : (0.299f * sample[0] / max[0] + 0.587f * sample[1] / max[1] + 0.114f * sample[2] / max[2]);
            return;
        }
        for (int c = 0; c < 3; c++) {
            out[c] = sample[c] / (float) max[c];
        }
        out[3] = a;
    }
}
