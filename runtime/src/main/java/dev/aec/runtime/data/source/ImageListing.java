package dev.aec.runtime.data.source;

import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The image files under a folder, found by extension (`.png`, `.jpg`, `.jpeg`, `.bmp`, `.gif`,
 * any case), in a stable order: relative paths compared name by name as Java strings, the same on
 * every machine and locale. Symbolic links are followed, a link back to a folder being walked is
 * not; names starting with a dot are left out (macOS's `._photo.jpg` is metadata, not an image).
 *
 * @param images the images, sorted, each labelled with its first-level folder when {@link #labelled()}
 * @param others the relative paths of the other files found, sorted, for a message when there are no images
 * @param classes the first-level folders holding an image, sorted, when every image lies in one; else empty
 */
record ImageListing(List<ImageFile> images, List<String> others, List<String> classes) {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /**
     * One image file.
     *
     * @param relative its path below the folder, with `/` between names
     * @param label the index of its first-level folder in {@link #classes()}, or -1 when unlabelled
     */
    record ImageFile(Path path, String relative, long size, long modifiedMillis, int label) {
    }

    ImageListing {
        images = List.copyOf(images);
        others = List.copyOf(others);
        classes = List.copyOf(classes);
    }

    boolean labelled() {
        return !classes.isEmpty();
    }

    /** Walks `root`; fails when it is missing, not a folder, or a folder inside cannot be listed. */
    static ImageListing of(Path root) throws DataException {
        String subject = root.toString();
        if (!Files.exists(root)) {
            throw new DataException(subject, "no such folder");
        }
        if (!Files.isDirectory(root)) {
            throw DataException.withHelp(subject, "not a folder: `images(...)` reads every image in a folder",
                    "name the folder that holds the images");
        }
        List<List<String>> found = new ArrayList<>();
        List<BasicFileAttributes> attributes = new ArrayList<>();
        List<String> others = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            // A broken link arrives with the link's own attributes: it is no file to read.
                            if (hidden(file) || !attrs.isRegularFile()) {
                                return FileVisitResult.CONTINUE;
                            }
                            List<String> parts = new ArrayList<>();
                            root.relativize(file).forEach(p -> parts.add(p.toString()));
                            if (isImage(file.getFileName().toString())) {
                                found.add(parts);
                                attributes.add(attrs);
                            } else {
                                others.add(String.join("/", parts));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            // A link to a folder being walked would be walked forever; once is enough.
                            if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw Content.failure(e instanceof java.nio.file.FileSystemException f && f.getFile() != null
                    ? f.getFile() : subject, false, e);
        }
        return sorted(root, found, attributes, others);
    }

    private static ImageListing sorted(Path root, List<List<String>> found, List<BasicFileAttributes> attributes,
                                       List<String> others) {
        Arranged arranged = arrange(found);
        List<ImageFile> images = new ArrayList<>();
        for (int k = 0; k < arranged.order().length; k++) {
            int i = arranged.order()[k];
            List<String> parts = found.get(i);
            Path path = root;
            for (String part : parts) {
                path = path.resolve(part);
            }
            BasicFileAttributes a = attributes.get(i);
            images.add(new ImageFile(path, String.join("/", parts), a.size(), a.lastModifiedTime().toMillis(),
                    arranged.labels()[k]));
        }
        others.sort(Comparator.naturalOrder());
        return new ImageListing(images, others, arranged.classes());
    }

    /**
     * The listing's order and labels for image files found as lists of names below the folder:
     * `order[k]` is the index in `found` of the k-th image, `labels[k]` its class or -1.
     */
    record Arranged(int[] order, int[] labels, List<String> classes) {
    }

    /** Sorts `found` (names compared one by one as Java strings) and labels it by first-level folder. */
    static Arranged arrange(List<List<String>> found) {
        Comparator<List<String>> byNames = (a, b) -> {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int c = a.get(i).compareTo(b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
        Integer[] order = new Integer[found.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> byNames.compare(found.get(i), found.get(j)));
        boolean labelled = !found.isEmpty() && found.stream().allMatch(parts -> parts.size() >= 2);
        List<String> classes = labelled ? List.copyOf(new TreeSet<>(found.stream().map(p -> p.get(0)).toList())) : List.of();
        java.util.Map<String, Integer> labelOf = new java.util.HashMap<>();
        for (String name : classes) {
            labelOf.put(name, labelOf.size());
        }
        int[] sorted = new int[order.length];
        int[] labels = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            sorted[k] = order[k];
            labels[k] = labelled ? labelOf.get(found.get(order[k]).get(0)) : -1;
        }
        return new Arranged(sorted, labels, classes);
    }

    /** Whether a file below the folder, by its names, is left out of a listing: it or a folder above it is hidden. */
    static boolean hidden(List<String> parts) {
        return parts.stream().anyMatch(part -> part.startsWith("."));
    }

    /** Whether a file's name says it is an image aec reads. */
    static boolean isImage(String name) {
        int dot = name.lastIndexOf('.');
        return EXTENSIONS.contains(dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
