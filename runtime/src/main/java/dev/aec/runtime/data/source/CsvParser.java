package dev.aec.runtime.data.source;

import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits comma-separated text into rows of cells, each with the line and column (1-based, in
 * characters) where it starts. Quoting follows RFC 4180: a cell in double quotes may hold commas,
 * line breaks and `""` for a quote. Lines end at LF, CRLF or a lone CR; a leading UTF-8 byte order
 * mark is skipped; blank lines are skipped wherever they are, as pandas does.
 */
final class CsvParser {
    /** One cell's text (without its quotes, when it had some) and where it starts. */
    record Cell(String text, boolean quoted, int line, int column) {
    }

    /** One row: its cells and the line it starts on. */
    record Row(int line, List<Cell> cells) {
        Row {
            cells = List.copyOf(cells);
        }
    }

    private final Reader in;
    private final String subject;
    // Our own buffer: a BufferedReader takes a lock on every read() of one character.
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final StringBuilder text = new StringBuilder();
    private int line = 1;
    private int column = 1;
    private boolean started;

    /** @param in the text, read in large chunks; `subject` names the file in messages */
    CsvParser(Reader in, String subject) {
        this(in, subject, 1);
    }

    /** A parser of text that starts on line `firstLine` of its file: one line of it, read apart. */
    CsvParser(Reader in, String subject, int firstLine) {
        this.in = in;
        this.subject = subject;
        this.line = firstLine;
    }

    /** The next row that is not blank, or empty at the end of the text. */
    Optional<Row> next() throws IOException, DataException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                position++;
            }
        }
        while (true) {
            if (peek() < 0) {
                return Optional.empty();
            }
            int rowLine = line;
            List<Cell> cells = new ArrayList<>();
            boolean more = true;
            while (more) {
                cells.add(cell());
                more = peek() == ',';
                if (more) {
                    take();
                }
            }
            endOfLine();
            boolean blank = cells.size() == 1 && cells.get(0).text().isBlank() && !cells.get(0).quoted();
            if (!blank) {
                return Optional.of(new Row(rowLine, cells));
            }
        }
    }

    private Cell cell() throws IOException, DataException {
        int startLine = line;
        int startColumn = column;
        text.setLength(0);
        if (peek() == '"') {
            take();
            while (true) {
                int c = take();
                if (c < 0) {
                    throw new DataException(subject + ":" + startLine + ":" + startColumn,
                            "a quoted cell is never closed: the file ends inside it");
                }
                if (c == '"') {
                    if (peek() != '"') {
                        break;
                    }
                    take();
                }
                text.append((char) c);
            }
            while (peek() == ' ' || peek() == '\t') {
                take();
            }
            int c = peek();
            if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                throw new DataException(subject + ":" + line + ":" + column,
                        "unexpected `" + (char) c + "` after a quoted cell's closing quote: expected `,` or the end of the line");
            }
            return new Cell(text.toString(), true, startLine, startColumn);
        }
        while (true) {
            int c = peek();
            if (c < 0 || c == ',' || c == '\n' || c == '\r') {
                break;
            }
            text.append((char) c);
            position++;
            if (!Character.isLowSurrogate((char) c)) {
                column++;
            }
        }
        return new Cell(text.toString(), false, startLine, startColumn);
    }

    private void endOfLine() throws IOException {
        if (peek() == '\r') {
            take();
        }
        if (peek() == '\n') {
            take();
        }
    }

    private int peek() throws IOException {
        while (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit < 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position];
    }

    /** The next character, keeping line and column up to date. */
    private int take() throws IOException {
        int c = peek();
        if (c >= 0) {
            position++;
        }
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
            line++;
            column = 1;
        } else if (c >= 0 && c != '\r' && !Character.isLowSurrogate((char) c)) {
            // Columns count characters as people see them: a surrogate pair is one.
            column++;
        }
        return c;
    }
}
