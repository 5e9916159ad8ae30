package dev.aec.compiler.data;

import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the checker may learn about a {@link DataSource.FileSource} before any training: the shape
 * of one sample, read from as little of the source as possible (an NPY header, a CSV's first rows,
 * one image). The compiler never reads data itself; the runtime provides the probe, and a compile
 * without one ({@link #NONE}) checks everything but the data. Named datasets are never probed.
 */
public interface DataProbe {
    /** What a probe found. */
    sealed interface Finding permits Found, Problem, Unknown {
    }

    /**
     * The source reads as samples of `sampleShape` (for images, the source's `size`).
     *
     * @param count the number of samples when it was cheap to learn, else empty
     * @param classes the class names in label order (an image folder's first-level sub-folders),
     *                empty when unlabelled
     */
    record Found(Shape sampleShape, OptionalInt count, List<String> classes) implements Finding {
        public Found {
            classes = List.copyOf(classes);
        }
    }

    /**
     * The source cannot be read as asked, reported as error E0408 on the source's path (or on the
     * value of `option`, such as `columns`, when that is what is wrong).
     *
     * @param message what is wrong, naming the file and, for a CSV cell, its line and column;
     *                lowercase start, no final period
     * @param label a few words under the path: `no such folder`, `not an .npz archive`
     * @param help how to fix it, when there is something to say
     * @param option the option whose value is at fault (`columns`, `array`, `size`); empty for the path
     */
    record Problem(String message, String label, Optional<String> help, Optional<String> option)
            implements Finding {
        /** A problem with the path itself. */
        public Problem(String message, String label, Optional<String> help) {
            this(message, label, help, Optional.empty());
        }
    }

    /** The probe did not look (no probe, or the source is not on this machine's file system). */
    record Unknown() implements Finding {
    }

    Finding probe(DataSource.FileSource source);

    /** Looks at nothing: the data is checked when it is read. */
    DataProbe NONE = source -> new Unknown();
}
