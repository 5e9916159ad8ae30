package dev.aec.compiler.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The line that ends diagnostics shown in full names `aec explain` with the first error's code, then the rest. */
class ExplainLineTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "E0302                   | For more about this error, run `aec explain E0302`.",
        "W0502                   | For more about this warning, run `aec explain W0502`.",
        "E0302 E0302 E0307       | For more about these errors, run `aec explain E0302` (or E0307).",
        "W0502 W0503             | For more about these warnings, run `aec explain W0502` (or W0503).",
        "W0502 E0307 E0101 E0307 | For more about these errors and warnings, run `aec explain E0307` (or E0101, W0502)."})
    void theExplainLineNamesTheFirstErrorThenTheOtherCodes(String shown, String line) {
        List<Code> codes = Arrays.stream(shown.split(" ")).map(Code::valueOf).toList();
        assertThat(DiagnosticRenderer.explainLine(codes)).contains(line);
        assertThat(DiagnosticRenderer.explainLine(List.of())).isEqualTo(Optional.empty());
    }
}
