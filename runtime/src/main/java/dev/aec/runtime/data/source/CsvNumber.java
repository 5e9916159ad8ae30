package dev.aec.runtime.data.source;

import dev.aec.runtime.data.DataException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads one CSV cell as a float: decimal notation as Java, Python and spreadsheets write it
 * (`1`, `-.5`, `1.0E-5`), rounded once to the nearest float. `Double.parseDouble` alone would
 * also take `0x1p3`, `NaN`, `Infinity` and `1f`; those, empty cells and the usual markers of a
 * missing value are refused with a message that says which.
 */
final class CsvNumber {
    private static final Pattern MISSING = Pattern.compile("[+-]?(nan|inf|infinity)|na|n/a|null|none|-",
            Pattern.CASE_INSENSITIVE);

    private CsvNumber() {
    }

    /**
     * The cell's value, or why it has none, at the cell's `file:line:column`.
     *
     * @param forcedDataRow whether the cell is in a first row that `header: false` made data, where a word is
     *     most likely a column's name
     */
    static float parse(String subject, CsvParser.Cell cell, boolean forcedDataRow) throws DataException {
        if (isDecimal(cell.text())) {
            // Float.parseFloat rounds once, to the nearest float; via double it would round twice.
            float value = Float.parseFloat(cell.text().strip());
            if (!Float.isInfinite(value)) {
                return value;
            }
        }
        String text = cell.text().strip();
        String at = subject + ":" + cell.line() + ":" + cell.column();
        if (isDecimal(text)) {
            throw new DataException(at, "`" + text + "` is too large for a 32-bit float (at most about 3.4e38)");
        }
        String missing = "fill or drop the missing values first (in pandas, `df.fillna(0)` or `df.dropna()`)";
        if (text.isEmpty()) {
            throw DataException.withHelp(at, "an empty cell, where a number was expected", missing);
        }
        if (MISSING.matcher(text).matches()) {
            throw DataException.withHelp(at, "`" + text + "` is not a finite number", missing);
        }
        String quoted = "`" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "`";
        for (String separator : new String[] {";", "\t", "|"}) {
            if (text.contains(separator)) {
                throw DataException.withHelp(at, quoted + " is not a number", "aec reads comma-separated values; "
                        + "this row looks separated by `" + (separator.equals("\t") ? "\\t" : separator) + "`");
            }
        }
        if (forcedDataRow) {
            throw DataException.withHelp(at, quoted + " is not a number", "the first row looks like a header: "
                    + "remove `header: false`");
        }
        if (text.toLowerCase(Locale.ROOT).matches("[+-]?0x.*")) {
            throw new DataException(at, quoted + " is hexadecimal; aec reads decimal numbers only");
        }
        if (text.matches("[+-]?[\\d.,]+") && text.contains(",")) {
            throw DataException.withHelp(at, quoted + " is not a number",
                    "write numbers with a decimal point and no thousands separators: `1234.5`");
        }
        throw new DataException(at, quoted + " is not a number");
    }

    /**
     * Whether `text` is a decimal number, `[+-]?(d+.?d*|.d+)([eE][+-]?d+)?` between optional
     * spaces, scanned by hand because a regular expression per cell would dominate reading.
     */
    static boolean isDecimal(String text) {
        int end = text.length();
        int i = 0;
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        while (end > i && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && text.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < end && isDigit(text.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
