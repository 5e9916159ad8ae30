package dev.aec.lsp;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Between the compiler's character offsets and the protocol's line and character positions. Both
 * count UTF-16 code units (the protocol's default encoding, and Java's `String` index), and both end
 * lines at `\n`, `\r\n` or a lone `\r`, so a position is the offset minus its line's start.
 */
public final class Positions {
    private Positions() {
    }

    /** The position of a character offset (0-based line and character). */
    public static Position position(SourceFile file, int offset) {
        int clamped = Math.max(0, Math.min(offset, file.text().length()));
        int line = file.lineOf(clamped);
        return new Position(line - 1, clamped - file.lineStart(line));
    }

    /** The offset of a position; a line or character past the end is clamped to the end of the text or line. */
    public static int offset(SourceFile file, Position position) {
        if (position.getLine() < 0) {
            return 0;
        }
        if (position.getLine() >= file.lineCount()) {
            return file.text().length();
        }
        int line = position.getLine() + 1;
        int start = file.lineStart(line);
        return Math.min(start + Math.max(0, position.getCharacter()), file.lineEnd(line));
    }

    public static Range range(Span span) {
        return new Range(position(span.file(), span.start()), position(span.file(), span.end()));
    }
}
