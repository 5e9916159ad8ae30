package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.diag.Severity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes a compile's diagnostics to stderr, the way every command shows them. */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {
    }

    /**
     * Prints the diagnostics (errors only when `quiet`), in full or as one header line each, at
     * most `maxErrors` of them (0: all) and then one line counting the rest; returns whether the
     * compile succeeded. The command ends its output with {@link #explainLine} when it printed them in full.
     */
    static boolean print(Compiler.Result result, PrintWriter err, boolean quiet, boolean oneLine, int maxErrors) {
        DiagnosticRenderer renderer = new DiagnosticRenderer(Terminal.color());
        Shown shown = shown(result, quiet, maxErrors);
        for (Diagnostic d : shown.diagnostics()) {
            err.print(oneLine ? renderer.header(d) + "\n" : renderer.render(d) + "\n");
        }
        if (shown.moreErrors() + shown.moreWarnings() > 0) {
            err.println("aec: " + notShown(shown.moreErrors(), shown.moreWarnings()) + "; --max-errors N shows more");
        }
        err.flush();
        return result.ok();
    }

    /** The codes of the diagnostics {@link #print} shows for `result`, in the order it shows them. */
    static List<Code> shownCodes(Compiler.Result result, boolean quiet, int maxErrors) {
        return shown(result, quiet, maxErrors).diagnostics().stream().map(Diagnostic::code).toList();
    }

    /**
     * Prints the line that ends a command's diagnostics in full, for the codes {@link #print} showed
     * for `result`; nothing when it showed none.
     */
    static void printExplainLine(Compiler.Result result, PrintWriter err, boolean quiet, int maxErrors) {
        explainLine(shownCodes(result, quiet, maxErrors)).ifPresent(err::println);
        err.flush();
    }

    /**
     * The line that ends a command's diagnostics in full, as rustc's does: the command that explains
     * the first error's code, then the other codes shown, each once, errors before warnings. Empty
     * when no diagnostic was shown.
     */
    static Optional<String> explainLine(List<Code> shown) {
        List<Code> codes = new ArrayList<>(new LinkedHashSet<>(shown));
        if (codes.isEmpty()) {
            return Optional.empty();
        }
        // Stable: codes of one severity keep the order they were shown in.
        codes.sort(Comparator.comparing(Code::severity));
        boolean errors = codes.stream().anyMatch(c -> c.severity() == Severity.ERROR);
        boolean warnings = codes.stream().anyMatch(c -> c.severity() == Severity.WARNING);
        String run = "run `aec explain " + codes.get(0).name() + "`";
        if (codes.size() == 1) {
            return Optional.of("For more about this " + codes.get(0).severity().word() + ", " + run + ".");
        }
        String these = errors && warnings ? "these errors and warnings" : errors ? "these errors" : "these warnings";
        List<String> others = codes.subList(1, codes.size()).stream().map(Code::name).toList();
        return Optional.of("For more about " + these + ", " + run + " (or " + String.join(", ", others) + ").");
    }

    /** The diagnostics printed, and how many of each severity the limit left out. */
    private record Shown(List<Diagnostic> diagnostics, long moreErrors, long moreWarnings) {
    }

    private static Shown shown(Compiler.Result result, boolean quiet, int maxErrors) {
        List<Diagnostic> shown = new ArrayList<>();
        long moreErrors = 0;
        long moreWarnings = 0;
        for (Diagnostic d : result.diagnostics().sorted()) {
            if (quiet && d.severity() != Severity.ERROR) {
                continue;
            }
            if (maxErrors > 0 && shown.size() >= maxErrors) {
                if (d.severity() == Severity.ERROR) {
                    moreErrors++;
                } else {
                    moreWarnings++;
                }
                continue;
            }
            shown.add(d);
        }
        return new Shown(shown, moreErrors, moreWarnings);
    }

    /** "9,950 more errors and 3 warnings not shown". */
    static String notShown(long errors, long warnings) {
        List<String> parts = new ArrayList<>();
        if (errors > 0) {
            parts.add(String.format(Locale.ROOT, "%,d more %s", errors, errors == 1 ? "error" : "errors"));
        }
        if (warnings > 0) {
            parts.add(String.format(Locale.ROOT, "%,d %s%s", warnings, errors > 0 ? "" : "more ",
                    warnings == 1 ? "warning" : "warnings"));
        }
        return String.join(" and ", parts) + " not shown";
    }
}
