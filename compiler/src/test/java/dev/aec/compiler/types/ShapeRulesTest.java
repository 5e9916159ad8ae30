package dev.aec.compiler.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.types.ShapeRules.Pad;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShapeRulesTest {
    @ParameterizedTest(name = "in {0}, kernel {1}, stride {2}, {3} -> {4}")
    @CsvSource({
            // same: ceil(in / stride), whatever the kernel
            "28, 3, 1, SAME, 28",
            "28, 2, 2, SAME, 14",
            "14, 2, 2, SAME, 7",
            "7, 2, 2, SAME, 4",       // 7 pooled by 2 with same padding rounds up
            "1, 2, 2, SAME, 1",
            "5, 3, 3, SAME, 2",
            "4, 5, 1, SAME, 4",       // a kernel larger than the input is fine with same
            "9, 3, 4, SAME, 3",
            // valid: floor((in - k) / stride) + 1
            "7, 2, 2, VALID, 3",      // 7 pooled by 2 with valid padding rounds down
            "16, 3, 1, VALID, 14",    // the tutorial decoder's one valid conv
            "28, 3, 1, VALID, 26",
            "28, 3, 2, VALID, 13",
            "3, 3, 1, VALID, 1",      // kernel equal to input
            "3, 3, 2, VALID, 1",
            "5, 3, 2, VALID, 2",
            "6, 3, 2, VALID, 2",
            "1, 1, 1, VALID, 1",
            "2, 3, 1, VALID, -1",     // kernel larger than input: no window fits
    })
    void slidingWindowFollowsKeras(long in, long kernel, long stride, Pad pad, long expected) {
        assertThat(ShapeRules.windowOutput(in, kernel, stride, pad)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} upsampled by {1} -> {2}")
    @CsvSource({"4, 2, 8", "14, 2, 28", "1, 3, 3", "7, 1, 7"})
    void upsamplingMultiplies(long in, long factor, long expected) {
        assertThat(ShapeRules.upsampleOutput(in, factor)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "dense {0} -> {1}, bias {2}: {3} params")
    @CsvSource({
            "784, 128, true, 100480",
            "128, 64, true, 8256",
            "64, 64, true, 4160",
            "128, 784, true, 101136",
            "784, 128, false, 100352",
    })
    void denseParametersMatchKerasSummary(long in, long units, boolean bias, long expected) {
        assertThat(ShapeRules.denseParams(in, units, bias)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "gaussian {0} -> {1}: {2} params")
    @CsvSource({
            "512, 2, 2052",
            "16, 2, 68",
            "512, 16, 16416",
    })
    void gaussianParametersAreKerasZMeanPlusZLogVar(long in, long units, long expected) {
        // z_mean = Dense(units)(h) and z_log_var = Dense(units)(h), as in Keras's VAE examples.
        assertThat(ShapeRules.gaussianParams(in, units)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "conv {0}x{1}, {2} -> {3}, bias {4}: {5} params")
    @CsvSource({
            "3, 3, 1, 16, true, 160",
            "3, 3, 16, 8, true, 1160",
            "3, 3, 8, 8, true, 584",
            "3, 3, 8, 16, true, 1168",
            "3, 3, 16, 1, true, 145",
            "5, 1, 2, 4, false, 40",
    })
    void conv2dParametersMatchKerasSummary(long kh, long kw, long cin, long cout, boolean bias, long expected) {
        assertThat(ShapeRules.conv2dParams(kh, kw, cin, cout, bias)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 3, 1", "3, 0, 1", "3, 3, 0", "-1, 1, 1"})
    void nonPositiveSizesAreABugInTheCaller(long in, long kernel, long stride) {
        assertThatThrownBy(() -> ShapeRules.windowOutput(in, kernel, stride, Pad.SAME))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} fed to {1}: {2}")
    @CsvSource({
            "28x28x1, 28x28x1, AS_IS",
            "28x28x1, 28x28, DROP_CHANNEL",
            "28x28x1, 784, FLATTENED",
            "28x28x1, 783, NONE",
            "28x28x1, 32x32x1, NONE",
            "28x28x1, 14x56x1, NONE",
    })
    void dataFeedsModelsByDocumentedRule(String data, String input, DataFit.Feed expected) {
        assertThat(DataFit.feed(parse(data), parse(input))).isEqualTo(expected);
    }

    private static Shape parse(String text) {
        String[] parts = text.split("x");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = Integer.parseInt(parts[i].trim());
        }
        return Shape.of(dims);
    }
}
