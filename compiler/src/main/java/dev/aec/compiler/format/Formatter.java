package dev.aec.compiler.format;

import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Ast;
import dev.aec.compiler.syntax.Lexer;
import dev.aec.compiler.syntax.Lexer.Kind;
import dev.aec.compiler.syntax.Lexer.Token;
import dev.aec.compiler.syntax.Parser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lays a model file out in the one canonical layout of `aec fmt`, the layout of the files in
 * `models/`:
 *
 * <ul>
 *   <li>two spaces of indent per `{`; one import, declaration line, layer, statement or train entry per
 *       line, however the file broke or joined them;</li>
 *   <li>`key: value`, `a -> b`, `x = f(x)`, `name(arg, key: value)`, `mnist.test`, `-1`; a space before
 *       `{` and the ` : ` of a sequential model's header; an empty body is `{}`;</li>
 *   <li>one blank line between declarations, and between the imports and the first declaration;
 *       elsewhere (between imports, between the lines of a body) runs of blank lines become one, and a
 *       body starts and ends without one;</li>
 *   <li>every comment is kept where it was: a comment on a line of its own stays on a line of its own,
 *       indented as the code around it; a comment after code stays after that code; a block comment
 *       inside a line stays inside it. A line comment inside a call ends the line, and the call goes on
 *       on the next line, indented one step more;</li>
 *   <li>the comments that end consecutive lines of code start in one column, one space after the
 *       longest of those lines; a blank line, or a line that opens or closes a body, ends such a run;</li>
 *   <li>no spaces at the end of a line (nor inside a block comment), lines end with `\n`, and a file
 *       that has anything ends with exactly one.</li>
 * </ul>
 *
 * <p>Trailing comments are aligned rather than put one space after their code because in these files
 * they are mostly a column of shapes beside the layers (`# 14x14x32`), read down as a table, as in the
 * tutorials' `model.summary()`; one space would scatter that column. The price is gofmt's: a longer
 * line moves the column of its neighbours. Lines are never wrapped: a layer is one line however long.
 *
 * <p>The formatter moves spaces and line breaks only. It works on the file's tokens (comments
 * included) and takes from the syntax tree only where lines begin, so the tokens of the result are
 * those of the input, in order, except for spaces at the ends of comment lines and the line breaks
 * inside block comments, which become `\n`. Formatting a formatted file changes nothing. A file that
 * does not parse is not formatted: its syntax errors are reported instead.
 */
public final class Formatter {
    private static final int INDENT = 2;

    private Formatter() {
    }

    /** The file in canonical layout, or empty when it does not parse (its errors are reported). */
    public static Optional<String> format(SourceFile source, Diagnostics diagnostics) {
        Optional<Ast.FileNode> tree = Parser.parse(source, diagnostics);
        return tree.map(file -> new Layout(source, file).render());
    }

    /** What kind of line a token begins, when the syntax says it begins one. */
    private enum LineStart {
        IMPORT,
        DECLARATION,
        STATEMENT
    }

    /** How the code on either side of a gap is separated. */
    private enum Gap {
        /** On one line, nothing between them. */
        TOUCHING,
        /** On one line, one space between them. */
        SPACED,
        /** On separate lines, blank lines between them kept (at most one). */
        LINE,
        /** On separate lines with exactly one blank line between (between declarations). */
        PARAGRAPH
    }

    /** One line of the result while it is built. */
    private static final class Line {
        final int indent;
        final boolean blankBefore;
        final StringBuilder text = new StringBuilder();
        /** Where the comments that end the line begin in {@link #text}, or -1. */
        int trailingAt = -1;
        boolean hasCode;
        /** Opens or closes a body: never aligned with its neighbours. */
        boolean brace;
        /** Holds a block comment of several lines: its width is not one line's. */
        boolean multiline;

        Line(int indent, boolean blankBefore) {
            this.indent = indent;
            this.blankBefore = blankBefore;
        }
    }

    /** The layout of one parsed file. */
    private static final class Layout {
        private final SourceFile source;
        private final List<Token> tokens;
        private final Map<Integer, LineStart> lineStarts = new HashMap<>();
        private final List<Line> lines = new ArrayList<>();
        private int braces;
        private int parens;

        Layout(SourceFile source, Ast.FileNode file) {
            this.source = source;
            this.tokens = Lexer.tokens(source);
            for (Ast.Import imp : file.imports()) {
                lineStarts.put(imp.span().start(), LineStart.IMPORT);
            }
            for (Ast.ModelDecl model : file.models()) {
                lineStarts.put(model.span().start(), LineStart.DECLARATION);
                if (model instanceof Ast.SequentialModel sequential) {
                    sequential.layers().forEach(layer -> lineStarts.put(layer.span().start(), LineStart.STATEMENT));
                } else if (model instanceof Ast.FunctionalModel functional) {
                    functional.body().forEach(s -> lineStarts.put(s.span().start(), LineStart.STATEMENT));
                }
            }
            for (Ast.TrainDecl train : file.trains()) {
                lineStarts.put(train.span().start(), LineStart.DECLARATION);
                train.entries().forEach(e -> lineStarts.put(e.span().start(), LineStart.STATEMENT));
            }
        }

