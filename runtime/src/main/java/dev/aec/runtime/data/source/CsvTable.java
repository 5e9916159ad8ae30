package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataSource.Columns;
import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A numeric CSV table (plain or gzip, UTF-8) held in memory, one sample per row, of the columns
 * `columns` keeps. The first row is a header when `header` says so, or, left to aec, when one of
 * its kept cells is not a number. Cells are decimal numbers as Java and Python write them;
 * hexadecimal, `NaN`, `inf` and empty cells are refused with their line and column.
 */
public final class CsvTable implements Samples {

    private final String subject;
    private final float[] values;
    private final int[] lines;
    private final int rows;
    private final int width;
    private final List<String> columnNames;
    private final float divisor;
    private final String fingerprint;
    private final boolean complete;
    private final Layout layout;

    /**
     * What the table's first row (on line `firstLine`, after any blank lines) decided: how many
     * cells a row has, which are kept, whether that first row is a header, and what values are
     * divided by.
     */
    record Layout(int firstLine, int tableWidth, int[] kept, boolean header, float divisor)
            implements java.io.Serializable {
    }

    private CsvTable(String subject, float[] values, int[] lines, int rows, int width, List<String> columnNames,
                     float divisor, String fingerprint, boolean complete, Layout layout) {
        this.subject = subject;
        this.values = values;
        this.lines = lines;
        this.rows = rows;
        this.width = width;
        this.columnNames = List.copyOf(columnNames);
        this.divisor = divisor;
        this.fingerprint = fingerprint;
        this.complete = complete;
        this.layout = layout;
    }

    /**
     * Reads the whole table. Values are divided by 255 when `scale` is {@link Scale#PIXELS}; other
     * scales are left to the trainer.
     *
     * @throws DataException when the file is missing or unreadable, not UTF-8, empty, ragged, has a
     *     cell that is not a finite number, or `columns` selects what is not there
     */
    public static CsvTable read(Path path, Header header, Optional<Columns> columns, Optional<Scale> scale)
            throws DataException {
        return read(path, header, columns, scale, Integer.MAX_VALUE);
    }

    /** Reads at most `rowLimit` data rows; {@link #complete()} says whether that was all of them. */
    static CsvTable read(Path path, Header header, Optional<Columns> columns, Optional<Scale> scale, int rowLimit)
            throws DataException {
        String subject = path.toString();
        boolean gzip = false;
        try {
            gzip = Content.isGzip(path);
            try (InputStream in = Content.open(path, gzip)) {
                return read(subject, in, header, columns, scale, rowLimit, new Fingerprint("csv").file(path));
            }
        } catch (CharacterCodingException e) {
            throw DataException.withHelp(subject + malformedLine(path, gzip), "not UTF-8 text",
                    "save the table as UTF-8 (in pandas, `df.to_csv(path, encoding=\"utf-8\")`)");
        } catch (IOException e) {
            throw Content.failure(subject, gzip, e);
        }
    }

    /**
     * Reads at most `rowLimit` data rows of the table in `in` (plain text, already inflated),
     * `subject` naming it in messages and `fingerprint` holding what identifies its file.
     */
    static CsvTable read(String subject, InputStream in, Header header, Optional<Columns> columns,
                         Optional<Scale> scale, int rowLimit, Fingerprint fingerprint)
            throws IOException, DataException {
        // Strict decoding: a Latin-1 export would otherwise turn into cells of replacement characters.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CsvParser parser = new CsvParser(new InputStreamReader(in, decoder), subject);
        float divisor = scale.orElse(DataOptions.defaultScale(Format.CSV, false)) == Scale.PIXELS ? 255f : 1f;
        fingerprint.add("header", header).add("columns", columns.map(Columns::written).orElse(""))
                .add("divisor", divisor);
        return parse(subject, parser, header, columns, rowLimit, divisor, fingerprint.hex());
    }

    /** What the first row decided. */
    Layout layout() {
        return layout;
    }

