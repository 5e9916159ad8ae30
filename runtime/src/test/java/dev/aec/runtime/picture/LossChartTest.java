package dev.aec.runtime.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The loss chart as a reader meets it: curves where the losses are, the best epoch where it is. */
class LossChartTest {
    private static final int[] TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    private static LossChart.Series series(String name, double... values) {
        return new LossChart.Series(name, java.util.Arrays.copyOf(TEN, values.length), values);
    }

    /** Overfitting: training keeps falling, validation is lowest after epoch 3. */
    private static LossChart.RunCurves overfitting() {
        return new LossChart.RunCurves("Autoencoder: loss per epoch", "run-a: mnist, 10 of 10 epochs", "mse", 10,
                series("training loss", 0.080, 0.060, 0.050, 0.045, 0.041, 0.038, 0.036, 0.034, 0.033, 0.032),
                Optional.of(series("validation loss", 0.075, 0.058, 0.052, 0.053, 0.055, 0.057, 0.059, 0.061, 0.063,
                        0.065)),
                Optional.empty(), Optional.empty());
    }

    @Test
    void theBestEpochIsTheLowestValidationLossAndIsMarkedInItsColumn() {
        LossChart.Drawn drawn = LossChart.draw(overfitting());
        assertThat(LossChart.best(overfitting())).hasValueSatisfying(b -> {
            assertThat(b.epoch()).isEqualTo(3);
            assertThat(b.which()).isEqualTo("validation");
        });
        assertThat(drawn.image().getWidth()).isEqualTo(LossChart.WIDTH);
        assertThat(drawn.image().getHeight()).isEqualTo(LossChart.HEIGHT);
        Rectangle2D area = drawn.lossArea();
        assertThat(area.getWidth()).isGreaterThan(LossChart.WIDTH / 2.0);
        // The dashed marker covers most rows of its column; the column of epoch 9 holds no red
        // below the label at the top.
        assertThat(rowsWith(drawn, LossChart.BEST, drawn.x(3), 0, 1)).isGreaterThan(0.4);
        assertThat(rowsWith(drawn, LossChart.BEST, drawn.x(9), 0.4, 1)).isZero();
        assertThat(count(drawn.image(), area, LossChart.TRAIN)).isGreaterThan(100);
        assertThat(count(drawn.image(), area, LossChart.VALIDATION)).isGreaterThan(100);
        assertThat(drawn.logarithmic()).isFalse();
        assertThat(drawn.lossLabel()).isEqualTo("loss (mse)");
    }

    @Test
    void withoutValidationTheBestIsTheLowestTrainingLossAndNoValidationLineIsDrawn() {
        LossChart.RunCurves curves = new LossChart.RunCurves("Autoencoder: loss per epoch", "", "mse", 10,
                series("training loss", 0.09, 0.08, 0.07, 0.06, 0.05, 0.045, 0.04, 0.038, 0.039, 0.041),
                Optional.empty(), Optional.empty(), Optional.empty());
        LossChart.Drawn drawn = LossChart.draw(curves);
        assertThat(LossChart.best(curves)).hasValueSatisfying(b -> {
            assertThat(b.epoch()).isEqualTo(8);
            assertThat(b.which()).isEqualTo("training");
        });
        assertThat(rowsWith(drawn, LossChart.BEST, drawn.x(8), 0, 1)).isGreaterThan(0.4);
        assertThat(rowsWith(drawn, LossChart.BEST, drawn.x(2), 0.4, 1)).isZero();
        assertThat(count(drawn.image(), drawn.lossArea(), LossChart.VALIDATION)).isZero();
        assertThat(count(drawn.image(), drawn.lossArea(), LossChart.TRAIN)).isGreaterThan(100);
    }

