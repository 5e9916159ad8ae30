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
    @ParameterizedTest(name = "{0} x {1}x{2}x({3}, {4}, {5})")
    @CsvSource({
            "3, 14, 14, 2, 2, 1",
            "2, 7, 7, 2, 2, 16",
            "2, 4, 5, 3, 2, 3",
            "1, 1, 1, 2, 2, 8",
    })
    void thePhasesLandOnTheirPixelsAndTheGradientsComeBack(int b, int h, int w, int s, int t, int f) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray y = Nd4j.rand(type, b, h, w, (long) s * t * f);
            INDArray z = Nd4j.create(type, b, (long) s * h, (long) t * w, f);
            INDArray gradZ = Nd4j.rand(type, z.shape());
            INDArray gradY = y.ulike();
            DepthToSpace copy = new DepthToSpace(y, z, gradZ, gradY, s, t);
            copy.toSpace();
            copy.toDepth();
            for (int n = 0; n < b; n++) {
                for (int row = 0; row < h; row++) {
                    for (int col = 0; col < w; col++) {
                        for (int a = 0; a < s; a++) {
                            for (int d = 0; d < t; d++) {
                                for (int c = 0; c < f; c++) {
                                    long channel = ((long) a * t + d) * f + c;
                                    assertThat(z.getDouble(n, (long) s * row + a, (long) t * col + d, c))
                                            .as(type + " pixel").isEqualTo(y.getDouble(n, row, col, channel));
                                    assertThat(gradY.getDouble(n, row, col, channel))
                                            .as(type + " gradient").isEqualTo(gradZ.getDouble(n, (long) s * row + a,
                                                    (long) t * col + d, c));
                                }
                            }
                        }
                    }
                }
            }
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
