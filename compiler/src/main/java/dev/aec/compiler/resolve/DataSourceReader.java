package dev.aec.compiler.resolve;

import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast;
import dev.aec.compiler.syntax.Ast.Arg;
import dev.aec.compiler.syntax.Ast.CallExpr;
import dev.aec.compiler.syntax.Ast.DottedName;
import dev.aec.compiler.syntax.Ast.Expr;
import dev.aec.compiler.syntax.Ast.StringLit;
import dev.aec.compiler.types.Shape;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the value of `data:`, `validation:` and `test:`: a named dataset (`mnist`, `mnist.test`),
 * the user's files (`images("faces", size: 64x64x3)`, `csv(...)`, `npy(...)`, `idx(...)`), or, for
 * validation and test, a held-out share (`split(0.1)`). Relative paths are resolved against the
 * directory of the file that writes them, as imports are.
 */
final class DataSourceReader {
    /** The setting a source is read for. */
    enum Role {
        DATA("data", DataRef.Split.TRAIN),
        VALIDATION("validation", DataRef.Split.TEST),
        TEST("test", DataRef.Split.TEST);

        private final String setting;
        private final DataRef.Split defaultSplit;

        Role(String setting, DataRef.Split defaultSplit) {
            this.setting = setting;
            this.defaultSplit = defaultSplit;
        }
    }

    /** The options of each format, from the table the reference is made from; the path comes first. */
    static final Map<Format, List<String>> OPTIONS = Arrays.stream(Format.values())
            .collect(Collectors.toUnmodifiableMap(f -> f, DataOptions::names));
    static final String SPLIT = "split";
    /** The one option of {@link #SPLIT}. */
    static final List<String> SPLIT_OPTIONS = List.of("share");
    private static final List<String> KINDS = List.of("images", "csv", "npy", "idx", SPLIT);

    private final Diagnostics diagnostics;
    private final ValueReader reader;

    DataSourceReader(Diagnostics diagnostics, ValueReader reader) {
        this.diagnostics = diagnostics;
        this.reader = reader;
    }

    /** The source, or empty after reporting why it is not one. */
    Optional<DataSource> read(Expr expr, Role role, Path directory) {
        if (expr instanceof CallExpr c && c.call().argLists().size() == 1) {
            String name = c.call().name().text();
            Optional<Format> format = format(name);
            if (format.isPresent()) {
                return files(format.get(), c.call(), directory).map(DataSource.class::cast);
            }
            if (name.equals(SPLIT)) {
                return split(c.call(), role).map(DataSource.class::cast);
            }
            if (Datasets.find(name).isEmpty()) {
                Diagnostic.Builder b = Diagnostic.of(Code.E0401, c.call().name().span(), "unknown data source `" + name + "`")
                        .label("not a data source")
                        .note("data sources: `images`, `csv`, `npy`, `idx`, and `split` for validation and test");
                Suggest.closest(name, KINDS).ifPresent(s -> b.didYouMean(c.call().name().span(), s));
                b.report(diagnostics);
                return Optional.empty();
            }
        }
        if (expr instanceof CallExpr c && c.call().argLists().isEmpty()) {
            String name = c.call().name().text();
            if (format(name).isPresent() || name.equals(SPLIT)) {
                Diagnostic.of(Code.E0202, expr.span(), "`" + name + "` needs " + (name.equals(SPLIT)
                                ? "the share to hold out" : "the path of the " + noun(format(name).get())))
                        .label("missing its arguments")
                        .help("write it like `" + example(name) + "`")
                        .report(diagnostics);
                return Optional.empty();
            }
            return dataset(name, c.call().name().span(), Optional.empty(), role, expr);
        }
        if (expr instanceof DottedName d && d.parts().size() == 2) {
            return dataset(d.parts().get(0).text(), d.parts().get(0).span(), Optional.of(d.parts().get(1)), role, expr);
        }
        Diagnostic.Builder b = Diagnostic.of(Code.E0201, expr.span(), "expected a dataset like `mnist` or `mnist.test`, "
                        + "or files like `images(\"DIR\", size: 28x28x1)`, found " + ValueReader.describe(expr))
                .label("not a data source");
        if (expr instanceof StringLit s) {
            b.help("name the kind of file: `" + exampleFor(s.value(), s.span().text()) + "`");
        }
        b.report(diagnostics);
        return Optional.empty();
    }

