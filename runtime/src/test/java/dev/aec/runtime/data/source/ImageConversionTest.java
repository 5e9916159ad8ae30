package dev.aec.runtime.data.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The raw conversion of a raster gives the general path's floats bit for bit, for every layout. */
class ImageConversionTest {
    private static final int HEIGHT = 7;
    private static final int WIDTH = 13;

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("byte grey", filled(BufferedImage.TYPE_BYTE_GRAY), true),
                Arguments.of("ushort grey", filled(BufferedImage.TYPE_USHORT_GRAY), true),
                Arguments.of("3byte bgr", filled(BufferedImage.TYPE_3BYTE_BGR), true),
                Arguments.of("4byte abgr", filled(BufferedImage.TYPE_4BYTE_ABGR), true),
                Arguments.of("int rgb", filled(BufferedImage.TYPE_INT_RGB), true),
                Arguments.of("int argb", filled(BufferedImage.TYPE_INT_ARGB), true),
                Arguments.of("byte indexed", filled(BufferedImage.TYPE_BYTE_INDEXED), true),
                Arguments.of("byte binary", filled(BufferedImage.TYPE_BYTE_BINARY), true),
                Arguments.of("two-bit palette with alpha", palette(2, true), true),
                Arguments.of("eight-bit palette with alpha", palette(8, true), true),
                Arguments.of("rgb bytes", interleaved(8, false, false), true),
                Arguments.of("rgba bytes", interleaved(8, false, true), true),
                Arguments.of("grey and alpha bytes", interleaved(8, true, true), true),
                Arguments.of("rgb 16 bits", interleaved(16, false, false), true),
                Arguments.of("rgba 16 bits", interleaved(16, false, true), true),
                Arguments.of("grey and alpha 16 bits", interleaved(16, true, true), true),
                Arguments.of("png grey", reread(filled(BufferedImage.TYPE_BYTE_GRAY), "png"), true),
                Arguments.of("png 16-bit grey", reread(filled(BufferedImage.TYPE_USHORT_GRAY), "png"), true),
                Arguments.of("png rgb", reread(filled(BufferedImage.TYPE_3BYTE_BGR), "png"), true),
                Arguments.of("png rgba", reread(filled(BufferedImage.TYPE_4BYTE_ABGR), "png"), true),
                Arguments.of("png palette", reread(filled(BufferedImage.TYPE_BYTE_INDEXED), "png"), true),
                Arguments.of("png one-bit", reread(filled(BufferedImage.TYPE_BYTE_BINARY), "png"), true),
                Arguments.of("gif", reread(filled(BufferedImage.TYPE_BYTE_INDEXED), "gif"), true),
                Arguments.of("jpeg", reread(filled(BufferedImage.TYPE_3BYTE_BGR), "jpg"), true),
                Arguments.of("jpeg grey", reread(filled(BufferedImage.TYPE_BYTE_GRAY), "jpg"), true),
                Arguments.of("bmp", reread(filled(BufferedImage.TYPE_3BYTE_BGR), "bmp"), true),
                Arguments.of("int bgr", filled(BufferedImage.TYPE_INT_BGR), false),
                Arguments.of("int argb premultiplied", filled(BufferedImage.TYPE_INT_ARGB_PRE), false),
                Arguments.of("ushort 565", filled(BufferedImage.TYPE_USHORT_565_RGB), false),
                Arguments.of("a part of a larger image", filled(BufferedImage.TYPE_3BYTE_BGR).getSubimage(2, 1, 5, 4),
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void rawConversionGivesTheGeneralPathsFloatsBitForBit(String name, BufferedImage image, boolean raw) {
        for (int channels : new int[] {1, 3, 4}) {
            float[] expected = new float[image.getWidth() * image.getHeight() * channels];
            ImageDecoder.convertGeneral(image, channels, expected);
            float[] fast = new float[expected.length];
            assertThat(ImageDecoder.convertRaw(image, channels, fast)).as("raw path taken").isEqualTo(raw);
            float[] actual = ImageDecoder.convert(image, channels);
            for (int i = 0; i < expected.length; i++) {
                assertThat(Float.floatToRawIntBits(actual[i])).as("%s, %d channels, value %d", name, channels, i)
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }

    /** Every stored sample random, every palette entry used. */
    private static BufferedImage filled(int type) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, type);
        randomise(image.getRaster(), type);
        return image;
    }

    private static BufferedImage palette(int bits, boolean alpha) {
        Random random = new Random(bits);
        int size = 1 << bits;
        byte[][] entries = new byte[4][size];
        for (byte[] e : entries) {
            random.nextBytes(e);
        }
        IndexColorModel model = alpha ? new IndexColorModel(bits, size, entries[0], entries[1], entries[2], entries[3])
                : new IndexColorModel(bits, size, entries[0], entries[1], entries[2]);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT,
                bits < 8 ? BufferedImage.TYPE_BYTE_BINARY : BufferedImage.TYPE_BYTE_INDEXED, model);
        randomise(image.getRaster(), bits);
        return image;
    }

    /** Interleaved components as a PNG reader lays them out: red first, not BGR. */
    private static BufferedImage interleaved(int bits, boolean grey, boolean alpha) {
        ColorSpace space = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        int bands = (grey ? 1 : 3) + (alpha ? 1 : 0);
        int dataType = bits == 8 ? DataBuffer.TYPE_BYTE : DataBuffer.TYPE_USHORT;
        ColorModel model = new ComponentColorModel(space, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        int[] offsets = new int[bands];
        for (int b = 0; b < bands; b++) {
            offsets[b] = b;
        }
        WritableRaster raster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(dataType, WIDTH, HEIGHT, bands, WIDTH * bands, offsets), null);
        randomise(raster, bits + bands);
        return new BufferedImage(model, raster, false, null);
    }

    private static void randomise(WritableRaster raster, int seed) {
        Random random = new Random(seed);
        for (int b = 0; b < raster.getNumBands(); b++) {
            int max = (1 << raster.getSampleModel().getSampleSize(b)) - 1;
            for (int y = 0; y < raster.getHeight(); y++) {
                for (int x = 0; x < raster.getWidth(); x++) {
                    // The extremes on the first row, where rounding is likeliest to slip.
                    int v = y == 0 ? (x % 2 == 0 ? 0 : max) : random.nextInt(max + 1);
                    raster.setSample(x, y, b, v);
                }
            }
        }
    }

    private static BufferedImage reread(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("no writer of " + format + " for " + image);
            }
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
