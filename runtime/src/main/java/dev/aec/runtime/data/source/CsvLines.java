package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataSource.Columns;
import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * A CSV table read a line at a time by whoever holds its lines (on a cluster, each executor its
 * share): the first row decides, as {@link CsvTable} decides it, how many cells a row has, which
 * are kept, whether it is a header and what values are divided by; every line then becomes a
 * sample the way a row of {@link CsvTable} does. Small enough to ship to the executors. A quoted
 * cell cannot hold a line break here, since the lines are split before they are parsed.
 */
public final class CsvLines implements Serializable {
    private final String subject;
    private final CsvTable.Layout layout;
    private final List<String> columnNames;
    private final String fingerprint;

    private CsvLines(String subject, CsvTable.Layout layout, List<String> columnNames, String fingerprint) {
        this.subject = subject;
        this.layout = layout;
        this.columnNames = List.copyOf(columnNames);
        this.fingerprint = fingerprint;
    }

    /**
     * Reads the table's first rows from `in` (its file's bytes, gzip or plain) to learn its layout.
     *
     * @param size the file's size and `modifiedMillis` its modification time, for the fingerprint
     * @throws DataException when the file is empty, not UTF-8, has no data row, or `columns`
     *     selects what is not there
     */
    public static CsvLines of(String subject, InputStream in, Header header, Optional<Columns> columns,
                              Optional<Scale> scale, long size, long modifiedMillis) throws DataException {
        boolean gzip = false;
        try (BufferedInputStream buffered = new BufferedInputStream(in, Content.BUFFER_SIZE)) {
            buffered.mark(2);
            int first = buffered.read();
            int second = buffered.read();
            buffered.reset();
            gzip = first == 0x1f && second == 0x8b;
            InputStream text = gzip ? new GZIPInputStream(buffered, Content.BUFFER_SIZE) : buffered;
            CsvTable table = CsvTable.read(subject, text, header, columns, scale, 1,
                    new Fingerprint("csv").file(subject, size, modifiedMillis));
            return new CsvLines(subject, table.layout(), table.columnNames(), table.fingerprint());
        } catch (CharacterCodingException e) {
            throw DataException.withHelp(subject, "not UTF-8 text",
                    "save the table as UTF-8 (in pandas, `df.to_csv(path, encoding=\"utf-8\")`)");
        } catch (IOException e) {
            throw Content.failure(subject, gzip, e);
        }
    }

    /** The line of the header, when the table has one (after any blank lines at the top, 1 most often). */
    public OptionalLong headerLine() {
        return layout.header() ? OptionalLong.of(layout.firstLine()) : OptionalLong.empty();
    }

    /** Values in one sample: the columns kept. */
    public int width() {
        return layout.kept().length;
    }

    /** The header's names of the kept columns; empty without a header. */
    public List<String> columnNames() {
        return columnNames;
    }

    /** What identifies the table's file and the options that change its values. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The sample of one line of the table, or empty for a blank line.
     *
     * @param lineNumber the line's number in the file, from 1, for messages
     * @throws DataException when the line has another number of cells than the first, or a kept
     *     cell is not a finite number
     */
    public Optional<float[]> sample(String line, long lineNumber) throws DataException {
        CsvParser parser = new CsvParser(new StringReader(line), subject, Math.toIntExact(lineNumber));
        Optional<CsvParser.Row> parsed;
        try {
            parsed = parser.next();
        } catch (IOException e) {
            throw new IllegalStateException("reading a string failed", e);
        }
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        CsvParser.Row row = parsed.get();
        if (row.cells().size() != layout.tableWidth()) {
            throw new DataException(subject + ":" + row.line(), "the row has " + row.cells().size() + " cells, "
                    + "expected " + layout.tableWidth() + " like " + (layout.header() ? "the header"
                    : "line " + layout.firstLine()));
        }
        int[] kept = layout.kept();
        float[] values = new float[kept.length];
        for (int k = 0; k < kept.length; k++) {
            float v = CsvNumber.parse(subject, row.cells().get(kept[k]), false);
            values[k] = layout.divisor() == 1f ? v : v / layout.divisor();
        }
        return Optional.of(values);
    }
}
