package dev.aec.compiler.diag;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;

/**
 * The edits that put a line of a body (a layer, a train setting) beside another: on a line of its
 * own, indented as that one, when it has its line to itself; on the same line otherwise.
 */
public final class LineEdits {
    private LineEdits() {
    }

    /** Puts `text` before the line's text written at `at`. */
    public static Fix.Edit before(Span at, String text) {
        SourceFile file = at.file();
        int lineStart = file.lineStart(at.line());
        String head = file.text().substring(lineStart, at.start());
        Span insertion = new Span(file, at.start(), at.start());
        return new Fix.Edit(insertion, head.isBlank() ? text + newline(file, at.line()) + head : text + " ");
    }

    /** Puts `text` after the line's text written at `at`, after the comment that ends its line if any. */
    public static Fix.Edit after(Span at, String text) {
        SourceFile file = at.file();
        int line = file.lineOf(Math.max(at.start(), at.end() - 1));
        int lineEnd = file.lineEnd(line);
        String tail = file.text().substring(Math.min(at.end(), lineEnd), lineEnd).strip();
        if (tail.isEmpty() || tail.startsWith("#") || tail.startsWith("//")) {
            int lineStart = file.lineStart(file.lineOf(at.start()));
            String head = file.text().substring(lineStart, at.start());
            String indent = head.substring(0, head.length() - head.stripLeading().length());
            return new Fix.Edit(new Span(file, lineEnd, lineEnd), newline(file, line) + indent + text);
        }
        return new Fix.Edit(new Span(file, at.end(), at.end()), " " + text);
    }

    /** The line break that ends `line`, so an inserted line matches the file's. */
    private static String newline(SourceFile file, int line) {
        String text = file.text();
        int end = file.lineEnd(line);
        return text.startsWith("\r\n", end) ? "\r\n" : text.startsWith("\r", end) ? "\r" : "\n";
    }
}
