package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.diag.Severity;
import java.io.PrintWriter;

/** Writes a compile's diagnostics to stderr, the way every command shows them. */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {
    }

    /**
     * Prints every diagnostic (errors only when `quiet`), in full or as one header line each;
     * returns whether the compile succeeded.
     */
    static boolean print(Compiler.Result result, PrintWriter err, boolean quiet, boolean oneLine) {
        DiagnosticRenderer renderer = new DiagnosticRenderer(Terminal.color());
        for (Diagnostic d : result.diagnostics().sorted()) {
            if (quiet && d.severity() != Severity.ERROR) {
                continue;
            }
            err.print(oneLine ? renderer.header(d) + "\n" : renderer.render(d) + "\n");
        }
        err.flush();
        return result.ok();
    }
}