        String render() {
            int previous = -1;
            for (int i = 0; i <= tokens.size(); i++) {
                if (i < tokens.size() && tokens.get(i).kind().isComment()) {
                    continue;
                }
                Optional<Token> before = previous < 0 ? Optional.empty() : Optional.of(tokens.get(previous));
                Optional<Token> after = i < tokens.size() ? Optional.of(tokens.get(i)) : Optional.empty();
                between(before, tokens.subList(previous + 1, i), after);
                after.ifPresent(this::code);
                previous = i;
            }
            align();
            StringBuilder out = new StringBuilder();
            for (Line line : lines) {
                if (line.blankBefore) {
                    out.append('\n');
                }
                out.append(" ".repeat(line.indent)).append(line.text).append('\n');
            }
            return out.toString();
        }

        /**
         * Lays out the comments between two pieces of code (the start or the end of the file when
         * empty) and the gaps around them. A gap next to a comment breaks the line where the source
         * broke it, so each comment stays on its own line or beside its code; the break the syntax asks
         * for goes before the code when the source had none.
         */
        private void between(Optional<Token> before, List<Token> comments, Optional<Token> after) {
            Gap gap = gap(before, after, !comments.isEmpty());
            int gaps = comments.size() + 1;
            boolean[] breaks = new boolean[gaps];
            boolean[] blanks = new boolean[gaps];
            boolean anyBreak = false;
            for (int i = 0; i < gaps; i++) {
                Optional<Token> left = i == 0 ? before : Optional.of(comments.get(i - 1));
                Optional<Token> right = i == gaps - 1 ? after : Optional.of(comments.get(i));
                int newlines = newlines(left, right);
                if (comments.isEmpty()) {
                    breaks[i] = gap == Gap.LINE || gap == Gap.PARAGRAPH;
                } else {
                    breaks[i] = newlines > 0 || left.map(t -> t.kind() == Kind.LINE_COMMENT).orElse(true);
                }
                boolean edge = left.isEmpty() || left.get().is("{") || right.isEmpty() || right.get().is("}");
                boolean blankAllowed = (gap == Gap.LINE || gap == Gap.PARAGRAPH) && !edge;
                blanks[i] = breaks[i] && blankAllowed && newlines > 1;
                anyBreak |= breaks[i] && right.isPresent();
            }
            boolean lineWanted = gap == Gap.LINE || gap == Gap.PARAGRAPH;
            if (lineWanted && !anyBreak) {
                breaks[gaps - 1] = true;
            }
            if (gap == Gap.PARAGRAPH && !anyOf(blanks)) {
                for (int i = 0; i < gaps; i++) {
                    if (breaks[i]) {
                        blanks[i] = true;
                        break;
                    }
                }
            }
            for (int i = 0; i < comments.size(); i++) {
                Token comment = comments.get(i);
                Optional<Token> left = i == 0 ? before : Optional.of(comments.get(i - 1));
                if (breaks[i]) {
                    newLine(indentAt(lineWanted), blanks[i]);
                }
                boolean touching = comment.kind() == Kind.BLOCK_COMMENT && left.map(t -> t.is("(")).orElse(false);
                appendComment(comment, touching ? "" : " ");
            }
            if (after.isEmpty()) {
                return;
            }
            Token code = after.get();
            if (breaks[gaps - 1]) {
                newLine(lineWanted ? lineIndent(code) : continuationIndent(code), blanks[gaps - 1]);
            } else if (comments.isEmpty()) {
                current().text.append(gap == Gap.SPACED ? " " : "");
            } else {
                current().text.append(code.is(")") || code.is(",") ? "" : " ");
            }
        }

        /** How the syntax separates two pieces of code; `comments` when there are comments between them. */
        private Gap gap(Optional<Token> before, Optional<Token> after, boolean comments) {
            if (before.isEmpty() || after.isEmpty()) {
                return Gap.LINE;
            }
            Token left = before.get();
            Token right = after.get();
            if (left.is("{") && right.is("}")) {
                return comments ? Gap.LINE : Gap.TOUCHING;
            }
            if (left.is("{") || right.is("}")) {
                return Gap.LINE;
            }
            LineStart start = lineStarts.get(right.span().start());
            if (start != null) {
                return start == LineStart.DECLARATION ? Gap.PARAGRAPH : Gap.LINE;
            }
            return spaced(left, right) ? Gap.SPACED : Gap.TOUCHING;
        }

