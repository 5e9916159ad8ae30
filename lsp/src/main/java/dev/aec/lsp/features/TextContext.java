package dev.aec.lsp.features;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Lexer;
import dev.aec.compiler.syntax.Lexer.Kind;
import dev.aec.compiler.syntax.Lexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a place of the text is, read from the tokens before it rather than from the tree, so that it
 * answers while the line being typed does not parse: the block around it (a model's header or body, a
 * train block), the argument lists open at it, and the train setting whose value it is in.
 */
final class TextContext {
    /** The kind of block a place is in. */
    enum Block {
        TOP,
        MODEL_HEADER,
        SEQUENTIAL,
        FUNCTIONAL,
        TRAIN_HEADER,
        TRAIN
    }

    /**
     * An argument list open at the place: the name before it (empty for bare parentheses), which of
     * that call's lists it is (`dense(64)(x)`: 0 then 1), the argument the place is in, that argument's
     * key when one is written, and the index of its `(` among the code tokens.
     */
    record OpenList(String callee, int list, int argument, Optional<String> key, int open) {
    }

    /** A file's tokens: all of them, and the code alone (comments left out). */
    record Tokens(List<Token> all, List<Token> code) {
        static Tokens of(SourceFile file) {
            List<Token> all = Lexer.tokens(file);
            return new Tokens(all, all.stream().filter(t -> !t.kind().isComment()).toList());
        }

        /** True when `offset` is inside a comment or a string, where nothing is offered. */
        boolean inCommentOrString(int offset) {
            for (Token t : all) {
                if (t.span().start() >= offset) {
                    break;
                }
                boolean runsToLineEnd = t.kind() == Kind.LINE_COMMENT || t.kind() == Kind.UNTERMINATED_STRING
                        || t.kind() == Kind.UNTERMINATED_COMMENT;
                boolean closedText = t.kind() == Kind.STRING || t.kind() == Kind.BLOCK_COMMENT;
                if (runsToLineEnd && offset <= t.span().end() || closedText && offset < t.span().end()) {
                    return true;
                }
            }
            return false;
        }

        /** The index among the code tokens of the token under `offset` (its first character to its last). */
        Optional<Integer> codeAt(int offset) {
            for (int i = 0; i < code.size(); i++) {
                Token t = code.get(i);
                if (t.span().start() <= offset && offset < t.span().end()) {
                    return Optional.of(i);
                }
                if (t.span().start() > offset) {
                    break;
                }
            }
            return Optional.empty();
        }

        /**
         * The word being typed at `offset`: the name token that ends there or holds it, when the place is
         * not at its start.
         */
        Optional<Integer> wordBefore(int offset) {
            for (int i = 0; i < code.size(); i++) {
                Token t = code.get(i);
                if (t.span().start() < offset && offset <= t.span().end() && isWord(t)) {
                    return Optional.of(i);
                }
                if (t.span().start() >= offset) {
                    break;
                }
            }
            return Optional.empty();
        }

        /**
         * The input and output the header of model `name` declares, as written; for a file that does not
         * parse, where no check says more.
         */
        Optional<Declared> declared(String name) {
            for (int i = 0; i + 1 < code.size(); i++) {
                if (code.get(i).kind() != Kind.MODEL || !code.get(i + 1).text().equals(name)) {
                    continue;
                }
                int arrow = i + 2;
                while (arrow < code.size() && code.get(arrow).kind() != Kind.ARROW && !code.get(arrow).is("{")) {
                    arrow++;
                }
                if (arrow + 1 >= code.size() || code.get(arrow).kind() != Kind.ARROW) {
                    return Optional.empty();
                }
                // `model M(x: 784) -> 64`: the input is before the closing parenthesis.
                Token input = code.get(arrow - 1).is(")") ? code.get(arrow - 2) : code.get(arrow - 1);
                Token output = code.get(arrow + 1);
                return isShape(input) && isShape(output) ? Optional.of(new Declared(input.text(), output.text()))
                        : Optional.empty();
            }
            return Optional.empty();
        }

        private static boolean isShape(Token token) {
            return token.kind() == Kind.SHAPE || token.kind() == Kind.INT;
        }

        /** The number of code tokens that start before `offset`. */
        int countBefore(int offset) {
            int n = 0;
            while (n < code.size() && code.get(n).span().start() < offset) {
                n++;
            }
            return n;
        }
    }

    /** A model's signature as its header writes it. */
    record Declared(String input, String output) {
        @Override
        public String toString() {
            return input + " -> " + output;
        }
    }

