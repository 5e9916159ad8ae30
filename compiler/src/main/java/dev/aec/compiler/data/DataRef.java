package dev.aec.compiler.data;

import dev.aec.compiler.source.Span;
import java.util.Locale;

/** A dataset split named in a train block: `mnist` (the training split) or `mnist.test`. */
public record DataRef(String dataset, Split split, Span span) implements DataSource {
    /** The two splits of the MNIST-style datasets. */
    public enum Split {
        TRAIN,
        TEST;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dataset(this);
    }

    @Override
    public String toString() {
        return dataset + "." + split.keyword();
    }
}
