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

    @Test
    void theThresholdIsADashedRedLineInItsColumnAndBarsRiseToTheirCountOnALogAxis() {
        double[] errors = new double[1000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = i < 990 ? 0.1 + i * 1e-4 : 0.5 + i * 1e-3;
        }
        ErrorHistogram.Drawn drawn = ErrorHistogram.drawn("test", errors, 0.3, "given");
        assertThat(drawn.legend()).containsExactly("up to the threshold", "above the threshold");
        assertThat(drawn.image().getWidth()).isEqualTo(ErrorHistogram.WIDTH);
        assertThat(drawn.image().getHeight()).isEqualTo(ErrorHistogram.HEIGHT);
        assertThat(drawn.lo()).isEqualTo(0.1);
        assertThat(drawn.hi()).isEqualTo(0.5 + 999e-3);
        int column = drawn.x(0.3);
        int red = 0;
        for (int y = (int) drawn.area().getMinY() + 30; y < drawn.area().getMaxY(); y++) {
            red += near(drawn.image().getRGB(column, y), 0xd62728) || near(drawn.image().getRGB(column + 1, y), 0xd62728)
                    ? 1 : 0;
        }
        // Dashed: more than half of the column, not all of it.
        assertThat(red).isGreaterThan((int) (drawn.area().getHeight() - 30) / 2);
        ErrorHistogram.Bins bins = ErrorHistogram.bin(errors, 0.3);
        int tallest = 0;
        for (int i = 1; i < bins.counts().length; i++) {
            tallest = bins.counts()[i] > bins.counts()[tallest] ? i : tallest;
        }
        int x = drawn.x((bins.edges()[tallest] + bins.edges()[tallest + 1]) / 2);
        int top = drawn.y(bins.counts()[tallest]);
        assertThat(drawn.image().getRGB(x, top + 3) & 0xffffff).isEqualTo(0x1f77b4);
        assertThat(drawn.image().getRGB(x, top - 3) & 0xffffff).isNotEqualTo(0x1f77b4);
        // The ten samples of the last bin, past the threshold, are a red bar up to the row of 10.
        int last = bins.counts().length - 1;
        assertThat(bins.counts()[last]).isEqualTo(10);
        int lx = drawn.x((bins.edges()[last] + bins.edges()[last + 1]) / 2);
        assertThat(drawn.image().getRGB(lx, drawn.y(10) + 3) & 0xffffff).isEqualTo(0xd62728);
        assertThat(drawn.image().getRGB(lx, drawn.y(10) - 3) & 0xffffff).isNotEqualTo(0xd62728);
    }

    @Test
    void theLegendNamesOnlyTheColoursDrawn() {
        assertThat(ErrorHistogram.drawn("t", new double[] {0.1, 0.2, 0.9}, 0.5, "given").legend())
                .containsExactly("up to the threshold", "above the threshold");
        assertThat(ErrorHistogram.drawn("t", new double[] {0.1, 0.2, 0.3}, 0.5, "given").legend())
                .containsExactly("up to the threshold");
    }

    private static boolean near(int argb, int rgb) {
        int dr = Math.abs(((argb >> 16) & 0xff) - ((rgb >> 16) & 0xff));
        int dg = Math.abs(((argb >> 8) & 0xff) - ((rgb >> 8) & 0xff));
        int db = Math.abs((argb & 0xff) - (rgb & 0xff));
        return dr + dg + db < 60;
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
