package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.diag.Severity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a compile's diagnostics to stderr, the way every command shows them. */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {
    }

    /**
     * Prints the diagnostics (errors only when `quiet`), in full or as one header line each, at
     * most `maxErrors` of them (0: all) and then one line counting the rest; returns whether the
     * compile succeeded. The command ends its output with
     * {@link DiagnosticRenderer#explainLine} when it printed them in full.
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
        DiagnosticRenderer.explainLine(shownCodes(result, quiet, maxErrors)).ifPresent(err::println);
        err.flush();
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
