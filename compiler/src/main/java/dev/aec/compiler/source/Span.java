package dev.aec.compiler.source;

import java.util.Objects;

/** A range of characters [start, end) in one source file. */
public record Span(SourceFile file, int start, int end) {
    public Span {
        Objects.requireNonNull(file);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    public int line() {
        return file.lineOf(start);
    }

    public int column() {
        return file.columnOf(start);
    }

    /** The smallest span covering both. */
    public Span to(Span other) {
        return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
    }

    public String text() {
        return file.text().substring(Math.min(start, file.text().length()), Math.min(end, file.text().length()));
    }

    /** `path:line:col`, the form editors and scripts parse. */
    public String location() {
        return file.displayPath() + ":" + line() + ":" + column();
    }

    @Override
    public String toString() {
        return location();
    }
}
