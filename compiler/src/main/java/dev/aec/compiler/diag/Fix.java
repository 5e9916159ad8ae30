package dev.aec.compiler.diag;

import dev.aec.compiler.source.Span;
import java.util.List;
import java.util.Objects;

/**
 * One concrete change that mends what a diagnostic reports, as an editor applies it: a title for
 * the menu and the edits of the file's text, which never overlap.
 */
public record Fix(String title, List<Edit> edits) {
    public Fix {
        Objects.requireNonNull(title);
        edits = List.copyOf(edits);
        if (edits.isEmpty()) {
            throw new IllegalArgumentException("a fix changes something");
        }
    }

    /** Replace the text of `span` by `replacement`; an empty span inserts, an empty replacement deletes. */
    public record Edit(Span span, String replacement) {
        public Edit {
            Objects.requireNonNull(span);
            Objects.requireNonNull(replacement);
        }
    }

    /** A fix of one edit. */
    public static Fix of(String title, Span span, String replacement) {
        return new Fix(title, List.of(new Edit(span, replacement)));
    }

    /**
     * The text of the edits' file with every edit applied. Edits are applied from the end of the
     * text back, so each span keeps meaning the text it was made for.
     */
    public String applyTo(String text) {
        List<Edit> ordered = edits.stream()
                .sorted((a, b) -> Integer.compare(b.span().start(), a.span().start())).toList();
        StringBuilder out = new StringBuilder(text);
        for (Edit edit : ordered) {
            int start = Math.min(edit.span().start(), text.length());
            int end = Math.min(edit.span().end(), text.length());
            out.replace(start, end, edit.replacement());
        }
        return out.toString();
    }
}
