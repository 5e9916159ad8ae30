package dev.aec.compiler.syntax;

import dev.aec.grammar.AemodelLexer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Words for tokens in syntax errors: "a name", "a shape like `28x28x1`", "`{`". */
final class TokenNames {
    private TokenNames() {
    }

    static String describe(IntervalSet expected) {
        Set<String> words = new LinkedHashSet<>();
        boolean value = expected.contains(AemodelLexer.IDENT) && expected.contains(AemodelLexer.SHAPE)
                && expected.contains(AemodelLexer.FLOAT);
        if (value) {
            words.add("a value");
        }
        for (int type : expected.toArray()) {
            if (value && (type == AemodelLexer.IDENT || type == AemodelLexer.SHAPE || type == AemodelLexer.INT
                    || type == AemodelLexer.FLOAT || type == AemodelLexer.STRING || "'-'".equals(literal(type)))) {
                continue;
            }
            words.add(word(type));
        }
        List<String> list = new ArrayList<>(words);
        if (list.isEmpty()) {
            return "something else";
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    private static String word(int type) {
        if (type == Token.EOF) {
            return "end of file";
        }
        if (type == AemodelLexer.IDENT) {
            return "a name";
        }
        if (type == AemodelLexer.SHAPE || type == AemodelLexer.INT) {
            return "a shape like `28x28x1`";
        }
        if (type == AemodelLexer.FLOAT) {
            return "a number";
        }
        if (type == AemodelLexer.STRING) {
            return "a string";
        }
        String lit = literal(type);
        return lit == null ? AemodelLexer.VOCABULARY.getDisplayName(type) : "`" + lit.substring(1, lit.length() - 1) + "`";
    }

    private static String literal(int type) {
        Vocabulary vocabulary = AemodelLexer.VOCABULARY;
        return vocabulary.getLiteralName(type);
    }

    /** A concrete fix for the common slips. */
    static Optional<String> hint(Token found, Token previous, IntervalSet expected) {
        String text = found.getText();
        if (text.equals("=") && previous.getType() == AemodelLexer.IDENT
                && (expected.contains(literalType(":")) || expected.contains(literalType(")")))) {
            return Optional.of("arguments and settings use `:`, as in `" + previous.getText() + ": ...`, not `=`");
        }
        if (found.getType() == AemodelLexer.IDENT && text.equals("x")) {
            return Optional.of("write shapes without spaces, like `28x28x1`");
        }
        if (found.getType() == Token.EOF && expected.contains(literalType("}"))) {
            return Optional.of("a `{` is never closed; add `}` at the end of the block");
        }
        if (found.getType() == AemodelLexer.IDENT && (text.equals("def") || text.equals("class"))) {
            return Optional.of("declare models with `model Name : input -> output { ... }`");
        }
        return Optional.empty();
    }

    static int literalType(String literal) {
        Vocabulary vocabulary = AemodelLexer.VOCABULARY;
        for (int type = 0; type <= vocabulary.getMaxTokenType(); type++) {
            if (("'" + literal + "'").equals(vocabulary.getLiteralName(type))) {
                return type;
            }
        }
        return Token.INVALID_TYPE;
    }
}
