package dev.aec.compiler.data;

import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Scale;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The options of each kind of file a data source reads (`images("DIR", size: 28x28x1, resize: true)`),
 * with what each takes, its default and its meaning: the resolver accepts exactly these, the train
 * block reference lists them, and the runtime takes {@link #defaultScale} when `scale` is left out.
 */
public final class DataOptions {
    /**
     * One option: `takes` says what its value is written as, `defaultText` what it is when left out
     * (`required` when it cannot be), `example` a value it may take, as written.
     */
    public record Option(String name, String takes, String defaultText, String example, String meaning) {
        public boolean required() {
            return defaultText.equals(REQUIRED);
        }
    }

    /** The default of an option that must be given. */
    public static final String REQUIRED = "required";

    private DataOptions() {
    }

    /** The options of `format`, the path first, in the order the reference lists them. */
    public static List<Option> of(Format format) {
        return switch (format) {
            case IMAGES -> List.of(
                    new Option("path", "a string", REQUIRED, "\"digits\"", "the folder: every PNG, JPEG, BMP and GIF "
                            + "under it, pixels scaled to [0, 1]; each first-level sub-folder is a class"),
                    new Option("size", "a shape HxWxC", REQUIRED, "28x28x1", "the height, width and channels every "
                            + "image is read at: 1 channel is grey, 3 colour, 4 colour with alpha"),
                    new Option("resize", "`true` or `false`", "`false`", "true",
                            "resize images of another size; else such an image is an error"),
                    new Option("skip_bad", "`true` or `false`", "`false`", "true", "skip the images that cannot be "
                            + "read, whether their header or their pixels are damaged; `aec train` warns with their "
                            + "number and names"));
            case CSV -> List.of(
                    new Option("path", "a string", REQUIRED, "\"table.csv\"",
                            "the file, plain or gzipped: one sample per row"),
                    new Option("header", "`true` or `false`", "detected", "true", "whether the first row names the "
                            + "columns; left out, it is detected from the first rows"),
                    new Option("columns", "a string", "every column", "\"0-63\"", "the columns kept: 0-based indices, "
                            + "ranges (`0-63`) and header names, comma-separated"),
                    scale(Format.CSV, "minmax"));
            case NPY -> List.of(
                    new Option("path", "a string", REQUIRED, "\"x.npz\"",
                            "a `.npy` file holding an array of shape [N, ...], or an `.npz` archive of such arrays"),
                    new Option("array", "a string", "required for an `.npz`, not taken by a `.npy`", "\"x_train\"",
                            "which array of the `.npz` archive holds the samples"),
                    scale(Format.NPY, "pixels"));
            case IDX -> List.of(
                    new Option("path", "a string", REQUIRED, "\"images.idx\"",
                            "an IDX file as MNIST's, plain or gzipped: one sample per item of its first dimension"),
                    scale(Format.IDX, "pixels"));
        };
    }

    /** The names of `format`'s options, the path first. */
    public static List<String> names(Format format) {
        return of(format).stream().map(Option::name).toList();
    }

    /**
     * The scaling a source of `format` is read with when its `scale` is left out: bytes of NPY and
     * IDX files are divided by 255, as pixels are, and every other value is taken as it is.
     */
    public static Scale defaultScale(Format format, boolean bytes) {
        return switch (format) {
            case IMAGES -> Scale.PIXELS;
            case CSV -> Scale.NONE;
            case NPY, IDX -> bytes ? Scale.PIXELS : Scale.NONE;
        };
    }

    private static Option scale(Format format, String example) {
        String takes = format.scales().stream().map(s -> "`" + s.keyword() + "`").collect(Collectors.joining(", "));
        Scale ofBytes = defaultScale(format, true);
        Scale ofOthers = defaultScale(format, false);
        String defaultText = ofBytes == ofOthers ? "`" + ofOthers.keyword() + "`"
                : "`" + ofBytes.keyword() + "` for bytes, else `" + ofOthers.keyword() + "`";
        return new Option("scale", takes, defaultText, example, "how values are brought into range: "
                + (format.scales().contains(Scale.PIXELS) ? "`pixels` divides bytes by 255; " : "")
                + "`minmax` and `standard` are fitted on the training share only, as scikit-learn's scalers, "
                + "and saved in the run");
    }
}