    @Test
    void lossesSpanningMoreThanADecadeAreDrawnOnALogAxisThatSaysSo() {
        LossChart.RunCurves curves = new LossChart.RunCurves("m", "", "binary_crossentropy", 5,
                series("training loss", 2.0, 0.5, 0.1, 0.03, 0.01), Optional.empty(), Optional.empty(),
                Optional.empty());
        LossChart.Drawn drawn = LossChart.draw(curves);
        assertThat(drawn.logarithmic()).isTrue();
        assertThat(drawn.lossLabel()).isEqualTo("loss (binary_crossentropy, log scale)");
        // Epoch 3's 0.1 lies near the middle of a log axis from 0.01 to 2; on a linear one it would
        // lie in the bottom twentieth, with the epochs after it.
        assertThat(rowsWith(drawn, LossChart.TRAIN, drawn.x(3), 0.3, 0.7)).isGreaterThan(0);
        assertThat(rowsWith(drawn, LossChart.TRAIN, drawn.x(3), 0.85, 1)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0.5 0.049         | true
            0.5 0.051         | false
            0.5 0.05          | false
            100 0.5 0.2       | true
            0.5 0.0 0.001     | false
            0.5 -0.2 0.001    | false
            0.3               | false
            0.3 NaN 0.01      | true
            """)
    void theAxisIsLogarithmicOnlyForPositiveLossesSpanningMoreThanADecade(String values, boolean log) {
        double[] v = java.util.Arrays.stream(values.split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertThat(LossChart.logarithmic(List.of(series("s", v)))).isEqualTo(log);
    }

    @Test
    void aLogAxisLabelsOneTwoAndFiveTimesAPowerOfTenOverAFewDecadesAndOnlyThePowersOverMany() {
        List<Double> few = LogLossAxis.ticks(0.009, 1.1).stream().filter(LogLossAxis.Tick::major)
                .map(LogLossAxis.Tick::value).toList();
        assertThat(few).containsExactly(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0);
        List<Double> many = LogLossAxis.ticks(0.00009, 11).stream().filter(LogLossAxis.Tick::major)
                .map(LogLossAxis.Tick::value).toList();
        assertThat(many).containsExactly(1e-4, 1e-3, 0.01, 0.1, 1.0, 10.0);
        assertThat(LogLossAxis.ticks(0.009, 1.1)).extracting(LogLossAxis.Tick::value).contains(0.03, 0.3);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.30000000000000004 | 0.3
            0.0025              | 0.0025
            150                 | 150
            0                   | 0
            0.000003            | 3e-6
            12345678            | 1.23457e7
            """)
    void tickLabelsHaveNoNeedlessDigits(double value, String text) {
        assertThat(ShortNumberFormat.text(value)).isEqualTo(text);
    }

    @Test
    void aVaesKlTermGetsAPanelOfItsOwnBelowTheLosses() {
        LossChart.RunCurves vae = new LossChart.RunCurves("VAE: loss per epoch", "", "binary_crossentropy, summed", 4,
                series("training loss", 190, 160, 150, 145), Optional.of(series("validation loss", 180, 158, 149, 146)),
                Optional.of(series("validation reconstruction", 160, 130, 118, 112)),
                Optional.of(series("validation KL", 20, 28, 31, 34)));
        LossChart.Drawn drawn = LossChart.draw(vae);
        assertThat(drawn.image().getHeight()).isEqualTo(LossChart.HEIGHT_WITH_KL);
        Rectangle2D below = new Rectangle2D.Double(drawn.lossArea().getX(), drawn.lossArea().getMaxY() + 1,
                drawn.lossArea().getWidth(), LossChart.HEIGHT_WITH_KL - drawn.lossArea().getMaxY() - 1);
        assertThat(count(drawn.image(), below, LossChart.KL)).isGreaterThan(50);
        assertThat(count(drawn.image(), drawn.lossArea(), LossChart.KL)).isZero();
        assertThat(count(drawn.image(), drawn.lossArea(), LossChart.RECONSTRUCTION)).isGreaterThan(30);
        LossChart.Drawn plain = LossChart.draw(overfitting());
        assertThat(count(plain.image(), new Rectangle2D.Double(0, 0, LossChart.WIDTH, LossChart.HEIGHT), LossChart.KL))
                .isZero();
    }

    @Test
    void anEpochWithoutAFiniteLossIsAGapNotAFailure() {
        LossChart.RunCurves curves = new LossChart.RunCurves("m", "", "mse", 4,
                series("training loss", 0.5, Double.NaN, 0.3, 0.2),
                Optional.of(series("validation loss", Double.NaN, 0.4, Double.POSITIVE_INFINITY, 0.25)),
                Optional.empty(), Optional.empty());
        LossChart.Drawn drawn = LossChart.draw(curves);
        assertThat(LossChart.best(curves)).hasValueSatisfying(b -> assertThat(b.epoch()).isEqualTo(4));
        assertThat(drawn.image().getWidth()).isEqualTo(LossChart.WIDTH);
    }

    @Test
    void aSingleEpochIsDrawnAsAPointWithTheBestMarkedOnIt() {
        LossChart.RunCurves curves = new LossChart.RunCurves("m", "", "mse", 1, series("training loss", 0.5),
                Optional.of(series("validation loss", 0.6)), Optional.empty(), Optional.empty());
        LossChart.Drawn drawn = LossChart.draw(curves);
        assertThat(rowsWith(drawn, LossChart.BEST, drawn.x(1), 0, 1)).isGreaterThan(0.4);
    }

    @Test
    void aLongRunIsDrawnWithItsBestEpochInItsColumn() {
        int n = 500;
        int[] epochs = new int[n];
        double[] train = new double[n];
        double[] validation = new double[n];
        for (int i = 0; i < n; i++) {
            epochs[i] = i + 1;
            train[i] = 0.1 / Math.sqrt(i + 1);
            // Lowest after epoch 120, then rising.
            validation[i] = 0.1 / Math.sqrt(Math.min(i, 119) + 1) + 1e-5 * Math.max(0, i - 119);
        }
        LossChart.RunCurves curves = new LossChart.RunCurves("m", "", "mse", n, new LossChart.Series("training loss",
                epochs, train), Optional.of(new LossChart.Series("validation loss", epochs, validation)),
                Optional.empty(), Optional.empty());
        LossChart.Drawn drawn = LossChart.draw(curves);
        assertThat(LossChart.best(curves)).hasValueSatisfying(b -> assertThat(b.epoch()).isEqualTo(120));
        assertThat(rowsWith(drawn, LossChart.BEST, drawn.x(120), 0, 1)).isGreaterThan(0.4);
        assertThat(rowsWith(drawn, LossChart.BEST, drawn.x(450), 0.4, 1)).isZero();
    }

    @Test
    void comparedRunsEachGetAColourOfTheirOwn() {
        LossChart.Drawn drawn = LossChart.compare("Validation loss per epoch of 3 runs", "", "validation loss (mse)",
                List.of(series("a", 0.5, 0.4, 0.35), series("b", 0.45, 0.3, 0.25, 0.2), series("c", 0.6, 0.55)));
        for (int i = 0; i < 3; i++) {
            assertThat(count(drawn.image(), drawn.lossArea(), LossChart.PALETTE[i])).as("run %d", i).isGreaterThan(30);
        }
        assertThat(count(drawn.image(), drawn.lossArea(), LossChart.PALETTE[3])).isZero();
        // The epoch axis runs to the longest run's last epoch.
        assertThat(drawn.lastEpoch()).isBetween(4.0, 4.5);
    }

    /** The share of the data area's rows, from `from` to `to` (0 top, 1 bottom), with `colour` within 2 pixels of `x`. */
    private static double rowsWith(LossChart.Drawn drawn, Color colour, int x, double from, double to) {
        Rectangle2D area = drawn.lossArea();
        int y0 = (int) Math.ceil(area.getY() + from * area.getHeight());
        int y1 = (int) Math.floor(area.getY() + to * area.getHeight());
        int rows = 0;
        for (int y = y0; y < y1; y++) {
            for (int dx = -2; dx <= 2; dx++) {
                if (near(drawn.image().getRGB(x + dx, y), colour)) {
                    rows++;
                    break;
                }
            }
        }
        return (double) rows / Math.max(1, y1 - y0);
    }

    private static int count(BufferedImage image, Rectangle2D area, Color colour) {
        int n = 0;
        for (int y = (int) Math.ceil(area.getY()); y < Math.min(image.getHeight(), (int) area.getMaxY()); y++) {
            for (int x = (int) Math.ceil(area.getX()); x < Math.min(image.getWidth(), (int) area.getMaxX()); x++) {
                if (near(image.getRGB(x, y), colour)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Within a small distance of `colour`: the middle of an anti-aliased line, not its blended edge. */
    private static boolean near(int rgb, Color colour) {
        int dr = ((rgb >> 16) & 0xff) - colour.getRed();
        int dg = ((rgb >> 8) & 0xff) - colour.getGreen();
        int db = (rgb & 0xff) - colour.getBlue();
        return dr * dr + dg * dg + db * db < 30 * 30;
    }
}
