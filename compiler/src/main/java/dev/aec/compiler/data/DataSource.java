package dev.aec.compiler.data;

import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.Shape;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a train block's samples come from: a dataset aec knows ({@link DataRef}), the user's own
 * files ({@link FileSource}), or a seeded share held out of the training source ({@link HeldOut},
 * only for `validation:` and `test:`). Nothing here reads data; see {@link DataProbe}.
 */
public sealed interface DataSource permits DataRef, DataSource.FileSource, DataSource.HeldOut {
    Span span();

    /** Dispatch over the three kinds, so a new kind breaks the build wherever it needs handling. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of source. */
    interface Visitor<R> {
        R dataset(DataRef source);

        R files(FileSource source);

        R heldOut(HeldOut source);
    }

    /** The kinds of file a source can read, each written as a call: `images("DIR", ...)`. */
    enum Format {
        /** Every PNG, JPEG, BMP and GIF under a folder, recursively. */
        IMAGES("images", EnumSet.noneOf(Scale.class)),
        /** A numeric table, one sample per row. */
        CSV("csv", EnumSet.of(Scale.NONE, Scale.MINMAX, Scale.STANDARD)),
        /** A NumPy `.npy` array, or one array of an `.npz` archive, of shape [N, ...]. */
        NPY("npy", EnumSet.allOf(Scale.class)),
        /** An IDX file, as MNIST's, plain or gzipped. */
        IDX("idx", EnumSet.allOf(Scale.class));

        private final String keyword;
        private final EnumSet<Scale> scales;

        Format(String keyword, EnumSet<Scale> scales) {
            this.keyword = keyword;
            this.scales = scales;
        }

        public String keyword() {
            return keyword;
        }

        /** The `scale:` values this format accepts; images take none (they are always `pixels`). */
        public Set<Scale> scales() {
            return EnumSet.copyOf(scales);
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

    /** Whether a CSV's first row names its columns; `AUTO` when a row of non-numbers says so. */
    enum Header {
        AUTO,
        YES,
        NO
    }

    /**
     * A CSV's `columns:` setting, checked and parsed: the columns kept, in the order written.
     *
     * @param written the setting as written (`"0-63"`, `"a, b"`), for messages
     */
    record Columns(String written, List<Column> items) {
        public Columns {
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("a column list keeps at least one column: " + written);
            }
        }

        /** One item of the list. */
        public sealed interface Column permits Index, Range, Name {
        }

        /** `3`: a column by its 0-based index. */
        public record Index(int index) implements Column {
        }

        /** `0-63`: the columns from `first` to `last`, both included, 0-based. */
        public record Range(int first, int last) implements Column {
            public Range {
                if (first < 0 || last < first) {
                    throw new IllegalArgumentException("bad column range " + first + "-" + last);
                }
            }
        }

        /** `petal_width`: a column by its header name (the CSV must have a header). */
        public record Name(String name) implements Column {
        }
    }

    /**
     * The user's files. `location` is absolute: a path as written is resolved against the directory
     * of the model file that names it and kept as a `file:` URI; one written as a URI (`file:///data`,
     * `hdfs://host/data`, `s3a://bucket/data`) is kept as written. `written` is the path as written,
     * for messages.
     *
     * @param pathSpan the path's string literal, quotes included
     * @param size for images, the size every sample is read at (HxWxC, C of 1, 3 or 4)
     * @param resize for images, whether images of another size are resized (else an error)
     * @param skipBad for images, whether unreadable images are skipped and counted (else an error)
     * @param header for CSV, whether the first row is a header
     * @param columns for CSV, the columns kept; empty keeps all
     * @param array for `.npz`, the array's name (required for `.npz`, absent for `.npy`)
     * @param scale how values are scaled; empty means the format's default (see {@link Scale})
     * @param optionSpans where each option's value was written, by option name (`size`, `columns`...)
     * @param span the whole call
     */
    record FileSource(Format format, URI location, String written, Span pathSpan, Optional<Shape> size,
                      boolean resize, boolean skipBad, Header header, Optional<Columns> columns,
                      Optional<String> array, Optional<Scale> scale, Map<String, Span> optionSpans, Span span)
            implements DataSource {
        public FileSource {
            optionSpans = Map.copyOf(optionSpans);
            if (!location.isAbsolute() || location.isOpaque()) {
                throw new IllegalArgumentException("a data source's path is resolved before it is stored: " + location);
            }
            boolean images = format == Format.IMAGES;
            if (images != size.isPresent() || (!images && (resize || skipBad))) {
                throw new IllegalArgumentException("size, resize and skip_bad are for images, and images need a size");
            }
            if (size.isPresent() && (size.get().rank() != 3 || !List.of(1, 3, 4).contains(size.get().channels()))) {
                throw new IllegalArgumentException("images are read at HxWxC with C of 1, 3 or 4: " + size.get());
            }
            if (format != Format.CSV && (header != Header.AUTO || columns.isPresent())) {
                throw new IllegalArgumentException("header and columns are for CSV");
            }
            if (format != Format.NPY && array.isPresent()) {
                throw new IllegalArgumentException("array is for an .npz archive");
            }
            if (scale.isPresent() && !format.scales().contains(scale.get())) {
                throw new IllegalArgumentException(format.keyword() + " has no scale " + scale.get().keyword());
            }
        }

        /** A source of the files under `path`, an absolute path on this machine. */
        public FileSource(Format format, Path path, String written, Span pathSpan, Optional<Shape> size,
                          boolean resize, boolean skipBad, Header header, Optional<Columns> columns,
                          Optional<String> array, Optional<Scale> scale, Map<String, Span> optionSpans, Span span) {
            this(format, localUri(path), written, pathSpan, size, resize, skipBad, header, columns, array, scale,
                    optionSpans, span);
        }

        private static URI localUri(Path path) {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("a data source's path is resolved before it is stored: " + path);
            }
            return path.toUri();
        }

        /** Whether the files are on this machine's file system (a `file:` location), so aec's own readers read them. */
        public boolean local() {
            return "file".equalsIgnoreCase(location.getScheme());
        }

        /**
         * Whether the path was written as a URI (`file:///shared/data`, `hdfs://...`): files every
         * machine of a cluster reads at the same place, so a Spark run's executors read them
         * themselves. A plain path names files on the machine aec runs on.
         */
        public boolean shared() {
            return SCHEME.matcher(written).lookingAt();
        }

        /**
         * The files' path on this machine.
         *
         * @throws IllegalStateException when they are on another file system (see {@link #local()})
         */
        public Path path() {
            if (!local()) {
                throw new IllegalStateException(written + " is not on this machine's file system");
            }
            return Path.of(location);
        }

        /** Where option `name`'s value was written, or the path when it was not. */
        public Span optionSpan(String name) {
            return optionSpans.getOrDefault(name, pathSpan);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.files(this);
        }

        /** The call as a user would write it, e.g. `csv("table.csv", scale: minmax)`. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(format.keyword()).append("(\"").append(written).append('"');
            array.ifPresent(v -> s.append(", array: \"").append(v).append('"'));
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
            columns.ifPresent(v -> s.append(", columns: \"").append(v.written()).append('"'));
            scale.ifPresent(v -> s.append(", scale: ").append(v.keyword()));
            return s.append(')').toString();
        }
    }

    /** How a path written as a URI starts: a scheme, then `://`. */
    java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

    /** `split(0.1)`: a seeded share of the training source, never trained on. */
    record HeldOut(double share, Span span) implements DataSource {
        public HeldOut {
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("a held-out share is between 0 and 1, exclusive: " + share);
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.heldOut(this);
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
