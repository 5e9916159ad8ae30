package dev.aec.runtime.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PercentileTest {
    /** Expected values are NumPy's `np.percentile(values, p)` with its default linear method. */
    @ParameterizedTest(name = "percentile {1} of {0} is {2}")
    @CsvSource(delimiter = ';', value = {
        "1,2,3,4; 50; 2.5",
        "4,1,3,2; 50; 2.5",
        "1,2,3,4; 0; 1",
        "1,2,3,4; 100; 4",
        "1,2,3,4; 25; 1.75",
        "7; 99; 7",
        "0,10; 99; 9.9",
        "3,1,2; 90; 2.8"})
    void interpolatesLinearlyBetweenTheNearestRanksAsNumPy(String values, double p, double expected) {
        double[] v = java.util.Arrays.stream(values.split(",")).mapToDouble(Double::parseDouble).toArray();
        assertThat(Percentile.of(v, p)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void theNinetyNinthPercentileOfOneToAHundredIsNinetyNinePointZeroOne() {
        double[] v = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(Percentile.of(v, 99)).isCloseTo(99.01, within(1e-12));
    }

    @Test
    void refusesNoValuesAPercentileOutOfRangeAndNaN() {
        assertThatThrownBy(() -> Percentile.of(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentile.of(new double[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentile.of(new double[] {1, Double.NaN}, 50))
                .hasMessageContaining("NaN");
    }
}
