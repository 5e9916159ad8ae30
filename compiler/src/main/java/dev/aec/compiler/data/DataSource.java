package dev.aec.compiler.data;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a train block's samples come from: a dataset aec knows ({@link DataRef}), the user's own
 * files ({@link FileSource}), or a seeded share held out of the training source ({@link HeldOut},
 * only for `validation:` and `test:`). Nothing here reads data; see {@link DataProbe}.
 */
public sealed interface DataSource permits DataRef, DataSource.FileSource, DataSource.HeldOut {
    Span span();

    /** The kinds of file a source can read, each written as a call: `images("DIR", ...)`. */
    enum Format {
        /** Every PNG, JPEG, BMP and GIF under a folder, recursively. */
        IMAGES("images"),
        /** A numeric table, one sample per row. */
        CSV("csv"),
        /** A NumPy `.npy` array, or one array of an `.npz` archive, of shape [N, ...]. */
        NPY("npy"),
        /** An IDX file, as MNIST's. */
        IDX("idx");

        private final String keyword;

        Format(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /**
     * How values are brought into the range the model trains on. `PIXELS` divides bytes by 255
     * (images always; IDX and NPY bytes by default); `MINMAX` and `STANDARD` are fitted per
     * element of a sample on the training split only and saved with the run.
     */
    enum Scale {
        NONE("none"),
        PIXELS("pixels"),
        MINMAX("minmax"),
        STANDARD("standard");

        private final String keyword;

        Scale(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** Whether a CSV's first row names its columns. */
    enum Header {
        AUTO,
        YES,
        NO
    }

    /**
     * The user's files. `path` is absolute, resolved against the directory of the model file that
     * names it; `written` is the path as written, for messages.
     *
     * @param size for images, the size every sample is read at (HxWxC, C of 1, 3 or 4)
     * @param resize for images, whether images of another size are resized (else an error)
     * @param skipBad for images, whether unreadable images are skipped and counted (else an error)
     * @param header for CSV, whether the first row is a header
     * @param columns for CSV, the columns kept, as written (`"0-63"`, `"a,b"`); empty keeps all
     * @param array for `.npz`, the array's name
     * @param scale how values are scaled; empty means the format's default (see {@link Scale})
     */
    record FileSource(Format format, Path path, String written, Span pathSpan, Optional<Shape> size,
                      boolean resize, boolean skipBad, Header header, Optional<String> columns,
                      Optional<String> array, Optional<Scale> scale, Span span) implements DataSource {
        public FileSource {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("a data source's path is resolved before it is stored: " + path);
            }
        }

        /** The call as a user would write it, e.g. `csv("table.csv", scale: minmax)`. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(format.keyword()).append("(\"").append(written).append('"');
            size.ifPresent(v -> s.append(", size: ").append(v));
            if (resize) {
                s.append(", resize: true");
            }
            if (skipBad) {
                s.append(", skip_bad: true");
            }
            if (header != Header.AUTO) {
                s.append(", header: ").append(header == Header.YES);
            }
            columns.ifPresent(v -> s.append(", columns: \"").append(v).append('"'));
            array.ifPresent(v -> s.append(", array: \"").append(v).append('"'));
            scale.ifPresent(v -> s.append(", scale: ").append(v.keyword()));
            return s.append(')').toString();
        }
    }

    /** `split(0.1)`: a seeded share of the training source, never trained on. */
    record HeldOut(double share, Span span) implements DataSource {
        public HeldOut {
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("a held-out share is between 0 and 1, exclusive: " + share);
            }
        }

        @Override
        public String toString() {
            return "split(" + share + ")";
        }
    }

    /** Every source of a train block, in the order data, validation, test. */
    static List<DataSource> of(DataSource data, Optional<DataSource> validation, Optional<DataSource> test) {
        return java.util.stream.Stream.of(Optional.of(data), validation, test).flatMap(Optional::stream).toList();
    }
}
