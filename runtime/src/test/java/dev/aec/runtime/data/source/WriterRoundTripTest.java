package dev.aec.runtime.data.source;

import static dev.aec.runtime.data.source.SourceFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What aec writes reads back unchanged: NPY and CSV floats bit for bit, PNG pixels exactly as
 * bytes / 255. JPEG is lossy and is only checked to be close (see ImageFolderTest).
 */
class WriterRoundTripTest {

    @TempDir
    Path dir;

    private static float[] awkwardFloats(int count) {
        Random random = new Random(42);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(values[i])) {
                values[i] = i;
            }
        }
        System.arraycopy(new float[] {0.1f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f / 3}, 0, values, 0, 6);
        return values;
    }

    private static void assertSameBits(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("value %d", i).isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    @Test
    void npyFloatsReadBackBitForBit() throws Exception {
        float[] values = awkwardFloats(5 * 2 * 3);
        Path file = dir.resolve("codes.npy");

        NpyFile.write(file, Shape.of(2, 3), values);

        assertThat(Files.size(file) - 4L * values.length).isEqualTo(128);
        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(samples.count()).isEqualTo(5);
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(2, 3));
            float[] back = new float[values.length];
            for (int i = 0; i < 5; i++) {
                samples.read(i, back, 6 * i);
            }
            assertSameBits(back, values);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("codes.npy");
        }
    }

    @Test
    void csvFloatsReadBackBitForBit() throws DataException {
        float[] values = awkwardFloats(40 * 4);
        Path file = dir.resolve("codes.csv");

        CsvWriter.writeFloats(file, List.of("z,0", "z\"1", "z2", "z3"), values, 4);
        CsvTable table = CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty());

        assertThat(table.columnNames()).containsExactly("z,0", "z\"1", "z2", "z3");
        float[] back = new float[values.length];
        for (int i = 0; i < 40; i++) {
            table.read(i, back, 4 * i);
        }
        assertSameBits(back, values);
    }

    @Test
    void pngPixelsReadBackAsTheirBytesOver255() throws Exception {
        BufferedImage rgb = new BufferedImage(5, 3, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage grey = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(7);
        int[] colours = new int[15];
        int[] levels = new int[15];
        for (int i = 0; i < 15; i++) {
            colours[i] = random.nextInt(1 << 24);
            levels[i] = random.nextInt(256);
            rgb.setRGB(i % 5, i / 5, colours[i]);
            grey.getRaster().setSample(i % 5, i / 5, 0, levels[i]);
        }
        SourceFixtures.image(dir, "rgb/a.png", rgb, "png");
        SourceFixtures.image(dir, "grey/a.png", grey, "png");

        try (ImageFolder colour = ImageFolder.open(dir.resolve("rgb"), Optional.empty(), false, false);
             ImageFolder mono = ImageFolder.open(dir.resolve("grey"), Optional.empty(), false, false)) {
            assertThat(colour.sampleShape()).isEqualTo(Shape.of(3, 5, 3));
            assertThat(mono.sampleShape()).isEqualTo(Shape.of(3, 5, 1));
            float[] expectedColour = new float[45];
            float[] expectedGrey = new float[15];
            for (int i = 0; i < 15; i++) {
                expectedColour[3 * i] = (colours[i] >> 16 & 0xff) / 255f;
                expectedColour[3 * i + 1] = (colours[i] >> 8 & 0xff) / 255f;
                expectedColour[3 * i + 2] = (colours[i] & 0xff) / 255f;
                expectedGrey[i] = levels[i] / 255f;
            }
            assertSameBits(read(colour, 0), expectedColour);
            assertSameBits(read(mono, 0), expectedGrey);
        }
    }
}
