package dev.aec.compiler.diag;

import dev.aec.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message for the user: a code, a primary label on the text at fault, secondary labels that
 * explain why, notes and help lines, and the fixes an editor can apply (the concrete edits behind a
 * help line, never shown in the rendered message).
 */
public record Diagnostic(Code code, String message, Label primary, List<Label> secondary,
                         List<String> notes, List<String> helps, List<Fix> fixes) {
    /** Longest message, label, note or help kept whole; see {@link #bounded}. */
    static final int MAX_TEXT = 500;

    public Diagnostic {
        Objects.requireNonNull(code);
        message = bounded(message);
        Objects.requireNonNull(primary);
        secondary = List.copyOf(secondary);
        notes = notes.stream().map(Diagnostic::bounded).toList();
        helps = helps.stream().map(Diagnostic::bounded).toList();
        fixes = List.copyOf(fixes);
    }

    /** A diagnostic without fixes. */
    public Diagnostic(Code code, String message, Label primary, List<Label> secondary, List<String> notes,
                      List<String> helps) {
        this(code, message, primary, secondary, notes, helps, List.of());
    }

    /**
     * The text, or its start and end around `...` when longer than {@link #MAX_TEXT}: messages quote
     * the user's names and values, and a name of a million letters must not make a message of a
     * million letters.
     */
    static String bounded(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int keep = (MAX_TEXT - 3) / 2;
        int head = Character.isHighSurrogate(text.charAt(keep - 1)) ? keep - 1 : keep;
        int tailStart = text.length() - keep;
        if (Character.isLowSurrogate(text.charAt(tailStart))) {
            tailStart++;
        }
        return text.substring(0, head) + "..." + text.substring(tailStart);
    }

    public Severity severity() {
        return code.severity();
    }

    public Span span() {
        return primary.span();
    }

    /** Starts a diagnostic; finish it with {@link Builder#report(Diagnostics)}. */
    public static Builder of(Code code, Span span, String message) {
        return new Builder(code, span, message);
    }

    /** Fluent construction, so call sites read like the message they produce. */
    public static final class Builder {
        private final Code code;
        private final Span span;
        private final String message;
        private String label = "";
        private final List<Label> secondary = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<String> helps = new ArrayList<>();
        private final List<Fix> fixes = new ArrayList<>();

        private Builder(Code code, Span span, String message) {
            this.code = code;
            this.span = span;
            this.message = message;
        }

        public Builder label(String text) {
            this.label = text;
            return this;
        }

        public Builder secondary(Span where, String text) {
            secondary.add(new Label(where, text));
            return this;
        }

        public Builder note(String text) {
            notes.add(text);
            return this;
        }

        public Builder help(String text) {
            helps.add(text);
            return this;
        }

        /** A fix an editor can apply; the help line that describes it is added apart. */
        public Builder fix(Fix fix) {
            fixes.add(fix);
            return this;
        }

        /**
         * "did you mean `suggestion`?" as a help line, and the fix that writes `suggestion` over `word`,
         * the text the suggestion replaces.
         */
        public Builder didYouMean(Span word, String suggestion) {
            helps.add("did you mean `" + suggestion + "`?");
            fixes.add(Fix.of("change to `" + suggestion + "`", word, suggestion));
            return this;
        }

        public Diagnostic build() {
            return new Diagnostic(code, message, new Label(span, label), secondary, notes, helps, fixes);
        }

        public void report(Diagnostics sink) {
            sink.add(build());
        }
    }
}
