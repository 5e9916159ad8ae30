package dev.aec.compiler.syntax;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.grammar.AemodelLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;

/**
 * The words, symbols and comments of a file in order, for tools that work on the text as written
 * rather than on the tree: the formatter keeps every comment, the editor completes at the cursor of a
 * file that does not parse yet. Spaces and line breaks are not tokens; they are the gaps between them.
 * Reads any text without failing: what the language does not know is an {@link Kind#UNKNOWN} token.
 */
public final class Lexer {
    private Lexer() {
    }

    /** What a token is; symbols are one kind, told apart by their text. */
    public enum Kind {
        MODEL, TRAIN, IMPORT, RETURN, ARROW, SHAPE, FLOAT, INT, IDENT, STRING, UNTERMINATED_STRING,
        LINE_COMMENT, BLOCK_COMMENT, UNTERMINATED_COMMENT, SYMBOL, UNKNOWN;

        public boolean isComment() {
            return this == LINE_COMMENT || this == BLOCK_COMMENT || this == UNTERMINATED_COMMENT;
        }
    }

    /** One token: its kind, its text and where it is. */
    public record Token(Kind kind, String text, Span span) {
        /** True for the symbol `symbol` (`{`, `(`, `:`, ...). */
        public boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    /** Every token of `source` but spaces, in order. */
    public static List<Token> tokens(SourceFile source) {
        AemodelLexer lexer = new AemodelLexer(CharStreams.fromString(source.text(), source.displayPath()));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        for (org.antlr.v4.runtime.Token token = lexer.nextToken(); token.getType() != org.antlr.v4.runtime.Token.EOF;
                token = lexer.nextToken()) {
            if (token.getType() == AemodelLexer.WS) {
                continue;
            }
            int start = source.offsetOfCodePoint(token.getStartIndex());
            int end = Math.max(start, source.offsetOfCodePoint(token.getStopIndex() + 1));
            Span span = new Span(source, start, end);
            tokens.add(new Token(kind(token.getType()), span.text(), span));
        }
        return tokens;
    }

    /**
     * The value of a string as written (`"a\"b"` is `a"b`): the quotes dropped, a backslash taking the next
     * character as it is. The parser and the tools that read tokens read strings alike.
     */
    public static String unquote(String quoted) {
        String inner = quoted.length() >= 2 ? quoted.substring(1, quoted.length() - 1) : "";
        StringBuilder sb = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                i++;
                c = inner.charAt(i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static Kind kind(int type) {
        return switch (type) {
            case AemodelLexer.MODEL -> Kind.MODEL;
            case AemodelLexer.TRAIN -> Kind.TRAIN;
            case AemodelLexer.IMPORT -> Kind.IMPORT;
            case AemodelLexer.RETURN -> Kind.RETURN;
            case AemodelLexer.ARROW -> Kind.ARROW;
            case AemodelLexer.SHAPE -> Kind.SHAPE;
            case AemodelLexer.FLOAT -> Kind.FLOAT;
            case AemodelLexer.INT -> Kind.INT;
            case AemodelLexer.IDENT -> Kind.IDENT;
            case AemodelLexer.STRING -> Kind.STRING;
            case AemodelLexer.UNTERMINATED_STRING -> Kind.UNTERMINATED_STRING;
            case AemodelLexer.LINE_COMMENT -> Kind.LINE_COMMENT;
            case AemodelLexer.BLOCK_COMMENT -> Kind.BLOCK_COMMENT;
            case AemodelLexer.UNTERMINATED_COMMENT -> Kind.UNTERMINATED_COMMENT;
            case AemodelLexer.UNKNOWN_CHAR -> Kind.UNKNOWN;
            // The grammar's literal symbols ('{', '(', ':', ',', '=', '.', '-', ...) have no names of their own.
            default -> Kind.SYMBOL;
        };
    }
}