    private Optional<DataSource> dataset(String dataset, Span datasetSpan, Optional<Ast.Ident> split, Role role, Expr expr) {
        if (Datasets.find(dataset).isEmpty()) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0401, datasetSpan, "unknown dataset `" + dataset + "`")
                    .label("not a dataset aec knows")
                    .note("datasets: " + String.join(", ", Datasets.names()));
            Optional<String> close = Suggest.closest(dataset, Datasets.names());
            if (close.isPresent()) {
                b.didYouMean(datasetSpan, close.get());
            } else if (split.isPresent() && isFileSuffix(split.get().text())) {
                String file = dataset + "." + split.get().text();
                b.help("to read the file, write `" + exampleFor(file, "\"" + file + "\"") + "`");
            } else {
                b.help("to train on your own files, write `images(\"DIR\", size: 28x28x1)`, `csv(\"FILE\")`, "
                        + "`npy(\"FILE\")` or `idx(\"FILE\")`");
            }
            b.report(diagnostics);
            return Optional.empty();
        }
        DataRef.Split chosen = role.defaultSplit;
        if (split.isPresent()) {
            String word = split.get().text();
            Optional<DataRef.Split> found = Arrays.stream(DataRef.Split.values())
                    .filter(s -> s.keyword().equals(word)).findFirst();
            if (found.isEmpty()) {
                Diagnostic.of(Code.E0401, split.get().span(), "`" + dataset + "` has no split `" + word + "`")
                        .label("expected `train` or `test`")
                        .report(diagnostics);
                return Optional.empty();
            }
            chosen = found.get();
        }
        return Optional.of(new DataRef(dataset, chosen, expr.span()));
    }

    private Optional<FileSource> files(Format format, Ast.Call call, Path directory) {
        String kind = format.keyword();
        Optional<Map<String, Arg>> bound = bind(kind, OPTIONS.get(format), call);
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Arg> args = bound.get();
        Arg pathArg = args.get("path");
        if (pathArg == null) {
            Diagnostic.of(Code.E0202, call.argLists().get(0).span(), "`" + kind + "` needs the path of the " + noun(format))
                    .label("missing the path")
                    .help("write it like `" + example(kind) + "`; a relative path starts at this file's folder")
                    .report(diagnostics);
            return Optional.empty();
        }
        boolean ok = true;
        Optional<StringLit> pathLit = string(pathArg.value(), "path", "`\"" + (format == Format.IMAGES ? "faces" : "data."
                + (format == Format.IDX ? "idx" : kind)) + "\"`");
        Optional<URI> path = pathLit.flatMap(lit -> resolvePath(lit, directory, format));
        ok &= path.isPresent();
        Map<String, Span> spans = new HashMap<>();
        args.forEach((name, arg) -> {
            if (!name.equals("path")) {
                spans.put(name, arg.value().span());
            }
        });

        Optional<Shape> size = Optional.empty();
        if (format == Format.IMAGES) {
            Arg sizeArg = args.get("size");
            if (sizeArg == null) {
                Diagnostic.of(Code.E0202, call.argLists().get(0).span(), "`images` needs `size`")
                        .label("missing `size`: the height, width and channels every image is read at")
                        .help("write it like `images(" + pathArg.value().span().text() + ", size: 28x28x1)`; "
                                + "1 channel is grey, 3 colour, 4 colour with alpha")
                        .report(diagnostics);
                ok = false;
            } else {
                size = imageSize(sizeArg.value());
                ok &= size.isPresent();
            }
        }
        Optional<Boolean> resize = flag(args, "resize");
        Optional<Boolean> skipBad = flag(args, "skip_bad");
        Optional<Boolean> hasHeader = flag(args, "header");
        ok &= resize.isPresent() && skipBad.isPresent() && hasHeader.isPresent();
        DataSource.Header header = !args.containsKey("header") ? DataSource.Header.AUTO
                : hasHeader.orElse(false) ? DataSource.Header.YES : DataSource.Header.NO;
        Optional<DataSource.Columns> columns = Optional.empty();
        if (args.containsKey("columns")) {
            columns = columns(args.get("columns").value(), header);
            ok &= columns.isPresent();
        }
        Optional<String> array = Optional.empty();
        if (format == Format.NPY) {
            Optional<Optional<String>> read = array(args, pathLit, call);
            ok &= read.isPresent();
            array = read.orElse(Optional.empty());
        }
        Optional<Scale> scale = Optional.empty();
        if (args.containsKey("scale")) {
            scale = scale(format, args.get("scale").value());
            ok &= scale.isPresent();
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new FileSource(format, path.get(), pathLit.get().value(), pathLit.get().span(), size,
                resize.get(), skipBad.get(), header, columns, array, scale, spans, call.span()));
    }

    /**
     * Matches the written arguments to the options: the path may be given by position, every
     * other option by name. Reports unknown, repeated and extra arguments.
     */
    private Optional<Map<String, Arg>> bind(String kind, List<String> options, Ast.Call call) {
        Map<String, Arg> bound = new LinkedHashMap<>();
        boolean ok = true;
        boolean keywordSeen = false;
        int positional = 0;
        for (Arg arg : call.argLists().get(0).args()) {
            String name;
            if (arg.key().isPresent()) {
                keywordSeen = true;
                name = arg.key().get().text();
                if (!options.contains(name)) {
                    reportUnknown(kind, options, arg.key().get());
                    ok = false;
                    continue;
                }
            } else if (keywordSeen) {
                Diagnostic.of(Code.E0206, arg.span(), "positional argument after a keyword argument")
                        .label("give this one a name")
                        .help("write the " + (kind.equals(SPLIT) ? "share" : "path") + " first")
                        .report(diagnostics);
                ok = false;
                continue;
            } else if (positional++ == 0) {
                name = options.get(0);
            } else {
                Diagnostic.of(Code.E0204, arg.span(), "only the " + (kind.equals(SPLIT) ? "share" : "path")
                                + " of `" + kind + "` may be given without a name")
                        .label("name this argument")
                        .help(options.size() > 1 ? "write it like `" + example(kind) + "`" : "remove it")
                        .report(diagnostics);
                ok = false;
                continue;
            }
            Arg previous = bound.putIfAbsent(name, arg);
            if (previous != null) {
                Diagnostic.of(Code.E0203, arg.span(), "`" + name + "` is given twice")
                        .label("second value")
                        .secondary(previous.span(), "first value")
                        .help("remove one of them")
                        .report(diagnostics);
                ok = false;
            }
        }
        return ok ? Optional.of(bound) : Optional.empty();
    }

    private void reportUnknown(String kind, List<String> options, Ast.Ident key) {
        String name = key.text();
        Diagnostic.Builder b = Diagnostic.of(Code.E0106, key.span(), "`" + kind + "` has no option `" + name + "`")
                .label("unknown option");
        Optional<String> close = Suggest.closest(name, options);
        Optional<Format> owner = Arrays.stream(Format.values())
                .filter(f -> !f.keyword().equals(kind) && OPTIONS.get(f).contains(name)).findFirst();
        if (kind.equals("images") && name.equals("scale")) {
            b.note("images are always read with their pixels scaled to [0, 1]")
                    .help("remove `scale`");
        } else if (close.isPresent()) {
            b.didYouMean(key.span(), close.get());
        } else {
            b.note("`" + kind + "` takes " + String.join(", ", options.stream().map(o -> "`" + o + "`").toList()));
            owner.ifPresent(f -> b.help("`" + name + "` is an option of `" + f.keyword() + "`"));
        }
        b.report(diagnostics);
    }

    private Optional<StringLit> string(Expr value, String what, String example) {
        if (value instanceof StringLit s) {
            return Optional.of(s);
        }
        Diagnostic.Builder b = Diagnostic.of(Code.E0201, value.span(), "`" + what + "` expects a string like " + example
                        + ", found " + ValueReader.describe(value))
                .label("expected a string");
        if (value instanceof DottedName || (value instanceof CallExpr c && c.call().argLists().isEmpty())) {
            b.help("write it in quotes: `\"" + value.span().text() + "\"`");
        }
        b.report(diagnostics);
        return Optional.empty();
    }

    /** The absolute, normalised path, or empty after reporting an empty or invalid one. */
    private Optional<URI> resolvePath(StringLit lit, Path directory, Format format) {
        String message;
        String label;
        String help = "write the path of the " + noun(format) + ", relative to this file's folder or absolute";
        if (lit.value().isBlank()) {
            message = "the path of the " + noun(format) + " is empty";
            label = "empty path";
        } else if (DataSource.SCHEME.matcher(lit.value()).lookingAt()) {
            Optional<URI> uri = uri(lit.value());
            if (uri.isPresent()) {
                return uri;
            }
            message = "cannot read " + lit.span().text() + ": not a valid URI";
            label = "not a valid URI";
            help = "write a file system's URI like `hdfs://namenode:8020/data/train` or `file:///shared/data/train`"
                    + "; characters such as spaces are written %20";
        } else {
            try {
                return Optional.of(directory.resolve(lit.value()).toAbsolutePath().normalize().toUri());
            } catch (InvalidPathException bad) {
                message = "cannot read " + lit.span().text() + ": not a valid path";
                label = "not a valid path";
            }
        }
        Diagnostic.of(Code.E0408, lit.span(), message)
                .label(label)
                .help(help)
                .report(diagnostics);
        return Optional.empty();
    }

    /** `written` as an absolute, hierarchical URI with a path; a `file:` one naming a path of this machine. */
    private static Optional<URI> uri(String written) {
        try {
            URI uri = new URI(written).normalize();
            if (uri.isOpaque() || uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                    && uri.getAuthority() == null) {
                return Optional.empty();
            }
            if ("file".equalsIgnoreCase(uri.getScheme())) {
                Path.of(uri);
            }
            return Optional.of(uri);
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Shape> imageSize(Expr value) {
        if (value instanceof Ast.ShapeLit s && s.dims().size() != 3) {
            Diagnostic.of(Code.E0201, s.span(), "`size` of images is height x width x channels, found "
                            + ValueReader.describe(s))
                    .label("expected a size like `28x28x1`")
                    .help(s.dims().size() == 2 ? "add the channels: `" + s.text() + "x1` for grey, `" + s.text()
                            + "x3` for colour" : "write it like `28x28x1`")
                    .report(diagnostics);
            return Optional.empty();
        }
        Optional<Shape> size = reader.shape(value, "size");
        if (size.isEmpty()) {
            return size;
        }
        int channels = size.get().channels();
        if (channels != 1 && channels != 3 && channels != 4) {
            String hw = size.get().height() + "x" + size.get().width();
            Diagnostic.of(Code.E0205, value.span(), "images have 1, 3 or 4 channels, found " + channels)
                    .label("channels must be 1, 3 or 4")
                    .note("images are read as grey (1 channel), colour (3) or colour with alpha (4)")
                    .help("write `" + hw + "x1` for grey or `" + hw + "x3` for colour")
                    .report(diagnostics);
            return Optional.empty();
        }
        return size;
    }

    /** The flag's value, false when not written, or empty after reporting a value that is not `true` or `false`. */
    private Optional<Boolean> flag(Map<String, Arg> args, String name) {
        Arg arg = args.get(name);
        return arg == null ? Optional.of(false) : reader.bool(arg.value(), name);
    }

    private Optional<DataSource.Columns> columns(Expr value, DataSource.Header header) {
        Optional<StringLit> lit = string(value, "columns", "`\"0-63\"`");
        if (lit.isEmpty()) {
            return Optional.empty();
        }
        ColumnList.Parsed parsed = ColumnList.parse(lit.get().value());
        if (parsed instanceof ColumnList.Bad bad) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0209, inside(lit.get(), bad.start(), bad.end()), bad.message())
                    .label(bad.label())
                    .note("columns are 0-based indices (`3`), ranges (`0-63`, both ends kept) or header names, "
                            + "separated by commas");
            bad.help().ifPresent(b::help);
            b.report(diagnostics);
            return Optional.empty();
        }
        ColumnList.Ok ok = (ColumnList.Ok) parsed;
        if (header == DataSource.Header.NO) {
            for (ColumnList.Item item : ok.items()) {
                if (item.column() instanceof DataSource.Columns.Name name) {
                    Diagnostic.of(Code.E0209, inside(lit.get(), item.start(), item.end()), "column `" + name.name()
                                    + "` is chosen by name, but `header: false` says the table has no names")
                            .label("a header name")
                            .help("choose it by its 0-based index, or set `header: true`")
                            .report(diagnostics);
                    return Optional.empty();
                }
            }
        }
        return Optional.of(ok.columns());
    }

    /**
     * `array` is required for an `.npz` archive and refused for a plain `.npy` file. Empty after
     * reporting; otherwise the array's name, if any.
     */
    private Optional<Optional<String>> array(Map<String, Arg> args, Optional<StringLit> path, Ast.Call call) {
        Arg arg = args.get("array");
        Optional<String> name = Optional.empty();
        if (arg != null) {
            Optional<StringLit> lit = string(arg.value(), "array", "`\"x_train\"`");
            if (lit.isEmpty()) {
                return Optional.empty();
            }
            if (lit.get().value().isEmpty()) {
                Diagnostic.of(Code.E0201, lit.get().span(), "`array` is empty")
                        .label("expected the name of an array in the archive")
                        .report(diagnostics);
                return Optional.empty();
            }
            name = Optional.of(lit.get().value());
        }
        if (path.isEmpty()) {
            return Optional.of(name);
        }
        boolean archive = path.get().value().toLowerCase(Locale.ROOT).endsWith(".npz");
        if (archive && name.isEmpty()) {
            Diagnostic.of(Code.E0202, call.argLists().get(0).span(), "`npy` of an `.npz` archive needs `array`")
                    .label("missing `array`: which array of the archive holds the samples")
                    .note("an `.npz` archive holds several arrays, such as `x_train` and `x_test`")
                    .help("write it like `npy(" + path.get().span().text() + ", array: \"x_train\")`")
                    .report(diagnostics);
            return Optional.empty();
        }
        if (!archive && name.isPresent()) {
            Diagnostic.of(Code.E0210, arg.key().map(Ast.Ident::span).orElse(arg.span()),
                            "`array` picks an array of an `.npz` archive, but " + path.get().span().text()
                                    + " is not one")
                    .label("only for `.npz` archives")
                    .secondary(path.get().span(), "a single array")
                    .help("remove `array`")
                    .report(diagnostics);
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private Optional<Scale> scale(Format format, Expr value) {
        List<String> allowed = Arrays.stream(Scale.values()).filter(format.scales()::contains).map(Scale::keyword).toList();
        String expected = orList(allowed);
        if (value instanceof CallExpr c && c.call().argLists().isEmpty()) {
            String word = c.call().name().text();
            Optional<Scale> found = Arrays.stream(Scale.values())
                    .filter(s -> s.keyword().equals(word) && format.scales().contains(s)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Diagnostic.Builder b = Diagnostic.of(Code.E0201, value.span(), "`scale` of `" + format.keyword()
                            + "` expects " + expected + ", found `" + word + "`")
                    .label(word.equals("pixels") ? "not for " + format.keyword() : "not a scale");
            if (word.equals("pixels")) {
                b.note("`pixels` divides bytes by 255; a CSV holds numbers of any range");
                b.help("use `minmax` to bring every column into [0, 1]");
            } else {
                Suggest.closest(word, allowed).ifPresent(s -> b.didYouMean(value.span(), s));
            }
            b.report(diagnostics);
            return Optional.empty();
        }
        Diagnostic.of(Code.E0201, value.span(), "`scale` expects " + expected + ", found " + ValueReader.describe(value))
                .label("expected a scale")
                .report(diagnostics);
        return Optional.empty();
    }

    private Optional<DataSource.HeldOut> split(Ast.Call call, Role role) {
        Optional<Map<String, Arg>> bound = bind(SPLIT, SPLIT_OPTIONS, call);
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        Arg arg = bound.get().get("share");
        if (arg == null) {
            Diagnostic.of(Code.E0202, call.argLists().get(0).span(), "`split` needs the share to hold out")
                    .label("missing the share")
                    .help("write it like `split(0.1)` to hold out a tenth")
                    .report(diagnostics);
            return Optional.empty();
        }
        Optional<Double> share = reader.number(arg.value(), "share");
        if (share.isEmpty()) {
            return Optional.empty();
        }
        double v = share.get();
        if (!(v > 0 && v < 1)) {
            Diagnostic.Builder b = Diagnostic.of(Code.E0205, arg.value().span(), "`split` must be between 0 and 1, "
                            + "both excluded, found " + arg.value().span().text())
                    .label("out of range");
            if (v > 1 && v < 100) {
                b.help("the share is a fraction, not a percentage: `split(" + format(v / 100) + ")` holds out "
                        + format(v) + "%");
            }
            b.report(diagnostics);
            return Optional.empty();
        }
        if (role == Role.DATA) {
            Diagnostic.of(Code.E0407, call.span(), "`data` cannot be a held-out split")
                    .label("a share of which data?")
                    .note("`split(share)` holds out a share of `data` for `validation` or `test`")
                    .help("name the data to train on here, and hold out a share with `validation: split("
                            + format(v > 0.5 ? 1 - v : v) + ")`")
                    .report(diagnostics);
            return Optional.empty();
        }
        return Optional.of(new DataSource.HeldOut(v, call.span()));
    }

    /** The span of value offsets `start` to `end` of a string literal, escapes counted as written; at least one character. */
    static Span inside(StringLit lit, int start, int end) {
        String raw = lit.span().text();
        String value = lit.value();
        int[] rawOffset = new int[value.length() + 1];
        int r = 1;
        for (int v = 0; v < value.length(); v++) {
            rawOffset[v] = r;
            r += r < raw.length() && raw.charAt(r) == '\\' ? 2 : 1;
        }
        rawOffset[value.length()] = Math.min(r, Math.max(1, raw.length() - 1));
        int from = rawOffset[Math.min(start, value.length())];
        int to = Math.max(from + 1, rawOffset[Math.min(end, value.length())]);
        int base = lit.span().start();
        return new Span(lit.span().file(), base + from, base + Math.min(to, raw.length()));
    }

    private static Optional<Format> format(String name) {
        return Arrays.stream(Format.values()).filter(f -> f.keyword().equals(name)).findFirst();
    }

    private static String noun(Format format) {
        return switch (format) {
            case IMAGES -> "folder of images";
            case CSV -> "CSV file";
            case NPY -> "`.npy` or `.npz` file";
            case IDX -> "IDX file";
        };
    }

    private static String example(String kind) {
        return switch (kind) {
            case "images" -> "images(\"faces\", size: 64x64x3)";
            case "csv" -> "csv(\"table.csv\", header: true)";
            case "npy" -> "npy(\"samples.npy\")";
            case "idx" -> "idx(\"train-images-idx3-ubyte.gz\")";
            default -> "split(0.1)";
        };
    }

    /** How to read the file a path names, by its suffix: `csv("table.csv")`, else a folder of images. */
    private static String exampleFor(String path, String written) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt")) {
            return "csv(" + written + ")";
        }
        if (lower.endsWith(".npy")) {
            return "npy(" + written + ")";
        }
        if (lower.endsWith(".npz")) {
            return "npy(" + written + ", array: \"x_train\")";
        }
        if (lower.endsWith(".gz") || lower.contains("idx") || lower.contains("ubyte")) {
            return "idx(" + written + ")";
        }
        return "images(" + written + ", size: 28x28x1)";
    }

    /** "`none`, `minmax` or `standard`". */
    private static String orList(List<String> words) {
        List<String> quoted = words.stream().map(w -> "`" + w + "`").toList();
        return quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    private static boolean isFileSuffix(String word) {
        return List.of("csv", "npy", "npz", "gz", "idx").contains(word.toLowerCase(Locale.ROOT));
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", (float) value);
    }
}
