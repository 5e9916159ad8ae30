package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.model.Noise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NoiseOptionTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gaussian(0.5)            | gaussian(stddev: 0.5)",
        "gaussian(stddev: 0.25)   | gaussian(stddev: 0.25)",
        "salt_and_pepper(.1)      | salt_and_pepper(rate: 0.1)",
        "salt_and_pepper(rate: 0.2) | salt_and_pepper(rate: 0.2)"})
    void readsTheFormsATrainBlockTakes(String text, String expected) {
        Noise noise = NoiseOption.parse(text);
        assertThat(noise).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gauss(1)", "gaussian", "gaussian(rate: 0.5)", "salt_and_pepper(-1)"})
    void anythingElseIsAUsageErrorSayingTheForms(String text) {
        assertThatThrownBy(() -> NoiseOption.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gaussian(STDDEV) or salt_and_pepper(RATE)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian(0)", "salt_and_pepper(1.5)"})
    void valuesOutOfRangeAreUsageErrors(String text) {
        assertThatThrownBy(() -> NoiseOption.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
