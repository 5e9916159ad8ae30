package dev.aec.compiler.resolve;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.syntax.Ast;
import java.util.List;
import java.util.Optional;

/** E0106 for an argument named after no parameter of its call: the closest name, else every name. */
final class UnknownParameter {
    private UnknownParameter() {
    }

    static void report(Diagnostics diagnostics, String call, Ast.Ident key, List<String> parameters) {
        Diagnostic.Builder b = Diagnostic.of(Code.E0106, key.span(), "`" + call + "` has no parameter `" + key.text() + "`")
                .label("unknown parameter");
        Optional<String> close = Suggest.closest(key.text(), parameters);
        if (close.isPresent()) {
            b.help("did you mean `" + close.get() + "`?");
        } else {
            b.note("`" + call + "` takes " + String.join(", ", parameters.stream().map(p -> "`" + p + "`").toList()));
        }
        b.report(diagnostics);
    }
}
