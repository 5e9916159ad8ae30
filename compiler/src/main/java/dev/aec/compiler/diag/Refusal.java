package dev.aec.compiler.diag;

import dev.aec.compiler.source.SourceText;

/** A file {@link SourceText} refused (not UTF-8 text, or too large), as a diagnostic. */
public final class Refusal {
    private Refusal() {
    }

    /** The diagnostic, still open for a secondary label such as the import that named the file. */
    public static Diagnostic.Builder of(SourceText.Refused refused) {
        Code code = switch (refused.reason()) {
            case NOT_UTF8 -> Code.E0006;
            case TOO_LARGE -> Code.E0008;
        };
        Diagnostic.Builder b = Diagnostic.of(code, refused.span(), refused.message()).label(refused.label());
        refused.notes().forEach(b::note);
        refused.helps().forEach(b::help);
        return b;
    }
}
