package dev.aec.runtime.data;

import static dev.aec.runtime.data.IdxFixtures.IMAGES_MAGIC;
import static dev.aec.runtime.data.IdxFixtures.idx;
import static dev.aec.runtime.data.IdxFixtures.labels;
import static dev.aec.runtime.data.IdxFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    private Dataset twoImagesOfTwoByThree() throws DataException {
        byte[] pixels = {0, 51, (byte) 255, 102, 1, 2, 3, 4, 5, 6, 7, (byte) 128};
        IdxFile images = IdxReader.read(write(dir, "images", idx(IMAGES_MAGIC, new int[] {2, 2, 3}, pixels)), IdxFile.Kind.IMAGES);
        IdxFile labels = IdxReader.read(write(dir, "labels", labels(5, 0)), IdxFile.Kind.LABELS);
        return Dataset.of("tiny", Split.TRAIN, images, labels);
    }

    @Test
    void pixelsAreScaledToTheUnitIntervalInRowMajorOrder() throws DataException {
        Dataset data = twoImagesOfTwoByThree();

        assertThat(data.images()).hasSize(12);
        assertThat(data.images()[0]).isZero();
        assertThat(data.images()[1]).isEqualTo(0.2f, within(1e-6f));
        assertThat(data.images()[2]).isEqualTo(1.0f);
        assertThat(data.images()[3]).isEqualTo(0.4f, within(1e-6f));
        assertThat(data.image(1)).containsExactly(3 / 255f, 4 / 255f, 5 / 255f, 6 / 255f, 7 / 255f, 128 / 255f);
    }

    @Test
    void rowsAreTheScaledPixelsOffTheHeapOneRowPerImage() throws DataException {
        Dataset data = twoImagesOfTwoByThree();

        INDArray rows = data.rows();

        assertThat(rows.shape()).containsExactly(2, 6);
        assertThat(rows.toFloatMatrix()[0]).containsExactly(data.image(0));
        assertThat(rows.toFloatMatrix()[1]).containsExactly(data.image(1));
        assertThat(data.limit(1).rows().toFloatMatrix()[0]).containsExactly(data.image(0));
        float[] floats = data.images();
        assertThat(new Dataset("floats", Split.TEST, data.shape(), floats, data.labels()).rows().toFloatMatrix()[1])
                .containsExactly(data.image(1));
    }

    @Test
    void shapeIsHeightByWidthByOneChannel() throws DataException {
        Dataset data = twoImagesOfTwoByThree();

        assertThat(data.shape()).isEqualTo(new ImageShape(2, 3, 1));
        assertThat(data.shape()).hasToString("2x3x1");
        assertThat(data.count()).isEqualTo(2);
        assertThat(data.labels()).containsExactly(5, 0);
        assertThat(data.label(0)).isEqualTo(5);
        assertThat(data).hasToString("tiny train: 2 images of 2x3x1");
    }

    @Test
    void limitKeepsTheFirstSamples() throws DataException {
        Dataset data = twoImagesOfTwoByThree();

        Dataset first = data.limit(1);

        assertThat(first.count()).isEqualTo(1);
        assertThat(first.labels()).containsExactly(5);
        assertThat(first.images()).containsExactly(data.image(0));
        assertThat(first.split()).isEqualTo(Split.TRAIN);
    }

    @Test
    void limitBeyondTheCountReturnsTheWholeDataset() throws DataException {
        Dataset data = twoImagesOfTwoByThree();

        assertThat(data.limit(10)).isSameAs(data);
        assertThat(data.limit(0).count()).isZero();
    }

    @Test
    void imageAndLabelCountsMustAgree() throws DataException {
        IdxFile images = IdxReader.read(write(dir, "train-images-idx3-ubyte", IdxFixtures.images(3, 2, 2, 0)), IdxFile.Kind.IMAGES);
        IdxFile labels = IdxReader.read(write(dir, "train-labels-idx1-ubyte", labels(1, 2)), IdxFile.Kind.LABELS);

        assertThatThrownBy(() -> Dataset.of("tiny", Split.TRAIN, images, labels))
                .isInstanceOf(DataException.class)
                .hasMessage(labels.name() + ": holds 2 labels but " + images.name() + " holds 3 images");
    }

    @Test
    void readsBothSplitsFromALocation() throws DataException {
        IdxFixtures.Tiny tiny = IdxFixtures.Tiny.create(1);
        Path root = tiny.writeTo(dir.resolve("tiny"), true);
        Map<DatasetFile, Path> files = new java.util.EnumMap<>(DatasetFile.class);
        for (DatasetFile file : DatasetFile.values()) {
            files.put(file, file.findIn(root).orElseThrow());
        }
        DatasetLocation location = new DatasetLocation("tiny", root, DatasetLocation.Source.EXPLICIT, files);

        Dataset train = Dataset.read(location, Split.TRAIN);
        Dataset test = Dataset.read(location, Split.TEST);

        assertThat(train.count()).isEqualTo(5);
        assertThat(train.labels()).containsExactly(5, 0, 4, 1, 9);
        assertThat(test.count()).isEqualTo(3);
        assertThat(test.split()).isEqualTo(Split.TEST);
        assertThat(test.shape()).hasToString("4x3x1");
    }
}
