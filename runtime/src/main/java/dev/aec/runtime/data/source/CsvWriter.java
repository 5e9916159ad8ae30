package dev.aec.runtime.data.source;

import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes CSV tables (UTF-8, LF line ends, RFC 4180 quoting where a cell needs it) through a
 * temporary file renamed over the target. Floats are written in Java's shortest form that reads
 * back to the same float (`0.1`, `1.0E-5`), which NumPy, pandas and {@link CsvTable} all parse.
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    /**
     * Writes `values` as rows of `width` numbers, under `header` when it is not empty.
     *
     * @throws DataException when the file cannot be written
     */
    public static void writeFloats(Path path, List<String> header, float[] values, int width) throws DataException {
        if (width <= 0 || values.length % width != 0 || !(header.isEmpty() || header.size() == width)) {
            throw new IllegalArgumentException(values.length + " values in rows of " + width + " under "
                    + header.size() + " names");
        }
        AtomicFile.write(path, out -> {
            writeHeader(out, header);
            StringBuilder line = new StringBuilder();
            for (int row = 0; row < values.length / width; row++) {
                line.setLength(0);
                for (int i = 0; i < width; i++) {
                    line.append(i == 0 ? "" : ",").append(values[row * width + i]);
                }
                out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /**
     * Writes rows of text cells (a file's name next to its score), quoting those that need it.
     *
     * @throws DataException when the file cannot be written
     */
    public static void write(Path path, List<String> header, List<? extends List<String>> rows) throws DataException {
        AtomicFile.write(path, out -> {
            writeHeader(out, header);
            for (List<String> row : rows) {
                writeRow(out, row);
            }
        });
    }

    private static void writeHeader(OutputStream out, List<String> header) throws IOException {
        if (!header.isEmpty()) {
            writeRow(out, header);
        }
    }

    private static void writeRow(OutputStream out, List<String> cells) throws IOException {
        out.write((line(cells) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** One row as the writer writes it, without its line break: for a table streamed elsewhere (standard output). */
    public static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : ",").append(quote(cells.get(i)));
        }
        return line.toString();
    }

    /** The cell as written: in quotes, its quotes doubled, when it holds a comma, quote, line break or edge space. */
    static String quote(String cell) {
        boolean needs = cell.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                || (!cell.isEmpty() && (Character.isWhitespace(cell.charAt(0))
                || Character.isWhitespace(cell.charAt(cell.length() - 1))));
        return needs ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
