package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataSource.Columns;
import dev.aec.runtime.data.DataException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns a CSV source keeps, from `columns: "0-63"` as the compiler read it (indices counted
 * from 0, inclusive ranges, header names), resolved against one table; kept in the order written.
 */
final class ColumnSelection {
    private ColumnSelection() {
    }

    /** Whether `columns` names a column rather than numbering it, so that the table needs a header. */
    static boolean usesNames(Columns columns) {
        return columns.items().stream().anyMatch(c -> c instanceof Columns.Name);
    }

    /**
     * The indices `columns` selects from a table of `width` columns whose header is `header` (empty
     * when it has none); no `columns` keeps every column. The list's own syntax was checked when
     * the model was; what is left to check is what only the table can tell: indices past its last
     * column, names its header lacks, and a name that is also selected by index.
     */
    static int[] parse(String subject, Optional<Columns> columns, int width, List<String> header) throws DataException {
        if (columns.isEmpty()) {
            return java.util.stream.IntStream.range(0, width).toArray();
        }
        String quoted = "`columns: \"" + columns.get().written() + "\"`";
        List<String> names = header.stream().map(String::strip).toList();
        Set<Integer> picked = new LinkedHashSet<>();
        for (Columns.Column column : columns.get().items()) {
            List<Integer> indices = new ArrayList<>();
            if (column instanceof Columns.Index i) {
                indices.add(index(subject, quoted, i.index(), width));
            } else if (column instanceof Columns.Range r) {
                index(subject, quoted, r.first(), width);
                index(subject, quoted, r.last(), width);
                for (int i = r.first(); i <= r.last(); i++) {
                    indices.add(i);
                }
            } else if (column instanceof Columns.Name n) {
                int named = names.indexOf(n.name());
                if (named < 0) {
                    throw unknownName(subject, quoted, n.name(), header);
                }
                indices.add(named);
            }
            for (int i : indices) {
                if (!picked.add(i)) {
                    throw new DataException(subject, quoted + ": column " + i + " is selected twice")
                            .inOption("columns", "selects a column twice");
                }
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int index(String subject, String quoted, int index, int width) throws DataException {
        String digits = Integer.toString(index);
        if (index >= width) {
            throw DataException.withHelp(subject, quoted + ": there is no column " + digits + ", the table has "
                    + width + (width == 1 ? " column (0)" : " columns (0 to " + (width - 1) + ")"),
                    "columns are counted from 0").inOption("columns", "no column " + digits);
        }
        return index;
    }

    private static DataException unknownName(String subject, String quoted, String item, List<String> header) {
        if (header.isEmpty()) {
            return DataException.withHelp(subject, quoted + ": `" + item + "` is not a column index, and the table "
                    + "has no header to name columns", "select columns by index, counted from 0: `\"0-63\"`, `\"1,3,5\"`")
                    .inOption("columns", "the table has no header");
        }
        String names = header.stream().limit(20).map(h -> "`" + h.strip() + "`").collect(Collectors.joining(", "))
                + (header.size() > 20 ? " and " + (header.size() - 20) + " more" : "");
        Optional<String> near = header.stream().map(String::strip)
                .filter(h -> distance(h, item) <= Math.max(1, item.length() / 4)).findFirst();
        String problem = quoted + ": no column named `" + item + "`; the header names " + names;
        return near.map(n -> DataException.withHelp(subject, problem, "did you mean `" + n + "`?"))
                .orElseGet(() -> new DataException(subject, problem)).inOption("columns", "no column `" + item + "`");
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
