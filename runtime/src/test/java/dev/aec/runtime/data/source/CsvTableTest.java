package dev.aec.runtime.data.source;

import static dev.aec.runtime.data.source.SourceFixtures.columns;
import static dev.aec.runtime.data.source.SourceFixtures.gzip;
import static dev.aec.runtime.data.source.SourceFixtures.read;
import static dev.aec.runtime.data.source.SourceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTableTest {

    @TempDir
    Path dir;

    private CsvTable table(String text) throws DataException {
        return CsvTable.read(write(dir, "t.csv", text), Header.AUTO, Optional.empty(), Optional.empty());
    }

    private static List<float[]> rows(CsvTable table) {
        List<float[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < table.count(); i++) {
            float[] row = new float[table.width()];
            table.read(i, row, 0);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void firstRowWithTextIsAHeader() throws DataException {
        CsvTable table = table("a,b,c\n1,2,3\n4,5.5,-6e-1\n");

        assertThat(table.columnNames()).containsExactly("a", "b", "c");
        assertThat(table.sampleShape()).isEqualTo(Shape.of(3));
        assertThat(rows(table)).containsExactly(new float[] {1, 2, 3}, new float[] {4, 5.5f, -0.6f});
        assertThat(table.name(1)).isEqualTo("line 3");
    }

    @Test
    void numericFirstRowIsData() throws DataException {
        CsvTable table = table("1,2\n3,4\n");

        assertThat(table.columnNames()).isEmpty();
        assertThat(table.count()).isEqualTo(2);
        assertThat(table.name(0)).isEqualTo("line 1");
    }

    @Test
    void headerTrueTakesANumericFirstRowAsNames() throws DataException {
        CsvTable table = CsvTable.read(write(dir, "t.csv", "0,1\n3,4\n"), Header.YES, Optional.empty(), Optional.empty());

        assertThat(table.columnNames()).containsExactly("0", "1");
        assertThat(rows(table)).containsExactly(new float[] {3, 4});
    }

    @Test
    void headerFalseWithATextRowSaysItLooksLikeAHeader() {
        Path file = write(dir, "t.csv", "x,y\n1,2\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.NO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ":1:1: `x` is not a number")
                .satisfies(e -> assertThat(((DataException) e).help()).hasValue("the first row looks like a header: remove `header: false`"));
    }

    @ParameterizedTest(name = "columns \"{0}\"")
    @CsvSource(delimiter = ';', value = {
        "0-1; 1,2; a,b",
        "2,0; 3,1; c,a",
        "c; 3; c",
        "' a , c '; 1,3; a,c",
        "1-2; 2,3; b,c",
        "b-c; 9; b-c",
    })
    void columnsAreSelectedByIndexRangeOrName(String columns, String expected, String names) throws DataException {
        Path file = write(dir, "t.csv", "a,b,c,b-c\n1,2,3,9\n");

        CsvTable table = CsvTable.read(file, Header.AUTO, columns(columns), Optional.empty());

        float[] values = new float[table.width()];
        table.read(0, values, 0);
        float[] wanted = new float[expected.split(",").length];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = Float.parseFloat(expected.split(",")[i]);
        }
        assertThat(values).containsExactly(wanted);
        assertThat(table.columnNames()).containsExactly(names.split(","));
    }

    @Test
    void textInColumnsLeftOutIsNeverParsed() throws DataException {
        Path file = write(dir, "t.csv", "1,2,cat\n3,4,dog\n");

        CsvTable table = CsvTable.read(file, Header.AUTO, columns("0-1"), Optional.empty());

        assertThat(table.columnNames()).isEmpty();
        assertThat(rows(table)).containsExactly(new float[] {1, 2}, new float[] {3, 4});
    }

    @ParameterizedTest(name = "columns \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "3| `columns: \"3\"`: there is no column 3, the table has 3 columns (0 to 2)| columns are counted from 0",
        "0-4| `columns: \"0-4\"`: there is no column 4, the table has 3 columns (0 to 2)| columns are counted from 0",
        "bb| `columns: \"bb\"`: no column named `bb`; the header names `a`, `b`, `c`| did you mean `b`?",
        "zeta| `columns: \"zeta\"`: no column named `zeta`; the header names `a`, `b`, `c`| ",
        "'a,0'| `columns: \"a,0\"`: column 0 is selected twice| ",
        "'1-2,c'| `columns: \"1-2,c\"`: column 2 is selected twice| ",
    })
    void badColumnsSayWhatTheTableHas(String columns, String problem, String help) {
        Path file = write(dir, "t.csv", "a,b,c\n1,2,3\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, columns(columns), Optional.empty()))
                .hasMessage(file + ": " + problem)
                .satisfies(e -> assertThat(((DataException) e).help()).isEqualTo(Optional.ofNullable(help)));
    }

    @Test
    void anIndexPastTheOnlyColumnSaysSo() {
        Path file = write(dir, "t.csv", "1\n2\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.NO, columns("1"), Optional.empty()))
                .hasMessage(file + ": `columns: \"1\"`: there is no column 1, the table has 1 column (0)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1,2\n", "a,b\n1,2\n"})
    void namesWithoutAHeaderAreRefused(String text) {
        Path file = write(dir, "t.csv", text);

        assertThatThrownBy(() -> CsvTable.read(file, Header.NO, columns("0, a"), Optional.empty()))
                .hasMessage(file + ": `columns: \"0, a\"` names columns, but `header: false` says the table has no header")
                .satisfies(e -> assertThat(((DataException) e).help()).hasValue("select the columns by index, counted from 0"));
    }

    @Test
    void raggedRowNamesItsLineAndBothCounts() {
        Path file = write(dir, "t.csv", "a,b,c\n1,2,3\n4,5\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ":3: the row has 2 cells, expected 3 like the header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "\uFEFF", "  \r\n"})
    void emptyFileIsReported(String text) {
        Path file = write(dir, "t.csv", text);

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": empty file: expected a table of numbers, one sample per row");
    }

    @Test
    void onlyAHeaderIsReported() {
        Path file = write(dir, "t.csv", "a,b\n\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": only a header row, no samples");
    }

    @Test
    void quotedCellsHoldCommasQuotesAndLineBreaks() throws DataException {
        CsvTable table = table("\"a,1\",\"say \"\"b\"\"\",\"c\nd\"\n\"1\", 2 ,\"3\"\n");

        assertThat(table.columnNames()).containsExactly("a,1", "say \"b\"", "c\nd");
        assertThat(rows(table)).containsExactly(new float[] {1, 2, 3});
        assertThat(table.name(0)).isEqualTo("line 3");
    }

    @Test
    void crlfBomAndBlankLinesAreAccepted() throws DataException {
        CsvTable table = table("\uFEFFx,y\r\n1,2\r\n\r\n3,4\r\n\r\n\r\n");

        assertThat(table.columnNames()).containsExactly("x", "y");
        assertThat(rows(table)).containsExactly(new float[] {1, 2}, new float[] {3, 4});
        assertThat(table.name(1)).isEqualTo("line 4");
    }

    @Test
    void gzipTableIsRead() throws DataException {
        Path file = write(dir, "t.csv.gz", gzip("a\n1\n2\n".getBytes(StandardCharsets.UTF_8)));

        CsvTable table = CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty());

        assertThat(rows(table)).containsExactly(new float[] {1}, new float[] {2});
    }

    @Test
    void pixelsScaleDividesBy255AndOtherScalesAreLeftToTheTrainer() throws DataException {
        Path file = write(dir, "t.csv", "51,255\n");

        assertThat(rows(CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.of(Scale.PIXELS))))
                .containsExactly(new float[] {51 / 255f, 1});
        assertThat(rows(CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.of(Scale.MINMAX))))
                .containsExactly(new float[] {51, 255});
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'1,2\n3,abc\n'| 2:3| `abc` is not a number",
        "'\uFEFF1,2\n3,x\n'| 2:3| `x` is not a number",
        "'a\n\"1,5\"\n'| 2:1| `1,5` is not a number",
        "'a,b\n1,  0x1A\n'| 2:3| `0x1A` is hexadecimal; aec reads decimal numbers only",
        "'a,b\n1,NaN\n'| 2:3| `NaN` is not a finite number",
        "'a,b\n-inf,1\n'| 2:1| `-inf` is not a finite number",
        "'a,b\n1,\n'| 2:3| an empty cell, where a number was expected",
        "'a,b\n1,2f\n'| 2:3| `2f` is not a number",
        "'a,b\n1,1e39\n'| 2:3| `1e39` is too large for a 32-bit float (at most about 3.4e38)",
        "'a,b\n\"1\n\",1\n1,z\n'| 4:3| `z` is not a number",
        "'a,b\n1;2,3\n'| 2:1| `1;2` is not a number",
    })
    void badCellIsReportedAtItsLineAndColumn(String text, String position, String problem) {
        Path file = write(dir, "t.csv", text);

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ":" + position + ": " + problem);
    }

    @Test
    void missingValuesGetAFix() {
        Path file = write(dir, "t.csv", "a,b\n1,\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .satisfies(e -> assertThat(((DataException) e).help())
                        .hasValue("fill or drop the missing values first (in pandas, `df.fillna(0)` or `df.dropna()`)"));
    }

    @Test
    void semicolonSeparatedFileGetsAHint() {
        Path file = write(dir, "t.csv", "1;2\n3;4\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.NO, Optional.empty(), Optional.empty()))
                .satisfies(e -> assertThat(((DataException) e).help())
                        .hasValue("aec reads comma-separated values; this row looks separated by `;`"));
    }

    @Test
    void unclosedQuoteIsReportedWhereItOpens() {
        Path file = write(dir, "t.csv", "1,2\n3,\"4\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ":2:3: a quoted cell is never closed: the file ends inside it");
    }

    @Test
    void textAfterAClosingQuoteIsReported() {
        Path file = write(dir, "t.csv", "\"1\"2,3\n");

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ":1:4: unexpected `2` after a quoted cell's closing quote: expected `,` or the end of the line");
    }

    @Test
    void latinOneTextIsNotUtf8() throws Exception {
        Path file = dir.resolve("t.csv");
        Files.write(file, "a,b\n1,2\ncaf\u00e9,3\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty()))
                .hasMessage(file + ":3: not UTF-8 text");
    }

    @Test
    void acceptsTheDecimalFormsPythonAndJavaWrite() throws DataException {
        CsvTable table = table("1e5,-.5,+3.,1.0E-5, 2 ,007\n");

        assertThat(rows(table)).containsExactly(new float[] {1e5f, -0.5f, 3f, 1e-5f, 2f, 7f});
    }

    @Test
    void probeStopsAfterItsRowLimit() throws DataException {
        Path file = write(dir, "t.csv", "a\n1\n2\n3\nnot a number\n");

        CsvTable preview = CsvTable.read(file, Header.AUTO, Optional.empty(), Optional.empty(), 2);

        assertThat(preview.count()).isEqualTo(2);
        assertThat(preview.complete()).isFalse();
    }

    @Test
    void scikitLearnDigitsAreReadWhenInstalled() throws DataException {
        Path digits = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");
        Assumptions.assumeTrue(Files.isRegularFile(digits), "Debian's python3-sklearn is not installed");

        CsvTable table = CsvTable.read(digits, Header.AUTO, columns("0-63"), Optional.empty());

        assertThat(table.count()).isEqualTo(1797);
        assertThat(table.sampleShape()).isEqualTo(Shape.of(64));
        float[] first = new float[64];
        table.read(0, first, 0);
        // The first digit is a zero, as `load_digits().data[0]` shows.
        assertThat(first).startsWith(0, 0, 5, 13, 9, 1, 0, 0);
    }

    @Test
    void writerQuotesOnlyCellsThatNeedIt() throws Exception {
        Path file = dir.resolve("scores.csv");

        CsvWriter.write(file, List.of("file", "score"), List.of(List.of("cats/a,b.png", "0.5"),
                List.of("say \"hi\".png", "1.0"), List.of(" lead.png", "2.0"), List.of("plain.png", "3.0")));

        assertThat(Files.readString(file)).isEqualTo("file,score\n\"cats/a,b.png\",0.5\n\"say \"\"hi\"\".png\",1.0\n"
                + "\" lead.png\",2.0\nplain.png,3.0\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("scores.csv");
        }
    }

    @Test
    void writerReplacesAnExistingFileWhole() throws Exception {
        Path file = write(dir, "out.csv", "old contents that are longer than the new ones\n");

        CsvWriter.writeFloats(file, List.of(), new float[] {1, 2}, 2);

        assertThat(Files.readString(file)).isEqualTo("1.0,2.0\n");
    }

    @Test
    void writerIntoAMissingFolderFailsWithTheFolder() {
        Path file = dir.resolve("missing/out.csv");

        assertThatThrownBy(() -> CsvWriter.writeFloats(file, List.of(), new float[] {1}, 1))
                .hasMessage(file.getParent() + ": no such directory");
    }
}
