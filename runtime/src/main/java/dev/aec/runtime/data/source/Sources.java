package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The entry point to the readers of the user's files: {@link #probe} tells the checker what a
 * source holds from as little of it as it can read, {@link #open} opens it for training, and
 * {@link #infer} makes a source for another path (`aec encode PATH`) read like the training one.
 */
public final class Sources {
    /** A CSV file up to this size is read whole by a probe, so its count is known and every cell checked. */
    static final long SMALL_CSV_BYTES = 8L << 20;
    /** A larger CSV is probed on this many rows. */
    static final int PROBE_ROWS = 1000;

    /** Where a source named on the command line was "written": nowhere in a model file. */
    private static final dev.aec.compiler.source.Span NOWHERE = new dev.aec.compiler.source.Span(
            new dev.aec.compiler.source.SourceFile("<command line>", ""), 0, 0);

    private Sources() {
    }

    /**
     * What the source holds: the shape of one sample, the count when it is cheap to know, the
     * classes of an image folder; or what stops it being read, with a fix. Reads an NPY header, an
     * NPZ's zip directory and that array's header, an IDX header, a CSV's first rows (all of a small
     * one), or an image folder's listing and one image's header. Never throws for the user's data.
     */
    public static DataProbe.Finding probe(FileSource source) {
        if (!source.local()) {
            return new DataProbe.Unknown();
        }
        try {
            return switch (source.format()) {
                case IMAGES -> probeImages(source);
                case CSV -> probeCsv(source);
                case NPY -> {
                    NpyHeader header = NpyFile.probe(source.path(), source.array());
                    yield new DataProbe.Found(header.sampleShape(), OptionalInt.of(header.count()), List.of());
                }
                case IDX -> {
                    IdxSamples.Header header = IdxSamples.probe(source.path());
                    yield new DataProbe.Found(header.sampleShape(), OptionalInt.of(header.count()), List.of());
                }
            };
        } catch (DataException e) {
            return problem(source, e);
        }
    }

    /**
     * Opens the source's samples; the caller closes them.
     *
     * @throws DataException when the files are missing, unreadable or not what the format expects, or
     *     on a file system other than this machine's
     */
    public static Samples open(FileSource source) throws DataException {
        if (!source.local()) {
            throw DataException.withHelp(source.written(), "is on a `" + source.location().getScheme()
                    + "` file system, which aec reads only when it trains on Spark",
                    "train with `--spark MASTER`, or copy the files to this machine and name their path");
        }
        return switch (source.format()) {
            case IMAGES -> ImageFolder.open(source.path(), source.size(), source.resize(), source.skipBad());
            case CSV -> CsvTable.read(source.path(), source.header(), source.columns(), source.scale());
            case NPY -> NpyFile.open(source.path(), source.array(), source.scale());
            case IDX -> IdxSamples.open(source.path(), source.scale());
        };
    }

    /**
     * A source for `path` of whatever kind its name says (a folder: images; `.csv`, `.csv.gz`:
     * CSV; `.npy`, `.npz`: NPY; `.idx`, `.idx.gz`, `-ubyte`, `-ubyte.gz`: IDX), read like the data a
     * run trained on: with the options of `trainedOn` that apply to it (size and resize between
     * image folders, header and columns between CSV tables, the array between `.npz` archives, the
     * scale wherever the format takes it), and for images without a training folder to copy, at
     * `sampleShape` (a run trained on MNIST reads a folder of PNG files at 28x28x1). Skipping bad
     * images is not carried over: every input of `aec encode` must have an output.
     *
     * @throws DataException when `path` does not exist, its kind cannot be told from its name, or
     *     images cannot be read at `sampleShape`
     */
    public static FileSource infer(Path path, Optional<FileSource> trainedOn, Shape sampleShape) throws DataException {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new DataException(path.toString(), "no such file or folder");
        }
        Format format = formatOf(path, absolute);
        Optional<FileSource> same = trainedOn.filter(t -> t.format() == format);
        boolean npz = absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
        Optional<Shape> size = Optional.empty();
        if (format == Format.IMAGES) {
            size = same.flatMap(FileSource::size);
            if (size.isEmpty()) {
                if (sampleShape.rank() != 3 || !List.of(1, 3, 4).contains(sampleShape.channels())) {
                    throw new DataException(path.toString(), "is a folder of images, but the run's samples are "
                            + sampleShape + ", not images (height x width x 1, 3 or 4 channels)");
                }
                size = Optional.of(sampleShape);
            }
        }
        Optional<Scale> scale = trainedOn.flatMap(FileSource::scale).filter(s -> format.scales().contains(s));
        return new FileSource(format, absolute, path.toString(), trainedOn.map(FileSource::pathSpan).orElse(NOWHERE),
                size, same.map(FileSource::resize).orElse(false), false,
                same.filter(t -> format == Format.CSV).map(FileSource::header).orElse(Header.AUTO),
                same.filter(t -> format == Format.CSV).flatMap(FileSource::columns),
                npz ? same.flatMap(FileSource::array) : Optional.empty(), scale, java.util.Map.of(),
                trainedOn.map(FileSource::span).orElse(NOWHERE));
    }

    private static Format formatOf(Path path, Path absolute) throws DataException {
        if (Files.isDirectory(absolute)) {
            return Format.IMAGES;
        }
        String name = absolute.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return Format.CSV;
        }
        if (name.endsWith(".npy") || name.endsWith(".npz")) {
            return Format.NPY;
        }
        if (name.endsWith(".idx") || name.endsWith(".idx.gz") || name.endsWith("-ubyte") || name.endsWith("-ubyte.gz")) {
            return Format.IDX;
        }
        throw DataException.withHelp(path.toString(), "cannot tell what kind of data this is from its name",
                "name a folder of images, or a file ending in .csv, .csv.gz, .npy, .npz, .idx, .idx.gz or -ubyte");
    }

    private static DataProbe.Found probeImages(FileSource source) throws DataException {
        ImageListing listing = ImageFolder.listing(source.path());
        Optional<ImageDecoder.Header> header = Optional.empty();
        Path first = listing.images().get(0).path();
        for (ImageListing.ImageFile image : listing.images()) {
            try {
                header = Optional.of(ImageDecoder.header(image.path()));
                first = image.path();
                break;
            } catch (DataException e) {
                if (!source.skipBad()) {
                    throw ImageFolder.withFix(e, false);
                }
            }
        }
        if (header.isEmpty()) {
            throw new DataException(source.path().toString(), "none of the " + listing.images().size()
                    + " images can be read");
        }
        Shape shape = source.size().isPresent() ? ImageFolder.checked(source.path(), source.size().get())
                : ImageFolder.inferred(header.get());
        if (!source.resize() && (header.get().height() != shape.height() || header.get().width() != shape.width())) {
            throw ImageFolder.wrongSize(first, header.get().height(), header.get().width(), shape, "");
        }
        // With skip_bad the count is known only once every header has been read, which a probe does not do.
        OptionalInt count = source.skipBad() ? OptionalInt.empty() : OptionalInt.of(listing.images().size());
        return new DataProbe.Found(shape, count, listing.classes());
    }

    private static DataProbe.Found probeCsv(FileSource source) throws DataException {
        long bytes;
        try {
            bytes = Files.size(source.path());
        } catch (IOException e) {
            bytes = Long.MAX_VALUE;
        }
        int rows = bytes <= SMALL_CSV_BYTES ? Integer.MAX_VALUE : PROBE_ROWS;
        CsvTable table = CsvTable.read(source.path(), source.header(), source.columns(), source.scale(), rows);
        return new DataProbe.Found(table.sampleShape(),
                table.complete() ? OptionalInt.of(table.count()) : OptionalInt.empty(), List.of());
    }

    private static boolean writtenRelative(FileSource source) {
        try {
            return !source.shared() && !Path.of(source.written()).isAbsolute();
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static DataProbe.Problem problem(FileSource source, DataException e) {
        if (!Files.exists(source.path())) {
            // Only a relative path can be meant from elsewhere than where it was looked for.
            return new DataProbe.Problem(e.getMessage(), "not found", writtenRelative(source) ? Optional.of(
                    "a relative path is read from the model file's folder: `" + source.written() + "` is `"
                            + source.path() + "`") : Optional.empty());
        }
        if (e.option().isPresent()) {
            return new DataProbe.Problem(e.getMessage(), e.option().get().label(), e.help(),
                    Optional.of(e.option().get().name()));
        }
        String label = switch (source.format()) {
            case IMAGES -> "cannot be read as a folder of images";
            case CSV -> "cannot be read as a table of numbers";
            case NPY -> "cannot be read as a NumPy array";
            case IDX -> "cannot be read as an IDX file";
        };
        return new DataProbe.Problem(e.getMessage(), label, e.help());
    }
}
