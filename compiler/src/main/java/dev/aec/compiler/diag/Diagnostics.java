package dev.aec.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The sink every pass reports into; collects everything so all errors are shown in one run. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic diagnostic) {
        // The same mistake reached through two paths is reported once.
        if (!items.contains(diagnostic)) {
            items.add(diagnostic);
        }
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    public long errorCount() {
        return items.stream().filter(d -> d.severity() == Severity.ERROR).count();
    }

    public long warningCount() {
        return items.stream().filter(d -> d.severity() == Severity.WARNING).count();
    }

    /** All diagnostics in source order: by file (as first seen), then position. */
    public List<Diagnostic> sorted() {
        List<String> fileOrder = new ArrayList<>();
        for (Diagnostic d : items) {
            String path = d.span().file().displayPath();
            if (!fileOrder.contains(path)) {
                fileOrder.add(path);
            }
        }
        List<Diagnostic> copy = new ArrayList<>(items);
        copy.sort(Comparator
                .comparingInt((Diagnostic d) -> fileOrder.indexOf(d.span().file().displayPath()))
                .thenComparingInt(d -> d.span().start())
                .thenComparing(d -> d.code().name()));
        return copy;
    }
}
