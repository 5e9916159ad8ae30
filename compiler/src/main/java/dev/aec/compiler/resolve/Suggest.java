package dev.aec.compiler.resolve;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * "did you mean" candidates: only for a small edit distance, so the suggestion is plausible. The
 * searches of one compile compare at most {@link #COMPARISONS} declared names in all, so ten
 * thousand unknown names in a file with ten thousand models are checked in linear time.
 */
final class Suggest {
    /** Longer words get no suggestion: nobody mistypes a name this long by three letters or fewer. */
    static final int MAX_WORD = 64;

    private Suggest() {
    }

    /** The closest of a small fixed set (layer kinds, settings, losses), earlier candidates winning ties. */
    static Optional<String> closest(String word, Collection<String> candidates) {
        return best(word, candidates).map(Match::name);
    }

    private static Optional<Match> best(String word, Collection<String> candidates) {
        if (word.length() > MAX_WORD) {
            return Optional.empty();
        }
        String lower = word.toLowerCase(Locale.ROOT);
        int allowed = allowed(word);
        Match best = null;
        int index = 0;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - word.length()) > allowed) {
                index++;
                continue;
            }
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT), allowed);
            if (d <= allowed && (best == null || d < best.distance)) {
                best = new Match(candidate, d, index);
            }
            index++;
        }
        return Optional.ofNullable(best).filter(m -> !m.name().equals(word));
    }

    private static int allowed(String word) {
        return word.length() <= 3 ? 1 : word.length() <= 6 ? 2 : 3;
    }

    /**
     * Damerau-Levenshtein (optimal string alignment): a swap of two letters is one edit. Only
     * distances up to `max` are computed exactly; anything further comes back as `max + 1`.
     */
    static int distance(String a, String b, int max) {
        return distance(a.toCharArray(), b.toCharArray(), max, new int[3][b.length() + 2]);
    }

    /** As above on char arrays, in `rows` (three rows of at least `b.length + 2`), computing only the band `|i - j| <= max`. */
    private static int distance(char[] a, char[] b, int max, int[][] rows) {
        if (Math.abs(a.length - b.length) > max) {
            return max + 1;
        }
        int far = max + 1;
        int[] twoBack = rows[0];
        int[] previous = rows[1];
        int[] current = rows[2];
        for (int j = 0; j <= Math.min(b.length, max + 1); j++) {
            previous[j] = Math.min(j, far);
        }
        for (int i = 1; i <= a.length; i++) {
            int from = Math.max(1, i - max);
            int to = Math.min(b.length, i + max);
            current[from - 1] = from == 1 ? Math.min(i, far) : far;
            for (int j = from; j <= to; j++) {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                    d = Math.min(d, twoBack[j - 2] + 1);
                }
                current[j] = Math.min(d, far);
            }
            if (to + 1 <= b.length) {
                current[to + 1] = far;
            }
            int[] spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return Math.min(previous[b.length], far);
    }

    /** Full distance, for tests. */
    static int distance(String a, String b) {
        return distance(a, b, Math.max(a.length(), b.length()));
    }

    private record Match(String name, int distance, int index) {
    }

    /**
     * How many declared names one compile may compare in all. A file with a few hundred names
     * never gets near it; in a file with ten thousand models and ten thousand mistyped names the
     * first mistakes get their suggestion and the rest none, rather than the check taking minutes.
     */
    static final class Budget {
        private long left;

        Budget(long comparisons) {
            this.left = comparisons;
        }
    }

    /** Comparisons of a compile's {@link Budget}. */
    static final long COMPARISONS = 500_000;

    /**
     * Names declared in a file (models, functional values), grouped by length so that a search
     * looks only at names a few edits away in length.
     */
    static final class Names {
        private final Map<Integer, List<Entry>> byLength = new HashMap<>();
        private final Map<String, Entry> entries = new HashMap<>();
        private final Budget budget;

        Names(Budget budget) {
            this.budget = budget;
        }

        private record Entry(String name, char[] lower, int index) {
        }

        /** Rows reused by every comparison of this set. */
        private final int[][] rows = new int[3][MAX_WORD + 8];

        void add(String name) {
            if (entries.containsKey(name)) {
                return;
            }
            Entry entry = new Entry(name, name.toLowerCase(Locale.ROOT).toCharArray(), entries.size());
            entries.put(name, entry);
            byLength.computeIfAbsent(name.length(), k -> new ArrayList<>()).add(entry);
        }

        /**
         * The closest of `fixed` (searched first, so it wins ties) and of these names that
         * `eligible` accepts, earlier declarations winning ties.
         */
        Optional<String> closest(String word, Collection<String> fixed, Predicate<String> eligible) {
            Match best = best(word, fixed).orElse(null);
            if (word.length() > MAX_WORD) {
                return Optional.empty();
            }
            char[] lower = word.toLowerCase(Locale.ROOT).toCharArray();
            int allowed = allowed(word);
            Match declared = null;
            for (int length = word.length() - allowed; length <= word.length() + allowed; length++) {
                for (Entry entry : byLength.getOrDefault(length, List.of())) {
                    if (budget.left <= 0) {
                        break;
                    }
                    budget.left--;
                    if (!eligible.test(entry.name())) {
                        continue;
                    }
                    int d = distance(lower, entry.lower(), allowed, rows);
                    if (d <= allowed && (declared == null || d < declared.distance()
                            || (d == declared.distance() && entry.index() < declared.index()))) {
                        declared = new Match(entry.name(), d, entry.index());
                    }
                }
            }
            if (declared != null && (best == null || declared.distance() < best.distance())) {
                best = declared;
            }
            return Optional.ofNullable(best).map(Match::name).filter(name -> !name.equals(word));
        }
    }
}
