package dev.aec.bench;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.source.ImageFolder;
import dev.aec.runtime.data.source.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Where decoding one image goes, on one thread: `javax.imageio` decoding the file alone, against
 * aec's read of the same file into floats (decoding, then converting the raster); the difference
 * is the conversion. Usage: `java ... DecodeProfile FOLDER HxWxC [IMAGES [ROUNDS]]`.
 */
public final class DecodeProfile {
    private DecodeProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Shape size = Shape.of(Stream.of(args[1].split("x")).mapToInt(Integer::parseInt).toArray());
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        try (Samples samples = ImageFolder.open(folder, Optional.of(size), false, false)) {
            int n = Math.min(limit, samples.count());
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                files.add(folder.resolve(samples.name(i)));
            }
            float[] into = new float[samples.width()];
            System.out.printf(Locale.ROOT, "%d images of %s from %s, one thread%n", n, size, folder);
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (Path f : files) {
                    ImageIO.read(f.toFile());
                }
                double decode = (System.nanoTime() - start) / 1e3 / n;
                start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    samples.read(i, into, 0);
                }
                double read = (System.nanoTime() - start) / 1e3 / n;
                System.out.printf(Locale.ROOT, "  round %d: ImageIO.read %6.0f us/image, aec's read %6.0f us/image "
                        + "(conversion %5.0f us, %2.0f%%)%n", r + 1, decode, read, read - decode,
                        100 * (read - decode) / read);
            }
        }
    }
}
