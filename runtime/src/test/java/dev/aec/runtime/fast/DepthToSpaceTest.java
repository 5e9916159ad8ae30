package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The phases-to-image copy: oneDNN's reorder in float against the element-by-element definition, both ways. */
class DepthToSpaceTest {
    @ParameterizedTest(name = "{0} x {1}x{2}x({3}, {4}, {5}), shifts {6} and {7}")
    @CsvSource({
            "3, 14, 14, 2, 2, 1, 0, 0",
            "3, 14, 14, 2, 2, 1, 1, 1",
            "2, 7, 7, 2, 2, 16, 0, 0",
            "2, 4, 5, 3, 2, 3, 0, 1",
            "2, 4, 5, 3, 2, 3, 1, 0",
            "1, 1, 1, 2, 2, 8, 1, 1",
    })
    void thePhasesLandOnTheirPixelsAndTheGradientsComeBack(int b, int h, int w, int s, int t, int f, int rowShift,
                                                           int colShift) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray y = Nd4j.rand(type, b, h + (long) (s - 1) * rowShift, w + (long) (t - 1) * colShift,
                    (long) s * t * f);
            INDArray z = Nd4j.create(type, b, (long) s * h, (long) t * w, f);
            INDArray gradZ = Nd4j.rand(type, z.shape());
            INDArray gradY = Nd4j.zeros(type, y.shape());
            DepthToSpace copy = new DepthToSpace(y, z, gradZ, gradY, s, t, rowShift, colShift);
            copy.toSpace();
            copy.toDepth();
            INDArray expectedGradY = Nd4j.zeros(type, y.shape());
            for (int n = 0; n < b; n++) {
                for (int row = 0; row < h; row++) {
                    for (int col = 0; col < w; col++) {
                        for (int a = 0; a < s; a++) {
                            for (int d = 0; d < t; d++) {
                                for (int c = 0; c < f; c++) {
                                    long[] phase = {n, row + (long) a * rowShift, col + (long) d * colShift,
                                            ((long) a * t + d) * f + c};
                                    long[] pixel = {n, (long) s * row + a, (long) t * col + d, c};
                                    assertThat(z.getDouble(pixel)).as(type + " pixel").isEqualTo(y.getDouble(phase));
                                    expectedGradY.putScalar(phase, gradZ.getDouble(pixel));
                                }
                            }
                        }
                    }
                }
            }
            // Every position of the phases' gradient, those no phase reads included (zeros).
            assertThat(gradY).as(type + " gradient").isEqualTo(expectedGradY);
            assertThat(gradY.data().asDouble()).containsExactly(expectedGradY.data().asDouble());
        }
    }

    @ParameterizedTest(name = "image {0}x{1}")
    @CsvSource({"28, 27", "27, 28"})
    void anImageThatIsNotTheScaledPhasesIsRefused(int rows, int cols) {
        INDArray y = Nd4j.create(DataType.FLOAT, 1, 14, 14, 4);
        INDArray z = Nd4j.create(DataType.FLOAT, 1, rows, cols, 1);
        assertThatThrownBy(() -> new DepthToSpace(y, z, z.ulike(), y.ulike(), 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
