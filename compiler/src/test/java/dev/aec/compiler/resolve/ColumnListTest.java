package dev.aec.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.data.DataSource.Columns;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ColumnListTest {
    static Stream<Arguments> validLists() {
        return Stream.of(
                Arguments.of("0-63", List.of(new Columns.Range(0, 63))),
                Arguments.of("3", List.of(new Columns.Index(3))),
                Arguments.of(" 1 , 4-5 ,9", List.of(new Columns.Index(1), new Columns.Range(4, 5), new Columns.Index(9))),
                Arguments.of("2 - 7", List.of(new Columns.Range(2, 7))),
                Arguments.of("5-5", List.of(new Columns.Range(5, 5))),
                Arguments.of("petal_width, sepal length", List.of(new Columns.Name("petal_width"),
                        new Columns.Name("sepal length"))),
                Arguments.of("0-3, label", List.of(new Columns.Range(0, 3), new Columns.Name("label"))),
                Arguments.of("x-1", List.of(new Columns.Name("x-1"))),
                Arguments.of("007", List.of(new Columns.Index(7))));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("validLists")
    void validListsKeepTheirColumnsInWritingOrder(String text, List<Columns.Column> expected) {
        ColumnList.Parsed parsed = ColumnList.parse(text);
        assertThat(parsed).isInstanceOf(ColumnList.Ok.class);
        Columns columns = ((ColumnList.Ok) parsed).columns();
        assertThat(columns.items()).isEqualTo(expected);
        assertThat(columns.written()).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\": {3}")
    @CsvSource(delimiter = '|', value = {
            "''           | 0  | 0  | `columns` lists no column",
            "'0,,3'       | 2  | 3  | `columns` has an empty item",
            "',0'         | 0  | 1  | `columns` has an empty item",
            "'0-3,'       | 3  | 4  | `columns` has an empty item",
            "'9-3'        | 0  | 3  | the range `9-3` runs backwards",
            "'0-9, 12-10' | 5  | 10 | the range `12-10` runs backwards",
            "'3-'         | 0  | 2  | `3-` is not a column index or range",
            "'1-2-3'      | 0  | 5  | `1-2-3` is not a column index or range",
            "'0-5, 3'     | 5  | 6  | column 3 is kept twice",
            "'4, 0-9'     | 3  | 6  | column 4 is kept twice",
            "'a, b, a'    | 6  | 7  | column `a` is kept twice",
            "'99999999999'| 0  | 11 | column index too large",
    })
    void malformedListsPointAtTheItemAtFault(String text, int start, int end, String message) {
        ColumnList.Parsed parsed = ColumnList.parse(text);
        assertThat(parsed).isInstanceOf(ColumnList.Bad.class);
        ColumnList.Bad bad = (ColumnList.Bad) parsed;
        assertThat(bad.message()).isEqualTo(message);
        assertThat(List.of(bad.start(), bad.end())).containsExactly(start, end);
    }
}
