package dev.aec.runtime.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorHistogramTest {
    @Test
    void everySampleFallsInOneBinAndTheRangeCoversTheThreshold() {
        double[] errors = {0.1, 0.2, 0.2, 0.3, 0.9};
        ErrorHistogram.Bins bins = ErrorHistogram.bin(errors, 1.5);
        assertThat(Arrays.stream(bins.counts()).sum()).isEqualTo(errors.length);
        assertThat(bins.edges()[0]).isEqualTo(0.1);
        assertThat(bins.edges()[bins.edges().length - 1]).isEqualTo(1.5);
        assertThat(bins.counts()[bins.counts().length - 1]).isZero();
    }

    @Test
    void equalErrorsStillGiveARangeToDraw() {
        ErrorHistogram.Bins bins = ErrorHistogram.bin(new double[] {2, 2, 2}, 2);
        assertThat(bins.edges()[bins.edges().length - 1]).isGreaterThan(bins.edges()[0]);
        assertThat(Arrays.stream(bins.counts()).sum()).isEqualTo(3);
    }

    @Test
    void samplesAboveTheThresholdAreDrawnRed() {
        double[] errors = new double[1000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = i < 990 ? 0.1 + i * 1e-4 : 0.5 + i * 1e-3;
        }
        BufferedImage image = ErrorHistogram.draw("test", errors, 0.3, "given");
        assertThat(count(image, 0xd62728)).isGreaterThan(20);
        assertThat(count(image, 0x1f77b4)).isGreaterThan(20);
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
