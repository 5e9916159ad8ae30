package dev.aec.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real MNIST and Fashion-MNIST files, where this machine has them; skipped elsewhere. */
class RealDatasetTest {

    @TempDir
    Path cacheRoot;

    /** {@code <aec.repo>/../shared/datasets/mnist}, the copy of MNIST beside the repository. */
    private static Path sharedMnist() {
        String repo = System.getProperty("aec.repo", "");
        assumeThat(repo).as("system property aec.repo").isNotBlank();
        Path mnist = Path.of(repo).resolve("../shared/datasets/mnist").normalize();
        assumeThat(Files.isDirectory(mnist)).as("%s exists", mnist).isTrue();
        return mnist;
    }

    @Test
    void sharedMnistCopyPassesItsChecksumsAndLoads() throws DataException {
        Path mnist = sharedMnist();
        DatasetResolver resolver = new DatasetResolver(Map.of(), cacheRoot, DownloadSettings.standard());

        DatasetLocation location = resolver.resolve(DatasetSpec.mnist(), Optional.of(mnist), DownloadListener.NONE);
        Dataset train = Dataset.read(location, Split.TRAIN);
        Dataset test = Dataset.read(location, Split.TEST);

        assertThat(train.count()).isEqualTo(60_000);
        assertThat(test.count()).isEqualTo(10_000);
        assertThat(train.shape()).hasToString("28x28x1");
        assertThat(train.label(0)).isEqualTo(5);
        assertThat(test.label(0)).isEqualTo(7);
        assertThat(train.images()).hasSize(60_000 * 784);
        // Off the heap a block at a time, over block boundaries: the same floats.
        float[] images = train.images();
        float[] rows = train.rows().data().asFloat();
        assertThat(java.util.Arrays.equals(rows, images)).isTrue();
        assertThat(train.limit(100).count()).isEqualTo(100);
    }

    @Test
    void sharedMnistChecksumsMatchTheEmbeddedOnes() throws DataException {
        Path mnist = sharedMnist();

        for (DatasetFile file : DatasetFile.values()) {
            Path path = file.findIn(mnist).orElseThrow();
            assertThat(Content.sha256(path)).as(path.toString()).isEqualTo(DatasetSpec.mnist().sha256(file));
        }
    }

    @Test
    void debianFashionMnistPassesItsChecksumsAndLoads() throws DataException {
        assumeThat(Files.isDirectory(DatasetSpec.FASHION_MNIST_DEBIAN_DIRECTORY))
                .as("the Debian package dataset-fashion-mnist is installed").isTrue();
        DatasetResolver resolver = new DatasetResolver(Map.of(), cacheRoot, DownloadSettings.standard());

        DatasetLocation location = resolver.resolve(DatasetSpec.fashionMnist(), Optional.empty(), DownloadListener.NONE);
        Dataset train = Dataset.read(location, Split.TRAIN);

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.SYSTEM);
        assertThat(train.count()).isEqualTo(60_000);
        assertThat(train.label(0)).isEqualTo(9);
    }
}
