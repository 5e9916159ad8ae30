package dev.aec.runtime.data.source;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The images under a folder (see {@link ImageListing} for which files and in what order), decoded
 * on demand into `size` (height x width x channels, channels 1, 3 or 4; see {@link ImageDecoder}),
 * labelled by first-level sub-folder when every image lies in one.
 *
 * <p>With `skipBad`, opening reads every file's header (not its pixels) in parallel and leaves
 * out those that cannot be read as images, so that {@link #count()} is close without decoding
 * 200,000 images twice; a file whose header reads but whose pixels are damaged fails when read,
 * and the decoder skips it ({@link #skipsUnreadable()}), keeping a row of zeros the run leaves
 * out. Without `skipBad` nothing is read at opening but the listing, and a bad file fails when
 * read.
 */
public final class ImageFolder implements Samples {
    private final Path root;
    private final List<ImageListing.ImageFile> images;
    private final List<String> classes;
    private final List<String> skipped;
    private final Shape size;
    private final boolean resize;
    private final boolean skipBad;
    private final String fingerprint;

    private ImageFolder(Path root, List<ImageListing.ImageFile> images, List<String> classes, List<String> skipped,
                        Shape size, boolean resize, boolean skipBad, String fingerprint) {
        this.root = root;
        this.images = List.copyOf(images);
        this.classes = List.copyOf(classes);
        this.skipped = List.copyOf(skipped);
        this.size = size;
        this.resize = resize;
        this.skipBad = skipBad;
        this.fingerprint = fingerprint;
    }

    /**
     * Lists the folder and, with `skipBad`, checks every image's header.
     *
     * @param size every sample's height x width x channels; when empty, the first image's height
     *     and width, with 1 channel when it is grey and 3 otherwise
     * @throws DataException when the folder is missing or holds no images, `size` is not HxWxC with
     *     C of 1, 3 or 4, or (with `skipBad`) an image has another size and `resize` is false, or
     *     no image is readable
     */
    public static ImageFolder open(Path root, Optional<Shape> size, boolean resize, boolean skipBad)
            throws DataException {
        ImageListing listing = listing(root);
        List<ImageListing.ImageFile> images = listing.images();
        List<String> skipped = List.of();
        Shape shape;
        if (skipBad) {
            Validated validated = validate(root, images);
            shape = size.isPresent() ? checked(root, size.get()) : inferred(validated.headers().get(0));
            if (!resize) {
                checkSizes(validated, shape);
            }
            images = validated.good();
            skipped = validated.skipped();
        } else {
            shape = size.isPresent() ? checked(root, size.get()) : inferred(ImageDecoder.header(images.get(0).path()));
        }
        Fingerprint fingerprint = new Fingerprint("images").add("size", shape).add("resize", resize)
                .add("skipBad", skipBad);
        for (ImageListing.ImageFile image : listing.images()) {
            fingerprint.file(image.relative(), image.size(), image.modifiedMillis());
        }
        return new ImageFolder(root, images, listing.classes(), skipped, shape, resize, skipBad, fingerprint.hex());
    }

    /** The folder's listing, which must hold at least one image. */
    static ImageListing listing(Path root) throws DataException {
        ImageListing listing = ImageListing.of(root);
        if (!listing.images().isEmpty()) {
            return listing;
        }
        throw noImages(root.toString(), listing.others());
    }

    /** A folder that holds `others` (sorted) but no image. */
    static DataException noImages(String root, List<String> others) {
        if (others.isEmpty()) {
            return new DataException(root, "empty folder: no images (PNG, JPEG, BMP or GIF) found");
        }
        return DataException.withHelp(root, "no images (PNG, JPEG, BMP or GIF) found, only "
                + (others.size() == 1 ? "1 other file: " : others.size() + " other files: ")
                + others.stream().limit(5).map(o -> "`" + o + "`").collect(Collectors.joining(", "))
                + (others.size() > 5 ? " and " + (others.size() - 5) + " more" : ""),
                "images are found by their extension: .png, .jpg, .jpeg, .bmp or .gif");
    }

    /** `size` when it is HxWxC with C of 1, 3 or 4. */
    static Shape checked(Path root, Shape size) throws DataException {
        return checked(root.toString(), size);
    }

    static Shape checked(String root, Shape size) throws DataException {
        if (size.rank() != 3 || !List.of(1, 3, 4).contains(size.channels()) || size.elements() <= 0
                || size.elements() > ImageDecoder.MAX_PIXELS) {
            throw DataException.withHelp(root, "images are read at a size of height x width x channels "
                    + "with 1 (grey), 3 (RGB) or 4 (RGBA) channels, not " + size, "write the size as `size: 28x28x1`");
        }
        return size;
    }

    /** The size of an image read as it is: grey as 1 channel, colour as 3 (alpha dropped, as Keras's default `rgb`). */
    static Shape inferred(ImageDecoder.Header header) {
        return Shape.of(header.height(), header.width(), header.grey() ? 1 : 3);
    }

    /** The images whose header reads, their headers, and the others with why. */
    private record Validated(List<ImageListing.ImageFile> good, List<ImageDecoder.Header> headers,
                             List<String> skipped) {
    }

    private static Validated validate(Path root, List<ImageListing.ImageFile> images) throws DataException {
        ImageDecoder.Header[] headers = new ImageDecoder.Header[images.size()];
        String[] problems = new String[images.size()];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            try {
                headers[i] = ImageDecoder.header(images.get(i).path());
            } catch (DataException e) {
                problems[i] = e.problem();
            }
        });
        List<ImageListing.ImageFile> good = new ArrayList<>();
        List<ImageDecoder.Header> goodHeaders = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < headers.length; i++) {
            if (headers[i] != null) {
                good.add(images.get(i));
                goodHeaders.add(headers[i]);
            } else {
                skipped.add(images.get(i).relative() + ": " + problems[i]);
            }
        }
        if (good.isEmpty()) {
            throw new DataException(root.toString(), "none of the " + images.size() + " images can be read; the first, "
                    + skipped.get(0));
        }
        return new Validated(good, goodHeaders, skipped);
    }

    private static void checkSizes(Validated validated, Shape shape) throws DataException {
        int first = -1;
        int others = 0;
        for (int i = 0; i < validated.good().size(); i++) {
            ImageDecoder.Header h = validated.headers().get(i);
            if (h.height() != shape.height() || h.width() != shape.width()) {
                if (first < 0) {
                    first = i;
                } else {
                    others++;
                }
            }
        }
        if (first >= 0) {
            ImageDecoder.Header h = validated.headers().get(first);
            throw wrongSize(validated.good().get(first).path(), h.height(), h.width(), shape,
                    others == 0 ? "" : "; " + others + (others == 1 ? " other image differs" : " other images differ") + " too");
        }
    }

    /**
     * `e`, an image that cannot be decoded, with the fix that applies to it: `skip_bad` when it is
     * not on, as it leaves out an image whose header or pixels cannot be read.
     */
    static DataException withFix(DataException e, boolean skipBad) {
        if (e.help().isPresent()) {
            return e;
        }
        String help = skipBad ? "replace or remove the file"
                : "replace or remove the file, or add `skip_bad: true` to leave out the images that cannot be read";
        return DataException.withHelp(e.subject(), e.problem(), help);
    }

    static DataException wrongSize(Path file, int height, int width, Shape shape, String more) {
        return wrongSize(file.toString(), height, width, shape, more);
    }

    static DataException wrongSize(String subject, int height, int width, Shape shape, String more) {
        String expected = shape.height() + "x" + shape.width();
        return DataException.withHelp(subject, "the image is " + height + "x" + width
                        + " (height x width), expected " + expected + " (`size: " + shape + "`)" + more,
                "add `resize: true` to read every image at " + expected);
    }

    @Override
    public int count() {
        return images.size();
    }

    @Override
    public Shape sampleShape() {
        return size;
    }

    /** Decodes the image (in the calling thread), converts its channels and, when allowed, resizes it. */
    @Override
    public void read(int index, float[] into, int offset) throws DataException {
        ImageListing.ImageFile image = images.get(index);
        ImageDecoder.Decoded decoded;
        try {
            decoded = ImageDecoder.decode(image.path(), size.channels());
        } catch (DataException e) {
            throw withFix(e, skipBad);
        }
        float[] values = fitted(image.path().toString(), decoded, size, resize);
        System.arraycopy(values, 0, into, offset, values.length);
    }

    /** A decoded image at `size`: as it is, resized when `resize` allows, else an error naming `subject`. */
    static float[] fitted(String subject, ImageDecoder.Decoded decoded, Shape size, boolean resize)
            throws DataException {
        if (decoded.height() == size.height() && decoded.width() == size.width()) {
            return decoded.values();
        }
        if (!resize) {
            throw wrongSize(subject, decoded.height(), decoded.width(), size, "");
        }
        return Resampler.resize(decoded.values(), decoded.height(), decoded.width(), size.channels(), size.height(),
                size.width());
    }

    /** The image's path below the folder, with `/` between names. */
    @Override
    public String name(int index) {
        return images.get(index).relative();
    }

    @Override
    public OptionalInt label(int index) {
        int label = images.get(index).label();
        return label < 0 ? OptionalInt.empty() : OptionalInt.of(label);
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public List<String> skipped() {
        return skipped;
    }

    /** With `skipBad`: an image whose pixels cannot be decoded is left out when decoded. */
    @Override
    public boolean skipsUnreadable() {
        return skipBad;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean cheapToRead() {
        return false;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return root + ": " + images.size() + " images read at " + size;
    }
}
