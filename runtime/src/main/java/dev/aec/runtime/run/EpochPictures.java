package dev.aec.runtime.run;

import dev.aec.compiler.data.DataSource;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.InputNoise;
import dev.aec.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small picture a run keeps after each epoch, `epochs/epoch-003.png`, so that `aec board` can
 * show how the reconstructions (a classifier's predictions) changed while it trained. A handful of
 * images, drawn once per epoch: a forward pass over {@value #IMAGES} samples for an autoencoder,
 * over {@value #CLASSIFIER_SAMPLES} for a classifier, next to an epoch of training.
 */
public final class EpochPictures {
    /** Images in an autoencoder's epoch picture (each row). */
    public static final int IMAGES = 8;
    /** Samples a classifier's epoch picture sorts into rows by predicted class. */
    static final int CLASSIFIER_SAMPLES = 200;
    /** Images in each row of a classifier's epoch picture. */
    static final int PER_CLASS = 4;
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{3,7})\\.png");

    private EpochPictures() {
    }

    /** `epochs/epoch-003.png`: the picture after epoch `epoch` (counted from 1), relative to the run. */
    public static String file(int epoch) {
        return RunDirectory.EPOCHS + "/" + String.format(Locale.ROOT, "epoch-%03d.png", epoch);
    }

    /** The epoch a file in `epochs/` shows, when its name is one {@link #file} gives. */
    public static OptionalInt epochOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /**
     * Draws the picture of the epoch that just ended, when `position` is an epoch's end; does
     * nothing at a checkpoint within an epoch. Called before the checkpoint that records the epoch,
     * so a reader who sees the epoch in run.json finds its picture already there.
     */
    public static void afterEpoch(TrainingRun.Request request, CompiledModel model, Trainer.Position position)
            throws RunException {
        if (position.batch() != 0 || position.epoch() == 0) {
            return;
        }
        // Held-out samples, else training ones: never the test split, which only the end of the run looks at.
        Examples shown = request.data().validation().orElse(request.data().train());
        Path target = request.dir().path().resolve(file(position.epoch()));
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new RunException(RunException.Kind.IO, "cannot create " + target.getParent() + ": "
                    + RunDirectory.reason(e), e);
        }
        if (request.spec().loss().classifies()) {
            RunPictures.predictions(model, first(shown, CLASSIFIER_SAMPLES), PER_CLASS, target);
        } else {
            RunPictures.reconstructions(model, spread(request, shown), IMAGES,
                    InputNoise.of(request.spec().noise()), target);
        }
    }

    /** The first `n` examples, or all of them when there are fewer. */
    private static Examples first(Examples examples, int n) {
        if (examples.count() <= n) {
            return examples;
        }
        int[] picked = new int[n];
        for (int i = 0; i < n; i++) {
            picked[i] = i;
        }
        return examples.subset(picked);
    }

    /**
     * As the run's final picture: the user's own files spread over the whole set, since a folder
     * sorted by class begins with one class.
     */
    private static Examples spread(TrainingRun.Request request, Examples shown) {
        if (!(request.spec().data() instanceof DataSource.FileSource) || shown.count() <= IMAGES) {
            return shown;
        }
        int[] picked = new int[IMAGES];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = (int) ((long) i * shown.count() / picked.length);
        }
        return shown.subset(picked);
    }
}
