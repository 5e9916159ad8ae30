package dev.aec.compiler.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Lexer.Kind;
import dev.aec.compiler.syntax.Lexer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
    private static List<Token> lex(String text) {
        return Lexer.tokens(new SourceFile("t.aemodel", text));
    }

    @Test
    void keepsCommentsAndDropsSpaces() {
        List<Token> tokens = lex("model A : 784 -> 32 {  # squeeze\n  dense(32) /* why */\n}\n");
        assertThat(tokens).extracting(Token::kind).containsExactly(Kind.MODEL, Kind.IDENT, Kind.SYMBOL, Kind.INT,
                Kind.ARROW, Kind.INT, Kind.SYMBOL, Kind.LINE_COMMENT, Kind.IDENT, Kind.SYMBOL, Kind.INT, Kind.SYMBOL,
                Kind.BLOCK_COMMENT, Kind.SYMBOL);
        assertThat(tokens.get(7).text()).isEqualTo("# squeeze");
        assertThat(tokens.get(12).text()).isEqualTo("/* why */");
    }

    @Test
    void spansCountCharactersAfterAnEmoji() {
        String text = "# \ud83d\ude00\ndense(3x3)";
        List<Token> tokens = lex(text);
        Token shape = tokens.stream().filter(t -> t.kind() == Kind.SHAPE).findFirst().orElseThrow();
        assertThat(shape.span().start()).isEqualTo(text.indexOf("3x3"));
        assertThat(shape.text()).isEqualTo("3x3");
    }

    @Test
    void readsAnyTextWithoutFailing() {
        assertThat(lex("@ \"open /* never closed")).extracting(Token::kind)
                .containsExactly(Kind.UNKNOWN, Kind.UNTERMINATED_STRING);
        assertThat(lex("x /* never closed")).extracting(Token::kind)
                .containsExactly(Kind.IDENT, Kind.UNTERMINATED_COMMENT);
    }

    @Test
    void unquoteDropsTheQuotesAndTakesEscapedCharactersAsTheyAre() {
        assertThat(Lexer.unquote("\"a\\\"b\\\\c\"")).isEqualTo("a\"b\\c");
        assertThat(Lexer.unquote("\"\"")).isEmpty();
    }
}
