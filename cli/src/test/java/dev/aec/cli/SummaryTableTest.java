package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The numbers of `aec check`'s tables. */
class SummaryTableTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 7, 999, 1_000, 1_904, 99_999, 100_000, 1_234_567, -1, -1_000, -123_456,
        Long.MAX_VALUE, Long.MIN_VALUE})
    void groupedPrintsWhatStringFormatPrintsWithThousandsSeparators(long n) {
        assertThat(SummaryTable.grouped(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
}
