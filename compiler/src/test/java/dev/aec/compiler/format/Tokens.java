package dev.aec.compiler.format;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Lexer;
import java.util.List;

/** A text's tokens as `KIND text`, comments as the formatter keeps them, for comparing two layouts. */
final class Tokens {
    private Tokens() {
    }

    static List<String> of(String text) {
        return Lexer.tokens(new SourceFile("t.aemodel", text)).stream()
                .map(t -> t.kind() + " " + (t.kind().isComment() ? Formatter.commentText(t) : t.text()))
                .toList();
    }
}
