package dev.aec.compiler.diag;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

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

    /** Longest source line shown whole, in characters; longer lines are cut around the span. */
    static final int MAX_LINE = 120;
    /** Characters shown before the span on a cut line. */
    private static final int CONTEXT = 40;

    private final boolean color;

    public DiagnosticRenderer(boolean color) {
        this.color = color;
    }

    /** `path:line:col: error[E0301]: message`, the form editors and scripts parse. */
    public String header(Diagnostic d) {
        String severity = d.severity().word() + "[" + d.code().name() + "]";
        String sevColored = paint(d.severity() == Severity.ERROR ? RED : YELLOW, severity);
        return paint(BOLD, d.span().location() + ":") + " " + sevColored + ": " + paint(BOLD, printable(d.message()));
    }

    /**
     * The line that ends diagnostics shown in full, as rustc's does: the command that explains the
     * first error's code, then the other codes shown, each once, errors before warnings. Empty when
     * no diagnostic was shown. Every front end that prints diagnostics for people ends with it.
     */
    public static Optional<String> explainLine(List<Code> shown) {
        List<Code> codes = new ArrayList<>(new LinkedHashSet<>(shown));
        if (codes.isEmpty()) {
            return Optional.empty();
        }
        // Stable: codes of one severity keep the order they were shown in.
        codes.sort(Comparator.comparing(Code::severity));
        boolean errors = codes.stream().anyMatch(c -> c.severity() == Severity.ERROR);
        boolean warnings = codes.stream().anyMatch(c -> c.severity() == Severity.WARNING);
        String run = "run `aec explain " + codes.get(0).name() + "`";
        if (codes.size() == 1) {
            return Optional.of("For more about this " + codes.get(0).severity().word() + ", " + run + ".");
        }
        String these = errors && warnings ? "these errors and warnings" : errors ? "these errors" : "these warnings";
        List<String> others = codes.subList(1, codes.size()).stream().map(Code::name).toList();
        return Optional.of("For more about " + these + ", " + run + " (or " + String.join(", ", others) + ").");
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
            out.append(paint(BOLD, "note")).append(": ").append(printable(note)).append('\n');
        }
        for (String help : d.helps()) {
            out.append(paint(BOLD, "help")).append(": ").append(printable(help)).append('\n');
        }
        return out.toString();
    }

    private void appendSnippet(StringBuilder out, Span span, String message, boolean primary, int width,
                               boolean showLine) {
        SourceFile file = span.file();
        int line = span.line();
        int lineStart = file.lineStart(line);
        int lineEnd = file.lineEnd(line);
        int lineLength = file.codePointsBetween(lineStart, lineEnd);
        int col = span.column() - 1;
        int endCol = span.end() > span.start() && file.lineOf(Math.max(span.start(), span.end() - 1)) == line
                ? file.codePointsBetween(lineStart, Math.min(span.end(), lineEnd))
                : lineLength;
        // A long line is shown as a window around the span, so one diagnostic stays a few lines long.
        int from = 0;
        int to = lineLength;
        if (lineLength > MAX_LINE) {
            from = Math.max(0, Math.min(col - CONTEXT, lineLength - MAX_LINE));
            to = Math.min(lineLength, from + MAX_LINE);
        }
        String cutLeft = from > 0 ? "..." : "";
        String cutRight = to < lineLength ? "..." : "";
        String text = cutLeft + printable(file.text().substring(file.offsetAfterCodePoints(lineStart, from),
                file.offsetAfterCodePoints(lineStart, to))) + cutRight;
        int caret = cutLeft.length() + Math.max(0, Math.min(col, to) - from);
        int markLength = Math.max(1, Math.min(endCol, to) - Math.max(col, from));
        String gutter = String.format("%" + width + "d", line);
        // A cut line is shown again for each label, as each label has its own window.
        if (showLine || lineLength > MAX_LINE) {
            out.append(paint(BLUE, gutter + " | ")).append(text).append('\n');
        }
        String marks = (primary ? "^" : "-").repeat(markLength);
        String painted = paint(primary ? RED : BLUE, marks + (message.isEmpty() ? "" : " " + printable(message)));
        out.append(paint(BLUE, " ".repeat(width) + " | ")).append(" ".repeat(caret)).append(painted).append('\n');
    }

    /**
     * Tabs become one space so carets stay aligned; control and invisible characters (terminal
     * escapes, bidirectional overrides, lone surrogates) become `?`, so what is printed is what the
     * compiler read and a file cannot drive the terminal.
     */
    private static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (cp == '\t') {
                sb.append(' ');
            } else if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                sb.append('?');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
