package dev.aec.examples;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.model.Node;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Uses the compiler API from Java: checks a model file and prints the shape of every layer of
 * every model, or the diagnostics when the file has errors.
 *
 * <pre>mvn -q -pl examples exec:java -Dexec.args=models/conv_autoencoder.aemodel</pre>
 */
public final class PrintShapes {
    private PrintShapes() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "models/conv_autoencoder.aemodel");
        Compiler.Result result = Compiler.compileFile(file);
        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        for (Diagnostic d : result.diagnostics().sorted()) {
            System.err.print(renderer.render(d));
        }
        if (!result.ok()) {
            System.exit(1);
        }
        CheckedProgram program = result.program().orElseThrow();
        for (CheckedModel model : program.models().values().stream()
                .sorted(java.util.Comparator.comparing(m -> m.def().span().start())).toList()) {
            System.out.printf("%s: %s -> %s, %,d parameters%n", model.def().name(), model.def().input(),
                    model.def().output(), model.totalParams());
            for (Node node : model.def().nodes()) {
                System.out.printf("  %-60s %s%n", node.span().text().strip(), model.nodeShapes().get(node.id()));
            }
        }
    }
}
