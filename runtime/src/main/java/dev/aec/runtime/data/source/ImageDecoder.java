package dev.aec.runtime.data.source;

import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
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
        return withReader(file, reader -> {
            Optional<ImageTypeSpecifier> raw = Optional.ofNullable(reader.getRawImageType(0));
            boolean grey = raw.map(t -> t.getColorModel().getNumColorComponents() == 1
                    && !(t.getColorModel() instanceof java.awt.image.IndexColorModel)).orElse(false);
            return new Header(reader.getHeight(0), reader.getWidth(0), grey);
        });
    }

    /** Decodes the first image of the file into `channels` (1, 3 or 4) channels. */
    static Decoded decode(Path file, int channels) throws DataException {
        return withReader(file, reader -> {
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_PIXELS) {
                throw new DataException(file.toString(), "the image is " + reader.getHeight(0) + "x" + reader.getWidth(0)
                        + " (height x width), larger than the " + MAX_PIXELS + " pixels aec decodes");
            }
            AtomicReference<String> truncated = new AtomicReference<>();
            // Like Pillow, which refuses truncated files unless told otherwise; other warnings (a stray byte) pass.
            reader.addIIOReadWarningListener((source, warning) -> {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("truncat") || w.contains("premature end")) {
                    truncated.compareAndSet(null, warning);
                }
            });
            BufferedImage image = reader.read(0);
            if (truncated.get() != null) {
                throw new DataException(file.toString(), "cannot decode the image: " + Content.lowercase(truncated.get()));
            }
            return new Decoded(image.getHeight(), image.getWidth(), convert(image, channels));
        });
    }

    private static <T> T withReader(Path file, Task<T> task) throws DataException {
        String subject = file.toString();
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            if (Files.size(file) == 0) {
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
            throw Files.exists(file) ? new DataException(subject, "permission denied", e)
                    : new DataException(subject, "no such file: was it removed after the folder was listed?", e);
        } catch (IOException e) {
            throw Content.failure(subject, false, e);
        } catch (RuntimeException e) {
            // Decoders throw what they meet on damaged data (an index out of range in a BMP, a bad GIF code).
            throw new DataException(subject, "cannot decode the image: damaged data (" + e + ")", e);
        }
    }

    /** The image as height x width x `channels` floats in [0, 1]. */
    static float[] convert(BufferedImage image, int channels) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] out = new float[width * height * channels];
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
        return out;
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
