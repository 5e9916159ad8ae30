package dev.aec.runtime.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Rectangle2D;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The latent figure as a reader meets it: each class's dots where its points are, the decoded grid in place. */
class LatentFigureTest {
    private static final int K = 10;

    /** Class 0 around (1, 1), class 3 around (-1, -1); a grid over [-2, 2] whose top-left image is white. */
    private static LatentFigure.Drawn twoClasses() {
        double[][] points = new double[200][];
        int[] labels = new int[200];
        for (int i = 0; i < points.length; i++) {
            double jitter = (i % 10 - 4.5) * 0.01;
            labels[i] = i % 2 == 0 ? 0 : 3;
            double centre = labels[i] == 0 ? 1 : -1;
            points[i] = new double[] {centre + jitter, centre - jitter};
        }
        double[] us = new double[K];
        double[] vs = new double[K];
        for (int i = 0; i < K; i++) {
            us[i] = -2 + 4.0 * i / (K - 1);
            vs[i] = 2 - 4.0 * i / (K - 1);
        }
        float[][][] images = new float[K][K][28 * 28];
        java.util.Arrays.fill(images[0][0], 1f);
        return new LatentFigure().drawn("title", "z[0]", "z[1]", new LatentFigure.Scatter(points, labels),
                new LatentFigure.Manifold(images, us, vs, 28));
    }

    @Test
    void eachClassIsDrawnInItsColourWhereItsPointsAreAndTheLegendListsTheClassesDrawn() {
        LatentFigure.Drawn drawn = twoClasses();
        IntPredicate blue = rgb -> (rgb & 0xff) > ((rgb >> 16) & 0xff) + 60;
        IntPredicate red = rgb -> ((rgb >> 16) & 0xff) > (rgb & 0xff) + 60 && ((rgb >> 16) & 0xff) > ((rgb >> 8) & 0xff) + 60;
        assertThat(around(drawn, 1, 1, blue)).isGreaterThan(10);
        assertThat(around(drawn, 1, 1, red)).isZero();
        assertThat(around(drawn, -1, -1, red)).isGreaterThan(10);
        assertThat(around(drawn, -1, -1, blue)).isZero();
        assertThat(around(drawn, 1, -1, red) + around(drawn, 1, -1, blue)).isZero();
        assertThat(drawn.legend()).containsExactly("digit 0", "digit 3");
    }

    @Test
    void theAxesCoverThePointsAndTheGridAndTheScatterIsSquare() {
        LatentFigure.Drawn drawn = twoClasses();
        assertThat(drawn.uRange()[0]).isLessThan(-2).isGreaterThan(-2.5);
        assertThat(drawn.uRange()[1]).isGreaterThan(2).isLessThan(2.5);
        assertThat(drawn.vRange()[0]).isLessThan(-2).isGreaterThan(-2.5);
        Rectangle2D area = drawn.scatterArea();
        assertThat(Math.abs(area.getWidth() - area.getHeight())).isLessThan(2);
    }

    @Test
    void decodedImagesFillTheGridPanelAtAWholeMultipleOfTheirSize() {
        LatentFigure.Drawn drawn = twoClasses();
        Rectangle2D grid = drawn.gridArea();
        // Ten 28-pixel images at twice their size: 560 pixels, each image pixel a 2x2 square.
        assertThat(grid.getWidth()).isEqualTo(560);
        assertThat(grid.getHeight()).isEqualTo(560);
        int x = (int) grid.getX();
        int y = (int) grid.getY();
        assertThat(drawn.image().getRGB(x + 20, y + 20) & 0xffffff).isEqualTo(0xffffff);
        assertThat(drawn.image().getRGB(x + 56 + 20, y + 20) & 0xffffff).isZero();
        assertThat(drawn.image().getRGB(x + 20, y + 56 + 20) & 0xffffff).isZero();
    }

    private static int around(LatentFigure.Drawn drawn, double u, double v, IntPredicate colour) {
        int n = 0;
        for (int dy = -6; dy <= 6; dy++) {
            for (int dx = -6; dx <= 6; dx++) {
                n += colour.test(drawn.image().getRGB(drawn.x(u) + dx, drawn.y(v) + dy)) ? 1 : 0;
            }
        }
        return n;
    }
}
