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
    private int peeked = -2;
    private int line = 1;
    private int column = 1;
    private boolean started;

    /** @param in buffered text; `subject` names the file in messages */
    CsvParser(Reader in, String subject) {
        this.in = in;
        this.subject = subject;
    }

    /** The line the parser has reached, for a message about what it could not decode. */
    int line() {
        return line;
    }

    /** The next row that is not blank, or empty at the end of the text. */
    Optional<Row> next() throws IOException, DataException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                peeked = -2;
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
        StringBuilder text = new StringBuilder();
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
        while (peek() >= 0 && peek() != ',' && peek() != '\n' && peek() != '\r') {
            text.append((char) take());
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
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    /** The next character, keeping line and column up to date. */
    private int take() throws IOException {
        int c = peek();
        peeked = -2;
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
