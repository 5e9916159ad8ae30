package dev.aec.cli;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.Samples;
import dev.aec.runtime.data.source.Sources;
import dev.aec.runtime.run.RunData;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.train.Examples;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The data a command uses with a saved run: one of the run's own shares (`--split`), read and
 * scaled as when it trained, or any other source the run's samples fit (a folder of images, a CSV,
 * NPY or IDX file), read like the run's training data.
 */
final class RunExamples {
    private RunExamples() {
    }

    /**
     * Examples, how to name them in messages (`10,000 mnist.test samples`), and what each is called
     * (its file, or `line 12` of a table), for the commands that write one row per sample.
     */
    record Chosen(Examples examples, String description, java.util.function.IntFunction<String> names) {
    }

    /** The run's `--split` share. */
    static Chosen examples(RunDataOptions options, SavedRun saved, TrainingProgress progress) throws DataException, RunException {
        options.split();
        String split = options.split;
        Optional<RunData.Facts> facts = saved.facts();
        RunData.Loaded loaded;
        try {
            loaded = RunData.load(saved.spec(), saved.model().graph().input(), Optional.empty(),
                    options.location.access(progress), facts, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(saved.spec().data().toString(), "interrupted while reading");
        }
        Optional<Examples> chosen = switch (split) {
            case "train" -> Optional.of(loaded.train());
            case "validation" -> loaded.validation();
            default -> loaded.test();
        };
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(saved.dir().path() + " has no " + split + " data (its train block sets no `"
                    + split + ":`); use --split train, or name a file or folder to read");
        }
        return new Chosen(chosen.get(), String.format(java.util.Locale.ROOT, "%,d %s samples (%s)",
                chosen.get().count(), split, chosen.get().name()), i -> "sample " + i);
    }

    /** Any source at `path`, read as the run's training data was. */
    static Chosen examples(RunDataOptions options, SavedRun saved, Path path, TrainingProgress progress) throws DataException, RunException {
        Opened opened = open(saved, path);
        try (Samples samples = opened.samples()) {
            Examples examples = RunData.other(opened.source(), samples, saved.model().graph().input(),
                    saved.facts().orElseGet(() -> RunData.Facts.unscaled(saved.spec().data().toString())),
                    options.location.access(progress), () -> false);
            String[] names = new String[samples.count()];
            java.util.Arrays.setAll(names, samples::name);
            return new Chosen(examples, String.format(java.util.Locale.ROOT, "%,d samples of %s", examples.count(), path),
                    i -> names[i]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(path.toString(), "interrupted while reading");
        }
    }

    /** A source at `path` opened as the run's training data was read. */
    private static Opened open(SavedRun saved, Path path) throws DataException {
        Optional<FileSource> trainedOn = saved.spec().data() instanceof FileSource f ? Optional.of(f) : Optional.empty();
        Shape sample = saved.spec().data() instanceof DataRef ref
                ? Datasets.find(ref.dataset()).map(Datasets.Info::sampleShape).orElse(saved.model().graph().input())
                : saved.model().graph().input();
        FileSource source = Sources.infer(path, trainedOn, sample);
        return new Opened(source, Sources.open(source));
    }

    /** A source and its open samples; the caller closes them. */
    private record Opened(FileSource source, Samples samples) {
    }
}