        /** Whether two pieces of code on one line have a space between them. */
        private boolean spaced(Token left, Token right) {
            // A `-` is always a sign here: the language has no subtraction.
            if (left.is("(") || left.is(".") || left.is("-")) {
                return false;
            }
            if (right.is(")") || right.is(",") || right.is(".")) {
                return false;
            }
            if (right.is("(")) {
                return !(left.kind() == Kind.IDENT || left.is(")"));
            }
            if (right.is(":")) {
                // Only a sequential model's header has a colon outside every bracket: `model A : 784 -> 64`.
                return braces == 0 && parens == 0;
            }
            return true;
        }

        private void code(Token token) {
            Line line = current();
            line.text.append(token.text());
            line.hasCode = true;
            line.trailingAt = -1;
            if (token.is("{") || token.is("}")) {
                line.brace = true;
            }
            if (token.is("{")) {
                braces++;
            } else if (token.is("}")) {
                braces--;
            } else if (token.is("(")) {
                parens++;
            } else if (token.is(")")) {
                parens--;
            }
        }

        private void appendComment(Token comment, String space) {
            Line line = current();
            if (line.hasCode && line.trailingAt < 0) {
                line.trailingAt = line.text.length();
            }
            line.text.append(line.text.length() == 0 ? "" : space).append(commentText(comment));
            line.multiline |= comment.kind() == Kind.BLOCK_COMMENT && source.lineOf(comment.span().end())
                    > source.lineOf(comment.span().start());
        }

        private void newLine(int indent, boolean blank) {
            lines.add(new Line(indent, blank && !lines.isEmpty()));
        }

        private Line current() {
            if (lines.isEmpty()) {
                newLine(0, false);
            }
            return lines.get(lines.size() - 1);
        }

        /** The indent of code that the syntax puts at the start of a line: a `}` goes back one step. */
        private int lineIndent(Token code) {
            return INDENT * (code.is("}") ? braces - 1 : braces);
        }

        /** The indent of code that a comment pushed onto a line of its own in the middle of a line. */
        private int continuationIndent(Token code) {
            return INDENT * (braces + (code.is(")") ? parens - 1 : Math.max(1, parens)));
        }

        /** The indent of a comment on its own line: the code's, between lines; one step more inside one. */
        private int indentAt(boolean betweenLines) {
            return INDENT * (betweenLines ? braces : braces + Math.max(1, parens));
        }

        /** Line breaks in the source between two tokens (the start or end of the file when empty). */
        private int newlines(Optional<Token> left, Optional<Token> right) {
            int from = left.map(t -> t.span().end()).orElse(0);
            int to = right.map(t -> t.span().start()).orElse(source.text().length());
            return source.lineOf(to) - source.lineOf(from);
        }

        /**
         * Gives the comments that end consecutive lines of code one column: a blank line or a line
         * with a brace ends a run, and a line holding a block comment of several lines is left as it
         * is, as its width is not that of one line.
         */
        private void align() {
            List<Line> run = new ArrayList<>();
            for (Line line : lines) {
                if (line.blankBefore || line.brace || line.multiline) {
                    alignRun(run);
                    run.clear();
                }
                if (line.brace || line.multiline) {
                    spaceTrailing(line, 1);
                } else {
                    run.add(line);
                }
            }
            alignRun(run);
        }

        private static void alignRun(List<Line> run) {
            int column = 0;
            for (Line line : run) {
                if (line.trailingAt >= 0) {
                    column = Math.max(column, line.indent + width(line.text.substring(0, line.trailingAt)) + 1);
                }
            }
            for (Line line : run) {
                if (line.trailingAt >= 0) {
                    spaceTrailing(line, column - line.indent - width(line.text.substring(0, line.trailingAt)));
                }
            }
        }

        private static void spaceTrailing(Line line, int spaces) {
            if (line.trailingAt < 0) {
                return;
            }
            String comments = line.text.substring(line.trailingAt).stripLeading();
            line.text.setLength(line.trailingAt);
            line.text.append(" ".repeat(spaces)).append(comments);
        }

        private static int width(String text) {
            return text.codePointCount(0, text.length());
        }

        private static boolean anyOf(boolean[] values) {
            for (boolean value : values) {
                if (value) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A comment as the result holds it: without spaces at the ends of its lines, its line breaks
     * `\n`. Comparing tokens before and after formatting goes through this too.
     */
    static String commentText(Token comment) {
        String[] lines = comment.text().replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder out = new StringBuilder(comment.text().length());
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : "\n").append(lines[i].stripTrailing());
        }
        return out.toString();
    }
}
