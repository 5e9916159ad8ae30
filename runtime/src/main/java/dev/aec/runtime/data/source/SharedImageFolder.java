package dev.aec.runtime.data.source;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * An image folder on {@link SharedFiles}, read by the rules of {@link ImageFolder}: the same
 * images in the same order with the same labels, the same decoding and resizing, the same
 * fingerprint for the same files. Opening it lists the folder and reads no image: on a cluster the
 * executors decode the images ({@link Decoding}), each its own share, and this machine reads only
 * those it asks {@link #read} for. An image that cannot be decoded fails when read, or with
 * `skip_bad` is left out by whoever decodes it, as `skip_bad` does with images whose pixels are damaged.
 */
public final class SharedImageFolder implements Samples {
    private final SharedFiles files;
    private final String[] relative;
    private final int[] labels;
    private final List<String> classes;
    private final Decoding decoding;
    private final String fingerprint;
    private final long bytes;

    private SharedImageFolder(SharedFiles files, String[] relative, int[] labels, List<String> classes,
                              Decoding decoding, String fingerprint, long bytes) {
        this.files = files;
        this.relative = relative;
        this.labels = labels;
        this.classes = List.copyOf(classes);
        this.decoding = decoding;
        this.fingerprint = fingerprint;
        this.bytes = bytes;
    }

    /**
     * Lists the folder.
     *
     * @param size every sample's height x width x channels (a shared folder is not probed for it)
     * @throws DataException when the folder cannot be listed or holds no images, or `size` is not
     *     HxWxC with C of 1, 3 or 4
     */
    public static SharedImageFolder open(SharedFiles files, Shape size, boolean resize, boolean skipBad)
            throws DataException {
        Shape shape = ImageFolder.checked(files.root(), size);
        List<List<String>> found = new ArrayList<>();
        List<SharedFiles.Listed> listed = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (SharedFiles.Listed file : files.list()) {
            List<String> parts = List.of(file.relative().split("/"));
            if (ImageListing.hidden(parts)) {
                continue;
            }
            if (ImageListing.isImage(parts.get(parts.size() - 1))) {
                found.add(parts);
                listed.add(file);
            } else {
                others.add(file.relative());
            }
        }
        if (found.isEmpty()) {
            throw ImageFolder.noImages(files.root(), others.stream().sorted().toList());
        }
        ImageListing.Arranged arranged = ImageListing.arrange(found);
        String[] relative = new String[found.size()];
        Fingerprint fingerprint = new Fingerprint("images").add("size", shape).add("resize", resize)
                .add("skipBad", skipBad);
        long bytes = 0;
        for (int k = 0; k < relative.length; k++) {
            SharedFiles.Listed file = listed.get(arranged.order()[k]);
            relative[k] = file.relative();
            bytes += file.size();
            fingerprint.file(file.relative(), file.size(), file.modifiedMillis());
        }
        return new SharedImageFolder(files, relative, arranged.labels(), arranged.classes(),
                new Decoding(files.root(), shape, resize, skipBad), fingerprint.hex(), bytes);
    }

    /**
     * How an image's bytes become a sample: small enough to ship to the executors that decode them
     * (so the size is three numbers, not the compiler's shape).
     *
     * @param root the folder as the user named it, for messages
     */
    public record Decoding(String root, int height, int width, int channels, boolean resize, boolean skipBad)
            implements Serializable {
        Decoding(String root, Shape size, boolean resize, boolean skipBad) {
            this(root, size.height(), size.width(), size.channels(), resize, skipBad);
        }

        /** Every sample's height x width x channels. */
        public Shape size() {
            return Shape.of(height, width, channels);
        }

        /**
         * The sample of the image at `relative` whose file holds `bytes`.
         *
         * @throws DataException when it cannot be decoded, or has another size and `resize` is off
         */
        public float[] sample(String relative, byte[] bytes) throws DataException {
            String subject = root.endsWith("/") ? root + relative : root + "/" + relative;
            ImageDecoder.Decoded decoded;
            try {
                decoded = ImageDecoder.decode(subject, bytes, channels);
            } catch (DataException e) {
                throw ImageFolder.withFix(e, skipBad);
            }
            return ImageFolder.fitted(subject, decoded, size(), resize);
        }
    }

    public Decoding decoding() {
        return decoding;
    }

    /** The size of the image files together, to share them out by. */
    public long bytes() {
        return bytes;
    }

    /** The path below the folder of every image, in sample order. */
    public List<String> relativePaths() {
        return Arrays.asList(relative.clone());
    }

    @Override
    public int count() {
        return relative.length;
    }

    @Override
    public Shape sampleShape() {
        return decoding.size();
    }

    /** Reads the image's file from the shared file system and decodes it here. */
    @Override
    public void read(int index, float[] into, int offset) throws DataException {
        float[] values = decoding.sample(relative[index], files.read(relative[index]));
        System.arraycopy(values, 0, into, offset, values.length);
    }

    @Override
    public String name(int index) {
        return relative[index];
    }

    @Override
    public OptionalInt label(int index) {
        return labels[index] < 0 ? OptionalInt.empty() : OptionalInt.of(labels[index]);
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public boolean skipsUnreadable() {
        return decoding.skipBad();
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
        return "images in " + files.root();
    }
}
