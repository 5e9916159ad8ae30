package dev.aec.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.train.Examples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the data path `aec train` and `aec eval` take, from the directory to the
 * arrays ND4J trains on: thousands of damaged datasets through `--data DIR --no-verify`
 * (resolver, IDX reader, dataset, examples for an autoencoder and a classifier), through the
 * verified `--data DIR`, and through the cache. Each must load or be a {@link DataException};
 * any other exception is a bug, reported with the seed and damage that caused it.
 */
class DataFuzzTest {

    /** Inputs fuzzed; every kind of damage gets the same share. */
    static final int INPUTS = 3_200;
    private static final long SEED = 20261202L;

    private static final DatasetSpec.Format MNIST_LIKE = new DatasetSpec.Format(28, 28, 10);

    @TempDir
    Path dir;

    private static DatasetSpec spec(Map<DatasetFile, byte[]> originals) {
        return new DatasetSpec("mnist_like", IdxMutator.sha256(originals), List.of(), List.of(), "", Optional.of(MNIST_LIKE));
    }

    @Test
    void damagedDataFilesLoadOrAreADataErrorNeverAnotherException() {
        Nd4jEnvironment.init();
        Map<DatasetFile, byte[]> originals = IdxMutator.smallMnistLike();
        DatasetSpec spec = spec(originals);
        IdxMutator mutator = new IdxMutator(originals);
        Map<IdxMutator.Kind, int[]> outcomes = new EnumMap<>(IdxMutator.Kind.class);
        List<String> bugs = new ArrayList<>();
        IdxMutator.Kind[] kinds = IdxMutator.Kind.values();

        for (int i = 0; i < INPUTS; i++) {
            IdxMutator.Kind kind = kinds[i % kinds.length];
            Random random = new Random(SEED + i);
            Path data = dir.resolve("input");
            IdxMutator.Mutant mutant = mutator.write(data, kind, random);
            DatasetResolver resolver = new DatasetResolver(Map.of(), dir.resolve("cache"), DownloadSettings.standard());
            int[] counts = outcomes.computeIfAbsent(kind, k -> new int[2]);
            try {
                try {
                    DatasetLocation location = resolver.unverified(spec, data);
                    for (Split split : Split.values()) {
                        Dataset set = Dataset.read(location, split);
                        Examples.forLoss(set, Shape.of(28, 28, 1), Loss.BINARY_CROSSENTROPY, 10);
                        Examples.forLoss(set, Shape.of(784), Loss.CATEGORICAL_CROSSENTROPY, 10);
                    }
                    counts[0]++;
                } catch (DataException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    counts[1]++;
                }
                try {
                    DatasetLocation verified = resolver.resolve(spec, Optional.of(data), DownloadListener.NONE);
                    Dataset.read(verified, Split.TEST);
                } catch (DataException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
                if (i % 8 == 0) {
                    // The cache is ours: damaged files there are deleted, and with no source to
                    // fetch them from again, that is an error naming the cache.
                    Path cache = resolver.cacheDirectory(spec);
                    move(data, cache);
                    try {
                        Dataset.read(resolver.resolve(spec, Optional.empty(), DownloadListener.NONE), Split.TRAIN);
                    } catch (DataException e) {
                        assertThat(e.getMessage()).isNotBlank();
                    }
                    deleteTree(cache);
                }
            } catch (RuntimeException | Error e) {
                bugs.add("input " + i + " (seed " + (SEED + i) + ", " + mutant.description() + "): " + e);
            }
            deleteTree(data);
        }

        System.out.println("data fuzz: " + INPUTS + " inputs; loaded / data errors by kind: " + describe(outcomes));
        assertThat(bugs).as("inputs that raised something other than a DataException").isEmpty();
        assertThat(outcomes).hasSize(kinds.length);
        outcomes.forEach((kind, counts) -> {
            if (kind != IdxMutator.Kind.GZIP_TRAILING_GARBAGE) {
                assertThat(counts[1]).as(kind + " gave no data error at all").isPositive();
            }
        });
        // Bytes after a complete gzip stream are ignored, as `gzip -d` ignores them (with a
        // warning): the content is intact, and verified data still has its checksum.
        assertThat(outcomes.get(IdxMutator.Kind.GZIP_TRAILING_GARBAGE)[1]).isZero();
        // Flipped pixels still make a valid dataset: loading is tested too.
        assertThat(outcomes.get(IdxMutator.Kind.BIT_FLIPS)[0]).isPositive();
    }

    private static String describe(Map<IdxMutator.Kind, int[]> outcomes) {
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((kind, counts) -> sb.append(kind).append(' ').append(counts[0]).append('/').append(counts[1]).append("; "));
        return sb.toString();
    }

    private static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