    private final List<Token> code;
    private final int index;
    private final Block block;
    private final String blockName;
    private final List<OpenList> lists;
    private final Optional<String> trainKey;
    private final List<String> boundNames;
    private final int blockOpen;
    /** True when the token at {@link #index} is the word under or before the place, not yet written out. */
    private final boolean subject;

    private TextContext(List<Token> code, int index, boolean subject, Block block, String blockName,
                        List<OpenList> lists, Optional<String> trainKey, List<String> boundNames, int blockOpen) {
        this.code = code;
        this.index = index;
        this.subject = subject;
        this.block = block;
        this.blockName = blockName;
        this.lists = List.copyOf(lists);
        this.trainKey = trainKey;
        this.boundNames = List.copyOf(boundNames);
        this.blockOpen = blockOpen;
    }

    static boolean isWord(Token t) {
        return t.kind() == Kind.IDENT || t.kind() == Kind.MODEL || t.kind() == Kind.TRAIN || t.kind() == Kind.RETURN
                || t.kind() == Kind.IMPORT;
    }

    /**
     * The context before the word being typed at code token `index`, or, without one, before the first
     * token after the place (`index` then counts the tokens before it).
     */
    static TextContext typing(List<Token> code, int index, boolean word) {
        return read(code, index, word);
    }

    /** The context just before the code token `index`, the token a hover is about. */
    static TextContext before(List<Token> code, int index) {
        return read(code, index, true);
    }

    private static TextContext read(List<Token> code, int index, boolean subject) {
        Block block = Block.TOP;
        String name = "";
        boolean functional = false;
        int headerDepth = 0;
        String param = "";
        Deque<MutableList> open = new ArrayDeque<>();
        MutableList lastClosed = null;
        String trainKey = null;
        List<String> bound = new ArrayList<>();
        // An assigned name is in scope from the next statement on: `x = dense(64)(x)` reads the earlier `x`.
        String assigning = null;
        int blockOpen = -1;
        for (int i = 0; i < index && i < code.size(); i++) {
            Token t = code.get(i);
            Token previous = i > 0 ? code.get(i - 1) : null;
            Token next = i + 1 < code.size() ? code.get(i + 1) : null;
            boolean member = previous != null && previous.is(".");
            if ((t.kind() == Kind.MODEL || t.kind() == Kind.TRAIN) && !member) {
                // A header keyword inside a body or an argument list ends what the user has not closed yet.
                block = t.kind() == Kind.MODEL ? Block.MODEL_HEADER : Block.TRAIN_HEADER;
                name = "";
                functional = false;
                headerDepth = 0;
                param = "";
                open.clear();
                lastClosed = null;
                trainKey = null;
                bound.clear();
                assigning = null;
                continue;
            }
            switch (block) {
                case TOP -> {
                }
                case MODEL_HEADER -> {
                    if (t.kind() == Kind.IDENT && name.isEmpty()) {
                        name = t.text();
                    } else if (t.is("(")) {
                        functional |= headerDepth == 0 && previous != null && previous.text().equals(name);
                        headerDepth++;
                    } else if (t.is(")")) {
                        headerDepth = Math.max(0, headerDepth - 1);
                    } else if (t.kind() == Kind.IDENT && functional && headerDepth == 1 && param.isEmpty()) {
                        param = t.text();
                    } else if (t.is("{")) {
                        block = functional ? Block.FUNCTIONAL : Block.SEQUENTIAL;
                        blockOpen = i;
                        if (functional && !param.isEmpty()) {
                            bound.add(param);
                        }
                    }
                }
                case TRAIN_HEADER -> {
                    if (t.kind() == Kind.IDENT && name.isEmpty()) {
                        name = t.text();
                    } else if (t.is("{")) {
                        block = Block.TRAIN;
                        blockOpen = i;
                    }
                }
                case SEQUENTIAL, FUNCTIONAL, TRAIN -> {
                    if (t.is("(")) {
                        boolean chained = previous != null && previous.is(")") && lastClosed != null;
                        String callee = chained ? lastClosed.callee
                                : previous != null && previous.kind() == Kind.IDENT ? previous.text() : "";
                        open.push(new MutableList(callee, chained ? lastClosed.list + 1 : 0, i));
                    } else if (t.is(")")) {
                        lastClosed = open.isEmpty() ? null : open.pop();
                    } else if (t.is(",") && !open.isEmpty()) {
                        open.peek().argument++;
                        open.peek().key = null;
                    } else if (t.kind() == Kind.IDENT && next != null && next.is(":")) {
                        if (!open.isEmpty()) {
                            open.peek().key = t.text();
                        } else if (block == Block.TRAIN) {
                            trainKey = t.text();
                        }
                    } else if (open.isEmpty() && block == Block.FUNCTIONAL && (t.kind() == Kind.RETURN
                            || t.kind() == Kind.IDENT && next != null && next.is("="))) {
                        if (assigning != null) {
                            bound.add(assigning);
                        }
                        assigning = t.kind() == Kind.RETURN ? null : t.text();
                    } else if (t.is("}")) {
                        // A body has no braces inside, so this one closes it and any list left open.
                        block = Block.TOP;
                        name = "";
                        open.clear();
                    }
                }
            }
        }
        List<OpenList> lists = new ArrayList<>();
        open.descendingIterator().forEachRemaining(m -> lists.add(m.freeze()));
        return new TextContext(code, index, subject, block, name, lists, Optional.ofNullable(trainKey), bound,
                blockOpen);
    }