    /**
     * `:line` of the first byte that is not UTF-8, found by decoding again: the reader decodes
     * ahead of the parser, so the parser's line may be an earlier one.
     */
    private static String malformedLine(Path path, boolean gzip) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(Content.BUFFER_SIZE);
        CharBuffer chars = CharBuffer.allocate(Content.BUFFER_SIZE);
        long line = 1;
        try (InputStream in = Content.open(path, gzip)) {
            while (true) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                bytes.position(bytes.position() + Math.max(n, 0));
                bytes.flip();
                int start = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, n < 0);
                for (int i = start; i < bytes.position(); i++) {
                    line += bytes.get(i) == '\n' ? 1 : 0;
                }
                if (result.isError()) {
                    return ":" + line;
                }
                chars.clear();
                bytes.compact();
                if (n < 0) {
                    return "";
                }
            }
        } catch (IOException e) {
            return "";
        }
    }

    private static CsvTable parse(String subject, CsvParser parser, Header header, Optional<Columns> columns,
                                  int rowLimit, float divisor, String fingerprint) throws IOException, DataException {
        Optional<CsvParser.Row> first = parser.next();
        if (first.isEmpty()) {
            throw new DataException(subject, "empty file: expected a table of numbers, one sample per row");
        }
        CsvParser.Row firstRow = first.get();
        int tableWidth = firstRow.cells().size();
        boolean named = columns.map(ColumnSelection::usesNames).orElse(false);
        if (named && header == Header.NO) {
            throw DataException.withHelp(subject, "`columns: \"" + columns.get().written() + "\"` names columns, but "
                    + "`header: false` says the table has no header", "select the columns by index, counted from 0");
        }
        boolean hasHeader = switch (header) {
            case YES -> true;
            case NO -> false;
            case AUTO -> named || anyText(firstRow, ColumnSelection.parse(subject, columns, tableWidth, List.of()));
        };
        List<String> names = hasHeader ? firstRow.cells().stream().map(c -> c.text().strip()).toList() : List.of();
        int[] kept = ColumnSelection.parse(subject, columns, tableWidth, names);
        float[] values = new float[Math.max(16, kept.length * 64)];
        int[] lines = new int[64];
        int rows = 0;
        Optional<CsvParser.Row> next = hasHeader ? parser.next() : first;
        while (next.isPresent() && rows < rowLimit) {
            CsvParser.Row row = next.get();
            if (row.cells().size() != tableWidth) {
                throw new DataException(subject + ":" + row.line(), "the row has " + row.cells().size() + " cells, "
                        + "expected " + tableWidth + " like " + (hasHeader ? "the header" : "line " + firstRow.line()));
            }
            if ((long) (rows + 1) * kept.length > Integer.MAX_VALUE - 8) {
                throw new DataException(subject, "more than " + (Integer.MAX_VALUE - 8)
                        + " values, too many to hold in memory as one table");
            }
            if ((rows + 1) * kept.length > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * values.length + kept.length));
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, 2 * rows);
            }
            for (int k = 0; k < kept.length; k++) {
                values[rows * kept.length + k] = CsvNumber.parse(subject, row.cells().get(kept[k]), header == Header.NO && rows == 0);
            }
            lines[rows++] = row.line();
            next = parser.next();
        }
        if (rows == 0) {
            throw DataException.withHelp(subject, "only a header row, no samples",
                    header == Header.YES ? "the first row is data: remove `header: true`" : "add rows of numbers below it");
        }
        List<String> keptNames = hasHeader ? Arrays.stream(kept).mapToObj(names::get).toList() : List.of();
        return new CsvTable(subject, values, lines, rows, kept.length, keptNames, divisor, fingerprint, next.isEmpty(),
                new Layout(firstRow.line(), tableWidth, kept, hasHeader, divisor));
    }

    private static boolean anyText(CsvParser.Row row, int[] kept) {
        return Arrays.stream(kept).anyMatch(k -> !CsvNumber.isDecimal(row.cells().get(k).text()));
    }

    /** Whether every row was read (a probe may stop early). */
    boolean complete() {
        return complete;
    }

    /** The header's names of the kept columns, in order; empty when the table has no header. */
    public List<String> columnNames() {
        return columnNames;
    }

    @Override
    public int count() {
        return rows;
    }

    @Override
    public Shape sampleShape() {
        return Shape.of(width);
    }

    @Override
    public void read(int index, float[] into, int offset) {
        if (index < 0 || index >= rows) {
            throw new IndexOutOfBoundsException("row " + index + " of " + rows);
        }
        for (int i = 0; i < width; i++) {
            float v = values[index * width + i];
            into[offset + i] = divisor == 1f ? v : v / divisor;
        }
    }

    /** The row's line in the file, which a spreadsheet or editor shows: `line 14`. */
    @Override
    public String name(int index) {
        return "line " + lines[index];
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean cheapToRead() {
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return subject + ": " + rows + " rows of " + width;
    }
}
