package dev.aec.runtime.data.source;

import dev.aec.runtime.data.DataException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns a CSV source keeps, from `columns: "0-63"`: comma-separated items, each a column
 * index counted from 0, an inclusive range `a-b`, or a header name; kept in the order written.
 */
final class ColumnSelection {
    private ColumnSelection() {
    }

    /** Whether `written` names a column rather than numbering it, so that the table needs a header. */
    static boolean usesNames(String written) {
        for (String item : written.split(",", -1)) {
            if (!item.isBlank() && !item.strip().matches("\\d+(\\s*-\\s*\\d+)?")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The indices `written` selects from a table of `width` columns whose header is `header` (empty
     * when it has none); an empty `written` keeps every column.
     */
    static int[] parse(String subject, Optional<String> written, int width, List<String> header) throws DataException {
        if (written.isEmpty()) {
            return java.util.stream.IntStream.range(0, width).toArray();
        }
        String quoted = "`columns: \"" + written.get() + "\"`";
        Set<Integer> picked = new LinkedHashSet<>();
        for (String raw : written.get().split(",", -1)) {
            String item = raw.strip();
            List<Integer> indices = new ArrayList<>();
            int named = header.stream().map(String::strip).toList().indexOf(item);
            if (named >= 0) {
                indices.add(named);
            } else if (item.matches("\\d+")) {
                indices.add(index(subject, quoted, item, width));
            } else if (item.matches("\\d+\\s*-\\s*\\d+")) {
                String[] ends = item.split("-");
                int from = index(subject, quoted, ends[0].strip(), width);
                int to = index(subject, quoted, ends[1].strip(), width);
                if (from > to) {
                    throw DataException.withHelp(subject, quoted + ": the range `" + item + "` is backwards",
                            "write it lowest first, `" + to + "-" + from + "`");
                }
                for (int i = from; i <= to; i++) {
                    indices.add(i);
                }
            } else if (item.isEmpty()) {
                throw new DataException(subject, quoted + ": an empty item; expected indices (`0-63`, `1,3,5`) or header names");
            } else {
                throw unknownName(subject, quoted, item, header);
            }
            for (int i : indices) {
                if (!picked.add(i)) {
                    throw new DataException(subject, quoted + ": column " + i + " is selected twice");
                }
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int index(String subject, String quoted, String digits, int width) throws DataException {
        long index = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (index >= width) {
            throw DataException.withHelp(subject, quoted + ": there is no column " + digits + ", the table has "
                    + width + (width == 1 ? " column (0)" : " columns (0 to " + (width - 1) + ")"),
                    "columns are counted from 0");
        }
        return (int) index;
    }

    private static DataException unknownName(String subject, String quoted, String item, List<String> header) {
        if (header.isEmpty()) {
            return DataException.withHelp(subject, quoted + ": `" + item + "` is not a column index, and the table "
                    + "has no header to name columns", "select columns by index, counted from 0: `\"0-63\"`, `\"1,3,5\"`");
        }
        String names = header.stream().limit(20).map(h -> "`" + h.strip() + "`").collect(Collectors.joining(", "))
                + (header.size() > 20 ? " and " + (header.size() - 20) + " more" : "");
        Optional<String> near = header.stream().map(String::strip)
                .filter(h -> distance(h, item) <= Math.max(1, item.length() / 4)).findFirst();
        String problem = quoted + ": no column named `" + item + "`; the header names " + names;
        return near.map(n -> DataException.withHelp(subject, problem, "did you mean `" + n + "`?"))
                .orElseGet(() -> new DataException(subject, problem));
    }

    /** Levenshtein distance, for "did you mean" on a name one or two edits away. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
