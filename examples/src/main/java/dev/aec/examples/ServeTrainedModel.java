package dev.aec.examples;

import dev.aec.examples.generated.Autoencoder;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetFile;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadListener;
import dev.aec.runtime.data.IdxFile;
import dev.aec.runtime.data.IdxReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Serves a model trained by `aec train` from plain Java, through the class the Maven plugin
 * generated from `src/main/aemodel/conv_autoencoder.aemodel`: builds the graph, loads the run's
 * weights, reconstructs the first 8 MNIST test digits and prints each one's per-pixel binary
 * cross-entropy. The build compiles it, so the generated API cannot drift from it unnoticed.
 *
 * <pre>mvn -q -pl examples exec:java -Dexec.mainClass=dev.aec.examples.ServeTrainedModel -Dexec.args=runs/Autoencoder-...</pre>
 */
public final class ServeTrainedModel {
    static final int IMAGES = 8;

    private ServeTrainedModel() {
    }

    /** args[0]: a run directory of `aec train`; args[1], optional: an MNIST test-images IDX file. */
    public static void main(String[] args) throws IOException, DataException {
        if (args.length < 1) {
            System.err.println("usage: ServeTrainedModel RUN_DIRECTORY [t10k-images-idx3-ubyte]");
            System.exit(2);
        }
        Path run = Path.of(args[0]);
        Path imagesFile = args.length > 1 ? Path.of(args[1]) : mnistTestImages();

        SameDiff sd = Autoencoder.build(Autoencoder.SEED);
        Autoencoder.loadWeights(sd, run.resolve("model.sd"));

        IdxFile images = IdxReader.read(imagesFile, IdxFile.Kind.IMAGES);
        int n = Math.min(IMAGES, images.count());
        int rows = images.dimension(1);
        int cols = images.dimension(2);
        float[] pixels = new float[n * rows * cols];
        byte[] data = images.data();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (data[i] & 0xff) / 255f;
        }
        INDArray batch = Nd4j.create(pixels, new long[] {n, rows, cols, 1}, 'c');
        INDArray reconstruction = sd.outputSingle(Map.of(Autoencoder.INPUT, batch), Autoencoder.OUTPUT);

        // Keras's binary cross-entropy: probabilities clipped to [eps, 1 - eps], eps = 1e-7.
        double eps = 1e-7;
        float[] out = reconstruction.dup('c').data().asFloat();
        int size = rows * cols;
        double total = 0;
        for (int image = 0; image < n; image++) {
            double sum = 0;
            for (int p = 0; p < size; p++) {
                double y = pixels[image * size + p];
                double q = Math.min(Math.max(out[image * size + p], eps), 1 - eps);
                sum -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
            }
            double bce = sum / size;
            total += bce;
            System.out.printf("image %d: per-pixel BCE %.4f%n", image, bce);
        }
        System.out.printf("mean of %d images: %.4f%n", n, total / n);
    }

    private static Path mnistTestImages() throws DataException {
        DatasetLocation mnist = DatasetResolver.standard().resolve(DatasetSpec.mnist(), Optional.empty(),
                DownloadListener.NONE);
        return mnist.file(DatasetFile.TEST_IMAGES);
    }
}
