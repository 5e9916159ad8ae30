package dev.aec.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sink every pass reports into; collects everything so all errors are shown in one run.
 * Adding, counting and sorting cost the same per diagnostic however many there are, so a file
 * with ten thousand mistakes is checked as quickly, per mistake, as a file with one.
 */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();
    private final Set<Diagnostic> seen = new HashSet<>();
    private long errors;
    private long warnings;

    public void add(Diagnostic diagnostic) {
        // The same mistake reached through two paths is reported once.
        if (!seen.add(diagnostic)) {
            return;
        }
        items.add(diagnostic);
        if (diagnostic.severity() == Severity.ERROR) {
            errors++;
        } else {
            warnings++;
        }
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public long errorCount() {
        return errors;
    }

    public long warningCount() {
        return warnings;
    }

    /** All diagnostics in source order: by file (as first seen), then position. */
    public List<Diagnostic> sorted() {
        Map<String, Integer> fileOrder = new HashMap<>();
        for (Diagnostic d : items) {
            fileOrder.putIfAbsent(d.span().file().displayPath(), fileOrder.size());
        }
        List<Diagnostic> copy = new ArrayList<>(items);
        copy.sort(Comparator
                .comparingInt((Diagnostic d) -> fileOrder.get(d.span().file().displayPath()))
                .thenComparingInt(d -> d.span().start())
                .thenComparing(d -> d.code().name()));
        return copy;
    }
}
