package dev.aec.runtime.data.source;

import static dev.aec.runtime.data.source.SourceFixtures.colour;
import static dev.aec.runtime.data.source.SourceFixtures.grey;
import static dev.aec.runtime.data.source.SourceFixtures.image;
import static dev.aec.runtime.data.source.SourceFixtures.read;
import static dev.aec.runtime.data.source.SourceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFolderTest {

    @TempDir
    Path dir;

    private ImageFolder open(Shape size) throws DataException {
        return ImageFolder.open(dir, Optional.of(size), false, false);
    }

    private static float[] bytes(int... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] / 255f;
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"png", "bmp"})
    void greyImageReadsItsBytesExactly(String format) throws DataException {
        image(dir, "a." + format, grey(2, 3, 40), format);

        try (ImageFolder images = open(Shape.of(2, 3, 1))) {
            assertThat(read(images, 0)).containsExactly(bytes(40, 41, 42, 56, 57, 58));
        }
    }

    @ParameterizedTest(name = "{0} as grey is {1}")
    @CsvSource({"ff0000, 76", "00ff00, 150", "0000ff, 29", "808080, 128", "0ac81e, 124"})
    void colourToGreyMatchesPillowsConvertL(String rgb, int expected) throws DataException {
        image(dir, "a.png", colour(1, 1, false, Integer.parseInt(rgb, 16)), "png");

        try (ImageFolder images = open(Shape.of(1, 1, 1))) {
            assertThat(read(images, 0)).containsExactly(expected / 255f);
        }
    }

    @Test
    void colourImageReadsAsRgbAndAsRgbaWithOpaqueAlpha() throws DataException {
        image(dir, "a.png", colour(1, 2, false, 0x102030, 0xfffefd), "png");

        try (ImageFolder images = open(Shape.of(1, 2, 3))) {
            assertThat(read(images, 0)).containsExactly(bytes(0x10, 0x20, 0x30, 0xff, 0xfe, 0xfd));
        }
        try (ImageFolder images = open(Shape.of(1, 2, 4))) {
            assertThat(read(images, 0)).containsExactly(bytes(0x10, 0x20, 0x30, 255, 0xff, 0xfe, 0xfd, 255));
        }
    }

    @Test
    void greyImageIsRepeatedIntoColourChannels() throws DataException {
        image(dir, "a.png", grey(1, 1, 77), "png");

        try (ImageFolder images = open(Shape.of(1, 1, 4))) {
            assertThat(read(images, 0)).containsExactly(bytes(77, 77, 77, 255));
        }
    }

    @Test
    void alphaIsKeptForFourChannelsAndDroppedForThree() throws DataException {
        image(dir, "a.png", colour(1, 1, true, 0x80ff4020), "png");

        try (ImageFolder images = open(Shape.of(1, 1, 4))) {
            assertThat(read(images, 0)).containsExactly(bytes(0xff, 0x40, 0x20, 0x80));
        }
        try (ImageFolder images = open(Shape.of(1, 1, 3))) {
            assertThat(read(images, 0)).containsExactly(bytes(0xff, 0x40, 0x20));
        }
    }

    @Test
    void sixteenBitGreyKeepsItsPrecision() throws DataException {
        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 1000);
        deep.getRaster().setSample(1, 0, 0, 65535);
        image(dir, "a.png", deep, "png");

        try (ImageFolder images = open(Shape.of(1, 2, 1))) {
            assertThat(read(images, 0)).containsExactly(1000 / 65535f, 1f);
        }
    }

    @Test
    void paletteGifReadsItsPaletteColours() throws DataException {
        byte[] r = {0, (byte) 255, 10, 0};
        byte[] g = {0, 0, 20, (byte) 255};
        byte[] b = {0, 0, 30, 0};
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
        indexed.getRaster().setSample(0, 0, 0, 1);
        indexed.getRaster().setSample(1, 0, 0, 2);
        image(dir, "a.gif", indexed, "gif");

        try (ImageFolder images = open(Shape.of(1, 2, 3))) {
            assertThat(read(images, 0)).containsExactly(bytes(255, 0, 0, 10, 20, 30));
        }
    }

    @Test
    void jpegIsLossySoItReadsCloseToWhatWasWritten() throws DataException {
        BufferedImage smooth = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                smooth.setRGB(x, y, (8 * x) << 16 | (8 * y) << 8 | 100);
            }
        }
        image(dir, "a.jpg", smooth, "jpg");

        try (ImageFolder images = open(Shape.of(16, 16, 3))) {
            float[] values = read(images, 0);
            assertThat(values[(5 * 16 + 7) * 3]).isCloseTo(56 / 255f, within(0.03f));
            assertThat(values[(5 * 16 + 7) * 3 + 1]).isCloseTo(40 / 255f, within(0.03f));
            assertThat(values[(5 * 16 + 7) * 3 + 2]).isCloseTo(100 / 255f, within(0.03f));
        }
    }

    @Test
    void firstLevelFoldersAreTheClassesInSortedOrder() throws DataException {
        image(dir, "dogs/b.png", grey(1, 1, 2), "png");
        image(dir, "cats/a.png", grey(1, 1, 1), "png");
        image(dir, "dogs/puppies/c.png", grey(1, 1, 3), "png");

        try (ImageFolder images = open(Shape.of(1, 1, 1))) {
            assertThat(images.classes()).containsExactly("cats", "dogs");
            assertThat(IntStream.range(0, 3).mapToObj(images::name)).containsExactly("cats/a.png", "dogs/b.png",
                    "dogs/puppies/c.png");
            assertThat(IntStream.range(0, 3).mapToObj(images::label)).containsExactly(OptionalInt.of(0),
                    OptionalInt.of(1), OptionalInt.of(1));
        }
    }

    @Test
    void orderIsByNameAsJavaComparesStringsAndAnImageAtTheTopMeansNoLabels() throws DataException {
        for (String name : List.of("b.png", "B.png", "a10.png", "a9.png", "a/x.png", "a-b.png")) {
            image(dir, name, grey(1, 1, 0), "png");
        }

        try (ImageFolder images = open(Shape.of(1, 1, 1))) {
            assertThat(IntStream.range(0, images.count()).mapToObj(images::name))
                    .containsExactly("B.png", "a/x.png", "a-b.png", "a10.png", "a9.png", "b.png");
            assertThat(images.classes()).isEmpty();
            assertThat(images.label(0)).isEmpty();
        }
    }

    @Test
    void extensionsAreCaseInsensitiveAndDotFilesAreLeftOut() throws DataException {
        image(dir, "X.PNG", grey(1, 1, 0), "png");
        image(dir, "y.JpEg", colour(1, 1, false, 0), "jpg");
        write(dir, "._X.PNG", new byte[] {0, 5, 22, 7});
        image(dir, ".thumbnails/z.png", grey(1, 1, 0), "png");
        write(dir, "notes.txt", "not an image");

        try (ImageFolder images = open(Shape.of(1, 1, 1))) {
            assertThat(IntStream.range(0, images.count()).mapToObj(images::name)).containsExactly("X.PNG", "y.JpEg");
        }
    }

    @Test
    @Timeout(10)
    void symbolicLinkLoopIsWalkedOnce() throws Exception {
        image(dir, "a/x.png", grey(1, 1, 0), "png");
        Files.createSymbolicLink(dir.resolve("a/loop"), dir);
        Files.createSymbolicLink(dir.resolve("a/broken.png"), dir.resolve("nowhere.png"));

        try (ImageFolder images = open(Shape.of(1, 1, 1))) {
            assertThat(images.count()).isEqualTo(1);
            assertThat(images.name(0)).isEqualTo("a/x.png");
        }
    }

    @Test
    void folderWithoutImagesListsWhatItHolds() {
        write(dir, "scan.tiff", "tiff");
        write(dir, "notes/readme.txt", "text");

        assertThatThrownBy(() -> open(Shape.of(1, 1, 1)))
                .hasMessage(dir + ": no images (PNG, JPEG, BMP or GIF) found, only 2 other files: `notes/readme.txt`, `scan.tiff`")
                .satisfies(e -> assertThat(((DataException) e).help())
                        .hasValue("images are found by their extension: .png, .jpg, .jpeg, .bmp or .gif"));
    }

    @Test
    void emptyMissingAndNotAFolderAreReported() throws Exception {
        Files.createDirectory(dir.resolve("empty"));
        Path file = write(dir, "file.png", "x");

        assertThatThrownBy(() -> ImageFolder.open(dir.resolve("empty"), Optional.empty(), false, false))
                .hasMessage(dir.resolve("empty") + ": empty folder: no images (PNG, JPEG, BMP or GIF) found");
        assertThatThrownBy(() -> ImageFolder.open(dir.resolve("absent"), Optional.empty(), false, false))
                .hasMessage(dir.resolve("absent") + ": no such folder");
        assertThatThrownBy(() -> ImageFolder.open(file, Optional.empty(), false, false))
                .hasMessage(file + ": not a folder: `images(...)` reads every image in a folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"28x28", "28x28x2", "0x28x1"})
    void sizeMustBeHeightWidthAndOneThreeOrFourChannels(String size) {
        image(dir, "a.png", grey(1, 1, 0), "png");
        Shape shape = Shape.of(Arrays.stream(size.split("x")).mapToInt(Integer::parseInt).toArray());

        assertThatThrownBy(() -> open(shape))
                .hasMessage(dir + ": images are read at a size of height x width x channels with 1 (grey), 3 (RGB) "
                        + "or 4 (RGBA) channels, not " + size);
    }

    @Test
    void sizeIsTheFirstImagesWhenNotGiven() throws DataException {
        image(dir, "a.png", colour(3, 2, false, 0, 0, 0, 0, 0, 0), "png");
        image(dir, "b.png", grey(3, 2, 0), "png");

        try (ImageFolder images = ImageFolder.open(dir, Optional.empty(), false, false)) {
            assertThat(images.sampleShape()).isEqualTo(Shape.of(3, 2, 3));
        }
    }

    @Test
    void wrongSizeNamesTheFileAndBothSizes() throws DataException {
        image(dir, "a.png", grey(2, 2, 0), "png");
        Path odd = image(dir, "b.png", grey(3, 2, 0), "png");

        try (ImageFolder images = open(Shape.of(2, 2, 1))) {
            assertThatThrownBy(() -> read(images, 1))
                    .hasMessage(odd + ": the image is 3x2 (height x width), expected 2x2 (`size: 2x2x1`)")
                    .satisfies(e -> assertThat(((DataException) e).help()).hasValue("add `resize: true` to read every image at 2x2"));
        }
    }

    @Test
    void shrinkingMatchesPillowsBilinearResize() throws DataException {
        BufferedImage source = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                source.getRaster().setSample(x, y, 0, (16 * y + 7 * x) % 256);
            }
        }
        image(dir, "a.png", source, "png");

        try (ImageFolder images = ImageFolder.open(dir, Optional.of(Shape.of(2, 3, 1)), true, false)) {
            // Image.fromarray(a / 255, mode="F").resize((3, 2), Image.BILINEAR) with Pillow 9.4.
            assertThat(read(images, 0)).containsExactly(new float[] {0.06442577f, 0.11344539f, 0.16246499f,
                    0.16302522f, 0.21204482f, 0.26106444f}, within(1e-6f));
        }
    }

    @Test
    void enlargingMatchesPillowsBilinearResize() throws DataException {
        BufferedImage source = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        int[] values = {0, 32768, 65535, 65535, 16384, 0};
        for (int i = 0; i < 6; i++) {
            source.getRaster().setSample(i % 3, i / 3, 0, values[i]);
        }
        image(dir, "a.png", source, "png");

        try (ImageFolder images = ImageFolder.open(dir, Optional.of(Shape.of(5, 4, 1)), true, false)) {
            // The same input as floats 0, 0.5, 1 / 1, 0.25, 0 resized to (4, 5) by Pillow 9.4.
            assertThat(read(images, 0)).containsExactly(new float[] {0f, 0.3125f, 0.6875f, 1f,
                    0.1f, 0.334375f, 0.634375f, 0.9f, 0.5f, 0.421875f, 0.421875f, 0.5f,
                    0.9f, 0.509375f, 0.209375f, 0.1f, 1f, 0.53125f, 0.15625f, 0f}, within(2e-5f));
        }
    }

    @Test
    void transparentPixelsDoNotBleedTheirColourWhenResized() throws DataException {
        image(dir, "a.png", colour(1, 2, true, 0xffff0000, 0x0000ff00), "png");

        try (ImageFolder images = ImageFolder.open(dir, Optional.of(Shape.of(1, 1, 4)), true, false)) {
            assertThat(read(images, 0)).containsExactly(new float[] {1f, 0f, 0f, 0.5f}, within(1e-6f));
        }
    }

    @Test
    void corruptImageFailsWhenReadNamingIt() throws DataException {
        image(dir, "a.png", grey(1, 1, 0), "png");
        Path bad = write(dir, "b.png", "this is text, not a picture");

        try (ImageFolder images = open(Shape.of(1, 1, 1))) {
            assertThat(images.count()).isEqualTo(2);
            assertThatThrownBy(() -> read(images, 1))
                    .hasMessage(bad + ": not a PNG, JPEG, BMP or GIF image: its content is none of these");
        }
    }

    @Test
    void skipBadLeavesOutUnreadableFilesAndSaysWhy() throws DataException {
        image(dir, "a.png", grey(1, 1, 9), "png");
        write(dir, "b.png", "this is text, not a picture");
        write(dir, "c.jpg", new byte[0]);
        image(dir, "d.png", grey(1, 1, 10), "png");

        try (ImageFolder images = ImageFolder.open(dir, Optional.of(Shape.of(1, 1, 1)), false, true)) {
            assertThat(images.count()).isEqualTo(2);
            assertThat(images.name(1)).isEqualTo("d.png");
            assertThat(read(images, 1)).containsExactly(10 / 255f);
            assertThat(images.skipped()).containsExactly(
                    "b.png: not a PNG, JPEG, BMP or GIF image: its content is none of these",
                    "c.jpg: empty file: expected a PNG, JPEG, BMP or GIF image");
        }
    }

    @Test
    void truncatedImageWhoseHeaderReadsFailsWhenRead() throws Exception {
        BufferedImage noisy = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < 32 * 32; i++) {
            noisy.setRGB(i % 32, i / 32, i * 2654435761L > 0 ? (int) (i * 2654435761L) : i);
        }
        for (String format : List.of("png", "jpg")) {
            Path file = image(dir, "t." + format, noisy, format);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length * 3 / 4));
        }

        try (ImageFolder images = ImageFolder.open(dir, Optional.of(Shape.of(32, 32, 3)), false, true)) {
            assertThat(images.count()).isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                int index = i;
                assertThatThrownBy(() -> read(images, index))
                        .hasMessageStartingWith(dir.resolve(images.name(i)) + ": cannot decode the image: ");
            }
        }
    }

    @Test
    void skipBadStillRefusesImagesOfAnotherSizeAndCountsThem() {
        image(dir, "a.png", grey(2, 2, 0), "png");
        Path odd = image(dir, "b.png", grey(3, 3, 0), "png");
        image(dir, "c.png", grey(4, 4, 0), "png");

        assertThatThrownBy(() -> ImageFolder.open(dir, Optional.of(Shape.of(2, 2, 1)), false, true))
                .hasMessage(odd + ": the image is 3x3 (height x width), expected 2x2 (`size: 2x2x1`); 1 other image differs too");
    }

    @Test
    void noReadableImageIsAnError() {
        write(dir, "a.png", "x");

        assertThatThrownBy(() -> ImageFolder.open(dir, Optional.empty(), false, true))
                .hasMessage(dir + ": none of the 1 images can be read; the first, a.png: not a PNG, JPEG, BMP or GIF "
                        + "image: its content is none of these");
    }

    @Test
    void fingerprintFollowsTheFilesAndTheOptions() throws Exception {
        Path a = image(dir, "a.png", grey(2, 2, 0), "png");
        String first;
        try (ImageFolder images = open(Shape.of(2, 2, 1))) {
            first = images.fingerprint();
        }
        try (ImageFolder again = open(Shape.of(2, 2, 1));
             ImageFolder resized = ImageFolder.open(dir, Optional.of(Shape.of(2, 2, 1)), true, false);
             ImageFolder rgb = open(Shape.of(2, 2, 3))) {
            assertThat(again.fingerprint()).isEqualTo(first);
            assertThat(resized.fingerprint()).isNotEqualTo(first);
            assertThat(rgb.fingerprint()).isNotEqualTo(first);
        }
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 2000));
        try (ImageFolder touched = open(Shape.of(2, 2, 1))) {
            assertThat(touched.fingerprint()).isNotEqualTo(first);
        }
    }

    @Test
    void readsFromManyThreadsAtOnce() throws DataException {
        for (int i = 0; i < 24; i++) {
            image(dir, String.format("%02d.png", i), grey(4, 4, i), "png");
        }

        try (ImageFolder images = open(Shape.of(4, 4, 1))) {
            IntStream.range(0, 24).parallel().forEach(i -> {
                try {
                    assertThat(read(images, i)[0]).isEqualTo(i / 255f);
                } catch (DataException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }
}
