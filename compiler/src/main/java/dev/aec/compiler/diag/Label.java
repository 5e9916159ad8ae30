package dev.aec.compiler.diag;

import dev.aec.compiler.source.Span;
import java.util.Objects;

/** A span with a short text saying what is at fault there, or why it matters. */
public record Label(Span span, String message) {
    public Label {
        Objects.requireNonNull(span);
        message = Diagnostic.bounded(message);
    }
}
