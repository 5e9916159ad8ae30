package dev.aec.runtime.data.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Python literals an NPY header is written in: a dict of strings, booleans, integers
 * and tuples. NumPy writes it with `repr`; hand-written and Python 2 headers differ in quotes,
 * spacing, trailing commas and a `3L` integer suffix, all of which are accepted.
 */
final class PythonLiteral {
    /** A header that is not such a literal, at character `offset`. */
    static final class Malformed extends Exception {
        private final int offset;

        Malformed(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    private final String text;
    private int at;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /**
     * Parses one value followed only by whitespace. Strings come back as String, `True`/`False`
     * as Boolean, integers as Long, tuples and lists as List, dicts as Map with String keys.
     */
    static Object parse(String text) throws Malformed {
        PythonLiteral parser = new PythonLiteral(text);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.at < text.length()) {
            throw new Malformed(parser.at, "unexpected `" + text.charAt(parser.at) + "` after the header's value");
        }
        return value;
    }

    private Object value() throws Malformed {
        skipSpace();
        if (at >= text.length()) {
            throw new Malformed(at, "the header ends where a value was expected");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> dict();
            case '(' -> sequence('(', ')');
            case '[' -> sequence('[', ']');
            case '\'', '"' -> string();
            default -> c == '-' || Character.isDigit(c) ? integer() : word();
        };
    }

    private Map<String, Object> dict() throws Malformed {
        Map<String, Object> entries = new LinkedHashMap<>();
        at++;
        while (true) {
            skipSpace();
            if (peek('}')) {
                at++;
                return entries;
            }
            int keyAt = at;
            if (!peek('\'') && !peek('"')) {
                throw new Malformed(at, "expected a quoted key or `}`");
            }
            String key = string();
            skipSpace();
            expect(':');
            Object value = value();
            if (entries.put(key, value) != null) {
                throw new Malformed(keyAt, "the key '" + key + "' appears twice");
            }
            skipSpace();
            if (peek(',')) {
                at++;
            } else if (!peek('}')) {
                throw new Malformed(at, "expected `,` or `}`");
            }
        }
    }

    private List<Object> sequence(char open, char close) throws Malformed {
        List<Object> items = new ArrayList<>();
        at++;
        while (true) {
            skipSpace();
            if (peek(close)) {
                at++;
                return items;
            }
            items.add(value());
            skipSpace();
            if (peek(',')) {
                at++;
            } else if (!peek(close)) {
                throw new Malformed(at, "expected `,` or `" + close + "`");
            }
        }
    }

    private String string() throws Malformed {
        int start = at;
        char quote = text.charAt(at++);
        StringBuilder s = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                return s.toString();
            }
            if (c == '\\' && at < text.length()) {
                c = text.charAt(at++);
            }
            s.append(c);
        }
        throw new Malformed(start, "a string that is never closed");
    }

    private Long integer() throws Malformed {
        int start = at;
        if (peek('-')) {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        String digits = text.substring(start, at);
        if (peek('L') || peek('l')) {
            at++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new Malformed(start, "`" + digits + "` is not an integer this reader takes");
        }
    }

    private Boolean word() throws Malformed {
        for (String word : new String[] {"True", "False"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("True");
            }
        }
        throw new Malformed(at, "unexpected `" + text.charAt(at) + "`");
    }

    private void expect(char c) throws Malformed {
        if (!peek(c)) {
            throw new Malformed(at, "expected `" + c + "`");
        }
        at++;
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
