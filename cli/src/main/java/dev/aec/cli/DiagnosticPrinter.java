package dev.aec.cli;

import dev.aec.compiler.Compiler;
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
     * compile succeeded.
     */
    static boolean print(Compiler.Result result, PrintWriter err, boolean quiet, boolean oneLine, int maxErrors) {
        DiagnosticRenderer renderer = new DiagnosticRenderer(Terminal.color());
        int shown = 0;
        long moreErrors = 0;
        long moreWarnings = 0;
        for (Diagnostic d : result.diagnostics().sorted()) {
            if (quiet && d.severity() != Severity.ERROR) {
                continue;
            }
            if (maxErrors > 0 && shown >= maxErrors) {
                if (d.severity() == Severity.ERROR) {
                    moreErrors++;
                } else {
                    moreWarnings++;
                }
                continue;
            }
            err.print(oneLine ? renderer.header(d) + "\n" : renderer.render(d) + "\n");
            shown++;
        }
        if (moreErrors + moreWarnings > 0) {
            err.println("aec: " + notShown(moreErrors, moreWarnings) + "; --max-errors N shows more");
        }
        err.flush();
        return result.ok();
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
