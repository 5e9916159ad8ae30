package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;
import java.util.List;

/**
 * Which checkpoints a run keeps (the `checkpoint:` setting): always the latest, to resume from;
 * with `best` also the weights of the best epoch by the monitored loss; with `every(N)` also the
 * weights after every N-th epoch.
 */
public record Retention(Kind kind, int every, Span span) {
    /** The kinds a train block can name. */
    public enum Kind {
        LAST("last"),
        BEST("best"),
        EVERY("every");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }

        /** What the run keeps, in one line for the reference and the editor. */
        public String summary() {
            return switch (this) {
                case LAST -> "the latest checkpoint only, to resume from";
                case BEST -> "also `best.sd`, the weights of the epoch with the best monitored loss";
                case EVERY -> "also `epoch-NNN.sd`, the weights after every N-th epoch";
            };
        }
    }

    public static final List<String> KEYWORDS = List.of("last", "best", "every");

    public Retention {
        if ((kind == Kind.EVERY) != (every >= 1)) {
            throw new IllegalArgumentException("only `every` has an interval, of at least 1: " + kind + " " + every);
        }
    }

    /** Today's behaviour: the latest checkpoint only. */
    public static Retention last(Span span) {
        return new Retention(Kind.LAST, 0, span);
    }

    @Override
    public String toString() {
        return kind == Kind.EVERY ? "every(" + every + ")" : kind.keyword();
    }
}
