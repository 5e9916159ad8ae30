package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Padding;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an upsampling and the convolution after it become one convolution of the small input, axis by axis. */
class UpsampledConvAxisTest {
    @ParameterizedTest(name = "scale {0}, kernel {1}, {2}, {3} small -> {4}")
    @CsvSource(delimiter = '|', value = {
            // scale | kernel | padding | small | first, taps, shift, grid (or none)
            // The tutorial's last layer: phase 0 reads small taps -1..0, phase 1 0..1.
            "2 | 3 | SAME  | 14 | -1, 2, 1, 15",
            "2 | 3 | SAME  | 4  | -1, 2, 1, 5",
            // Its third: both phases read 0..1, no shift.
            "2 | 3 | VALID | 8  | 0, 2, 0, 7",
            "2 | 5 | SAME  | 3  | -1, 3, 0, 3",
            "2 | 1 | VALID | 3  | 0, 1, 0, 3",
            // Phases read -1..0, 0..0 and 0..1: not evenly shifted, so all read -1..1.
            "3 | 3 | SAME  | 2  | -1, 3, 0, 2",
            "2 | 2 | VALID | 3  | none",
            "2 | 2 | SAME  | 3  | none",
    })
    void eachPhaseReadsOnlyItsOwnTapsWhereTheyAreEvenlyShifted(int scale, int kernel, Padding padding, int small,
                                                                String expected) {
        Optional<UpsampledConvKernel.Axis> axis = UpsampledConvKernel.axis(scale, kernel, padding, small);
        String found = axis.map(a -> a.first() + ", " + a.taps() + ", " + a.shift() + ", " + a.grid()).orElse("none");
        assertThat(found).isEqualTo(expected);
    }

    /** Every tap of the kernel lands inside its phase's taps, as the mixing matrix needs. */
    @ParameterizedTest(name = "scale {0}, kernel {1}, {2}")
    @CsvSource({"2, 3, SAME", "2, 3, VALID", "2, 5, SAME", "3, 3, SAME", "3, 4, VALID", "4, 3, SAME"})
    void everyTapLandsInsideItsPhase(int scale, int kernel, Padding padding) {
        UpsampledConvKernel.Axis axis = UpsampledConvKernel.axis(scale, kernel, padding, 6).orElseThrow();
        for (int a = 0; a < scale; a++) {
            for (int i = 0; i < kernel; i++) {
                assertThat(axis.tapInPhase(a, i)).as("phase %d, tap %d", a, i).isBetween(0, axis.taps() - 1);
            }
        }
    }
}
