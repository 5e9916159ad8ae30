package dev.aec.compiler.resolve;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast;
import java.util.List;
import java.util.Optional;

/** The argument errors optimizers and training controls report alike. */
final class ArgumentProblems {
    private ArgumentProblems() {
    }

    /** E0106 for an argument named after no parameter of its call: the closest name, else every name. */
    static void unknownParameter(Diagnostics diagnostics, String call, Ast.Ident key, List<String> parameters) {
        Diagnostic.Builder b = Diagnostic.of(Code.E0106, key.span(), "`" + call + "` has no parameter `" + key.text() + "`")
                .label("unknown parameter");
        Optional<String> close = Suggest.closest(key.text(), parameters);
        if (close.isPresent()) {
            b.didYouMean(key.span(), close.get());
        } else {
            b.note("`" + call + "` takes " + String.join(", ", parameters.stream().map(p -> "`" + p + "`").toList()));
        }
        b.report(diagnostics);
    }

    /** E0203 for a parameter given a second time, pointing at the first. */
    static void givenTwice(Diagnostics diagnostics, String parameter, Span second, Span first) {
        Diagnostic.of(Code.E0203, second, "`" + parameter + "` is given twice")
                .label("second value")
                .secondary(first, "first value")
                .report(diagnostics);
    }
}
