package dev.aec.compiler.diag;

import dev.aec.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders diagnostics for people (the one-line header, the source line with carets under the
 * span, secondary labels, notes) or as the header line alone for scripts.
 */
public final class DiagnosticRenderer {
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String BLUE = "\u001b[1;34m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final boolean color;

    public DiagnosticRenderer(boolean color) {
        this.color = color;
    }

    /** `path:line:col: error[E0301]: message`, the form editors and scripts parse. */
    public String header(Diagnostic d) {
        String severity = d.severity().word() + "[" + d.code().name() + "]";
        String sevColored = paint(d.severity() == Severity.ERROR ? RED : YELLOW, severity);
        return paint(BOLD, d.span().location() + ":") + " " + sevColored + ": " + paint(BOLD, d.message());
    }

    /** The full form: header, annotated source, notes and help. */
    public String render(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append(header(d)).append('\n');
        List<Label> labels = new ArrayList<>();
        labels.add(d.primary());
        labels.addAll(d.secondary());
        int width = labels.stream().mapToInt(l -> Integer.toString(l.span().line()).length()).max().orElse(1);
        width = Math.max(width, 4);
        String primaryFile = d.span().file().displayPath();
        List<Label> ordered = new ArrayList<>(labels);
        // Labels in the primary file first, in line order, then those in other files.
        ordered.sort(Comparator
                .comparingInt((Label l) -> l.span().file().displayPath().equals(primaryFile) ? 0 : 1)
                .thenComparing(l -> l.span().file().displayPath())
                .thenComparingInt(l -> l.span().start()));
        String lastFile = primaryFile;
        int lastLine = -1;
        for (Label label : ordered) {
            Span span = label.span();
            String file = span.file().displayPath();
            if (!file.equals(lastFile)) {
                out.append(" ".repeat(width)).append(paint(BLUE, " --> ")).append(span.location()).append('\n');
                lastFile = file;
                lastLine = -1;
            }
            boolean primary = label == d.primary();
            // Several labels on one line share one copy of the line.
            boolean sameLine = span.line() == lastLine;
            appendSnippet(out, span, label.message(), primary, width, !sameLine);
            lastLine = span.line();
        }
        for (String note : d.notes()) {
            out.append(paint(BOLD, "note")).append(": ").append(note).append('\n');
        }
        for (String help : d.helps()) {
            out.append(paint(BOLD, "help")).append(": ").append(help).append('\n');
        }
        return out.toString();
    }

    private void appendSnippet(StringBuilder out, Span span, String message, boolean primary, int width,
                               boolean showLine) {
        int line = span.line();
        String text = printable(span.file().line(line));
        int col = span.column() - 1;
        int lineEnd = text.length();
        int endCol = span.end() > span.start() && span.file().lineOf(Math.max(span.start(), span.end() - 1)) == line
                ? span.file().columnOf(span.end() - 1)
                : lineEnd;
        int markLength = Math.max(1, Math.min(endCol, lineEnd) - col);
        String gutter = String.format("%" + width + "d", line);
        if (showLine) {
            out.append(paint(BLUE, gutter + " | ")).append(text).append('\n');
        }
        String marks = (primary ? "^" : "-").repeat(markLength);
        String painted = paint(primary ? RED : BLUE, marks + (message.isEmpty() ? "" : " " + message));
        out.append(paint(BLUE, " ".repeat(width) + " | ")).append(" ".repeat(Math.max(0, col))).append(painted).append('\n');
    }

    /** Tabs become one space so carets stay aligned; control characters become `?`. */
    private static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            sb.append(c == '\t' ? ' ' : Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