    /** The block the place is in. */
    Block block() {
        return block;
    }

    /** The name of the model or train block the place is in; empty when not yet written. */
    String blockName() {
        return blockName;
    }

    /** The innermost argument list open at the place. */
    Optional<OpenList> innermost() {
        return lists.isEmpty() ? Optional.empty() : Optional.of(lists.get(lists.size() - 1));
    }

    /** In a train block, the last key written before the place. */
    Optional<String> trainKey() {
        return trainKey;
    }

    /** In a functional body, the model's input and the names assigned by the statements before the place's. */
    List<String> boundNames() {
        return boundNames;
    }

    /**
     * The keys a train block sets, before and after the place (the word being typed at the place is not
     * one yet); empty outside train blocks.
     */
    Set<String> trainKeys() {
        Set<String> keys = new LinkedHashSet<>();
        if (block != Block.TRAIN) {
            return keys;
        }
        int depth = 0;
        for (int i = blockOpen + 1; i < code.size(); i++) {
            Token t = code.get(i);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth = Math.max(0, depth - 1);
            } else if (t.is("}") || (t.kind() == Kind.MODEL || t.kind() == Kind.TRAIN) && !code.get(i - 1).is(".")) {
                break;
            } else if (depth == 0 && !(subject && i == index) && t.kind() == Kind.IDENT && i + 1 < code.size()
                    && code.get(i + 1).is(":")) {
                keys.add(t.text());
            }
        }
        return keys;
    }

    /** The code token just before the place. */
    Optional<Token> previous() {
        return index > 0 && index <= code.size() ? Optional.of(code.get(index - 1)) : Optional.empty();
    }

    /** The code token `back` tokens before the place (1 is {@link #previous}). */
    Optional<Token> previous(int back) {
        int i = index - back;
        return i >= 0 && i < code.size() ? Optional.of(code.get(i)) : Optional.empty();
    }

    /** True when the previous code token is the symbol `symbol`. */
    boolean after(String symbol) {
        return previous().filter(t -> t.is(symbol)).isPresent();
    }

    /** True at the start of an argument of `list`: after its `(` or a `,`. */
    boolean atArgumentStart(OpenList list) {
        return previous().filter(t -> t.is(",") || t.is("(")).isPresent() && innermost().filter(list::equals).isPresent();
    }

    /**
     * What `list` already gives, before and after the place: its keys, and how many arguments come
     * before the first key (the parameters they fill by position).
     */
    Given given(OpenList list) {
        Set<String> keys = new LinkedHashSet<>();
        int positional = 0;
        boolean keyed = false;
        int depth = 0;
        boolean argumentStart = true;
        for (int i = list.open() + 1; i < code.size(); i++) {
            Token t = code.get(i);
            if (t.is("(") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("}")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && t.is(",")) {
                argumentStart = true;
                continue;
            } else if (depth == 0 && argumentStart && t.kind() == Kind.IDENT && i + 1 < code.size()
                    && code.get(i + 1).is(":")) {
                keys.add(t.text());
                keyed = true;
            } else if (depth == 0 && argumentStart && !keyed && !(subject && i == index)) {
                positional++;
            }
            if (t.kind() == Kind.MODEL || t.kind() == Kind.TRAIN && !code.get(i - 1).is(".")) {
                break;
            }
            argumentStart = false;
        }
        return new Given(keys, positional);
    }

    /** The keys an argument list gives and how many positional arguments come first. */
    record Given(Set<String> keys, int positional) {
        Given {
            keys = Set.copyOf(keys);
        }
    }

    /** An argument list while it is being read. */
    private static final class MutableList {
        final String callee;
        final int list;
        final int open;
        int argument;
        String key;

        MutableList(String callee, int list, int open) {
            this.callee = callee;
            this.list = list;
            this.open = open;
        }

        OpenList freeze() {
            return new OpenList(callee, list, argument, Optional.ofNullable(key), open);
        }
    }
}
