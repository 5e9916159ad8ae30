package dev.aec.compiler.source;

import java.util.Arrays;
import java.util.Objects;

/**
 * The text of one `.aemodel` file and the name it is reported under. Lines end at `\n`, `\r\n`
 * or a lone `\r` (old Mac files); columns count characters as people see them (code points, so
 * an emoji before a mistake is one column, not two).
 */
public final class SourceFile {
    private final String displayPath;
    private final String text;
    private final int[] lineStarts;
    /** Offsets of the first half of every surrogate pair, ascending; empty for most files. */
    private final int[] pairs;

    public SourceFile(String displayPath, String text) {
        this.displayPath = Objects.requireNonNull(displayPath);
        this.text = Objects.requireNonNull(text);
        int[] starts = new int[16];
        int lines = 1;
        int[] found = new int[0];
        int pairCount = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
            if (lineBreak) {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = i + 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (pairCount == found.length) {
                    found = Arrays.copyOf(found, Math.max(16, pairCount * 2));
                }
                found[pairCount++] = i;
                i++;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, lines);
        this.pairs = Arrays.copyOf(found, pairCount);
    }

    /** The path as the user wrote it (or as it was resolved from an import), used in messages. */
    public String displayPath() {
        return displayPath;
    }

    public String text() {
        return text;
    }

    /** 1-based line of a character offset. */
    public int lineOf(int offset) {
        int clamped = clamp(offset);
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= clamped) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** 1-based column of a character offset, counting code points. */
    public int columnOf(int offset) {
        int clamped = clamp(offset);
        int start = lineStarts[lineOf(clamped) - 1];
        return clamped - start - pairsIn(start, clamped) + 1;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** Offset of the first character of a 1-based line. */
    public int lineStart(int line) {
        return lineStarts[line - 1];
    }

    /** Offset just past the last character of a 1-based line, before its line terminator. */
    public int lineEnd(int line) {
        if (line >= lineStarts.length) {
            return text.length();
        }
        int end = lineStarts[line] - 1;
        if (text.charAt(end) == '\n' && end > lineStarts[line - 1] && text.charAt(end - 1) == '\r') {
            end--;
        }
        return end;
    }

    /** The text of a 1-based line without its line terminator. */
    public String line(int line) {
        return text.substring(lineStart(line), lineEnd(line));
    }

    /** The character offset of the code point at index `codePoint` (how ANTLR counts). */
    public int offsetOfCodePoint(int codePoint) {
        // The k-th pair starts at code point pairs[k] - k; every pair before `codePoint` adds one char.
        int lo = 0;
        int hi = pairs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pairs[mid] - mid < codePoint) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return clamp(codePoint + lo);
    }

    /** The character offset `count` code points after `offset`. */
    public int offsetAfterCodePoints(int offset, int count) {
        int from = clamp(offset);
        return offsetOfCodePoint(from - lowerBound(from) + count);
    }

    /** Code points from `from` to `to` (how many columns a caret moves right). */
    public int codePointsBetween(int from, int to) {
        int a = clamp(from);
        int b = Math.max(a, clamp(to));
        return b - a - pairsIn(a, b);
    }

    private int pairsIn(int from, int to) {
        if (pairs.length == 0) {
            return 0;
        }
        return lowerBound(to) - lowerBound(from);
    }

    /** Pairs that start before `offset`. */
    private int lowerBound(int offset) {
        int lo = 0;
        int hi = pairs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pairs[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int clamp(int offset) {
        return Math.max(0, Math.min(offset, text.length()));
    }

    @Override
    public String toString() {
        return displayPath;
    }
}
