package dev.aec.compiler.resolve;

import dev.aec.compiler.data.DataSource.Columns;
import dev.aec.compiler.data.DataSource.Columns.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of a CSV's `columns:` string, as a pure function: comma-separated 0-based indices
 * (`3`), inclusive ranges (`0-63`) and header names (`petal_width`), spaces around each ignored.
 * A column kept twice is a mistake (a range that overlaps another, a name written twice), since
 * the model would see the same value twice.
 */
public final class ColumnList {
    private static final Pattern INDEX = Pattern.compile("[0-9]+");
    private static final Pattern RANGE = Pattern.compile("([0-9]+)\\s*-\\s*([0-9]+)");
    /** Digits, dashes and spaces only: meant as an index or a range, whatever else it looks like. */
    private static final Pattern NUMERIC = Pattern.compile("[0-9\\s-]+");

    private ColumnList() {
    }

    /** The result of reading a column list. */
    sealed interface Parsed permits Ok, Bad {
    }

    /** The columns, and where each item is in the string (offsets into the value, end exclusive). */
    record Ok(Columns columns, List<Item> items) implements Parsed {
        Ok {
            items = List.copyOf(items);
        }
    }

    /** One item of the list and where it was written. */
    record Item(Column column, int start, int end) {
    }

    /** What is wrong, at offsets `start` to `end` of the string's value. */
    record Bad(int start, int end, String message, String label, Optional<String> help) implements Parsed {
    }

    /**
     * The columns `text` lists, or why it lists none, in words: for callers outside the checker
     * (tests, and commands that take a column list on the command line).
     */
    public static Columns columns(String text) {
        Parsed parsed = parse(text);
        if (parsed instanceof Bad bad) {
            throw new IllegalArgumentException(bad.message());
        }
        return ((Ok) parsed).columns();
    }

    static Parsed parse(String text) {
        if (text.isBlank()) {
            return new Bad(0, text.length(), "`columns` lists no column", "no columns",
                    Optional.of("leave out `columns` to keep every column"));
        }
        List<Item> items = new ArrayList<>();
        int from = 0;
        while (from <= text.length()) {
            int comma = text.indexOf(',', from);
            int end = comma < 0 ? text.length() : comma;
            int start = from;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            int stop = end;
            while (stop > start && Character.isWhitespace(text.charAt(stop - 1))) {
                stop--;
            }
            if (start == stop) {
                // Point at the comma that has nothing on one side of it.
                int at = comma >= 0 ? comma : from - 1;
                return new Bad(at, at + 1, "`columns` has an empty item", comma >= 0 ? "nothing before this comma"
                        : "nothing after this comma", Optional.of("remove the extra comma"));
            }
            Optional<Bad> bad = item(text.substring(start, stop), start, stop, items);
            if (bad.isPresent()) {
                return bad.get();
            }
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        Optional<Bad> twice = keptTwice(items);
        if (twice.isPresent()) {
            return twice.get();
        }
        return new Ok(new Columns(text, items.stream().map(Item::column).toList()), items);
    }

    private static Optional<Bad> item(String item, int start, int stop, List<Item> items) {
        if (INDEX.matcher(item).matches()) {
            Optional<Integer> index = index(item);
            if (index.isEmpty()) {
                return Optional.of(tooLarge(start, stop));
            }
            items.add(new Item(new Columns.Index(index.get()), start, stop));
            return Optional.empty();
        }
        Matcher range = RANGE.matcher(item);
        if (range.matches()) {
            Optional<Integer> first = index(range.group(1));
            Optional<Integer> last = index(range.group(2));
            if (first.isEmpty() || last.isEmpty()) {
                return Optional.of(tooLarge(start, stop));
            }
            if (last.get() < first.get()) {
                return Optional.of(new Bad(start, stop, "the range `" + item + "` runs backwards", "first column after the last",
                        Optional.of("write it as `" + last.get() + "-" + first.get() + "`")));
            }
            items.add(new Item(new Columns.Range(first.get(), last.get()), start, stop));
            return Optional.empty();
        }
        if (NUMERIC.matcher(item).matches()) {
            return Optional.of(new Bad(start, stop, "`" + item + "` is not a column index or range",
                    "expected an index like `3` or a range like `0-63`", Optional.empty()));
        }
        items.add(new Item(new Columns.Name(item), start, stop));
        return Optional.empty();
    }

    private static Optional<Integer> index(String digits) {
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 10) {
            return Optional.empty();
        }
        long value = Long.parseLong(trimmed);
        return value > Integer.MAX_VALUE - 1 ? Optional.empty() : Optional.of((int) value);
    }

    private static Bad tooLarge(int start, int stop) {
        return new Bad(start, stop, "column index too large", "at most " + (Integer.MAX_VALUE - 1), Optional.empty());
    }

    /** The first item (in writing order) that keeps a column an earlier item keeps. */
    private static Optional<Bad> keptTwice(List<Item> items) {
        record Interval(int first, int last, int order) {
        }
        List<Interval> numbered = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Bad found = null;
        int foundOrder = Integer.MAX_VALUE;
        for (int i = 0; i < items.size(); i++) {
            Column c = items.get(i).column();
            if (c instanceof Columns.Index index) {
                numbered.add(new Interval(index.index(), index.index(), i));
            } else if (c instanceof Columns.Range range) {
                numbered.add(new Interval(range.first(), range.last(), i));
            } else {
                String name = ((Columns.Name) c).name();
                Integer earlier = names.putIfAbsent(name, i);
                if (earlier != null && i < foundOrder) {
                    Item at = items.get(i);
                    found = new Bad(at.start(), at.end(), "column `" + name + "` is kept twice", "already in the list",
                            Optional.of("remove one of them"));
                    foundOrder = i;
                }
            }
        }
        numbered.sort(Comparator.comparingInt(Interval::first).thenComparingInt(Interval::order));
        Interval reach = null;
        for (Interval next : numbered) {
            if (reach != null && next.first() <= reach.last()) {
                Interval later = next.order() > reach.order() ? next : reach;
                int column = Math.max(next.first(), reach.first());
                if (later.order() < foundOrder) {
                    Item at = items.get(later.order());
                    found = new Bad(at.start(), at.end(), "column " + column + " is kept twice",
                            "overlaps an earlier item", Optional.of("keep each column once"));
                    foundOrder = later.order();
                }
            }
            if (reach == null || next.last() > reach.last()) {
                reach = next;
            }
        }
        return Optional.ofNullable(found);
    }
}
