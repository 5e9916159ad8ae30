package dev.aec.runtime.run;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.train.Evaluator;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier trained by `aec train` (loss `categorical_crossentropy`), loaded from its run
 * directory to classify images, for instance to judge what a generative model draws.
 */
public final class TrainedClassifier {
    private final SavedRun run;

    private TrainedClassifier(SavedRun run) {
        this.run = run;
    }

    /** The classifier of run directory `path`; fails when the run trained another kind of model. */
    public static TrainedClassifier load(Path path) throws RunException {
        SavedRun run = SavedRun.load(path);
        if (!run.spec().loss().classifies()) {
            throw new RunException(RunException.Kind.NOT_A_RUN, path + " trained `" + run.spec().model() + "` with `"
                    + run.spec().loss().keyword() + "`, not a classifier (`categorical_crossentropy`)");
        }
        return new TrainedClassifier(run);
    }

    public int classes() {
        return (int) run.model().graph().output().elements();
    }

    /**
     * Class probabilities, `[n, classes]` float, each row summing to 1, for `images`: `n` images of
     * the model's input size in any layout with the images first (`[n, 28, 28, 1]`, `[n, 28, 28]`,
     * `[n, 784]` for MNIST), pixels in [0, 1] as the classifier was trained on.
     */
    public INDArray probabilities(INDArray images) {
        CompiledModel model = run.model();
        long n = images.size(0);
        long perImage = model.graph().input().elements();
        if (images.length() != n * perImage) {
            throw new IllegalArgumentException("expected " + n + " images of " + model.graph().input() + ", got shape "
                    + Arrays.toString(images.shape()));
        }
        long[] shape = new long[model.graph().input().rank() + 1];
        shape[0] = n;
        for (int i = 1; i < shape.length; i++) {
            shape[i] = model.graph().input().dim(i - 1);
        }
        return Evaluator.reconstruct(model, images.castTo(DataType.FLOAT).dup('c').reshape('c', shape));
    }

    /** The run the classifier comes from: its record (accuracy, settings) and model. */
    public SavedRun run() {
        return run;
    }
}
