package dev.aec.runtime.picture;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/** Images written as files of their own, as a user's image folder holds them. */
public final class ImageFiles {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ImageFiles() {
    }

    /**
     * Writes the first `count` grey images of `pixels` (values in [0, 1], `height x width` each,
     * row-major) as 8-bit PNG files under `root`, image `i` at the relative path `name(i)`. A
     * failure deletes nothing already written; the caller writes into a folder it can discard.
     */
    public static void writeGreyFolder(Path root, float[] pixels, int height, int width, int count,
                                       IntFunction<String> name) throws IOException {
        int size = height * width;
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < size; p++) {
                float v = Math.max(0f, Math.min(1f, pixels[i * size + p]));
                image.getRaster().setSample(p % width, p / width, 0, Math.round(v * 255));
            }
            Path file = root.resolve(name.apply(i));
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        }
    }

    /** Deletes a folder written here and everything in it, quietly: it is being given up on. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // What is left is named `.partial` and harmless.
        }
    }
}
