package dev.aec.runtime.run;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.picture.ImageGrid;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.InputNoise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pictures a run draws: reconstructions for an autoencoder, predictions for a classifier;
 * each returns false, drawing nothing, when the samples are not pictures (see {@link ImageGrid#forSample}).
 */
public final class RunPictures {

    private RunPictures() {
    }

    /**
     * The first `n` examples above the model's outputs for them. With noise, three rows: the noisy
     * inputs (as {@link InputNoise#forEvaluation} draws them), the outputs, the clean originals.
     */
    public static boolean reconstructions(CompiledModel model, Examples examples, int n, InputNoise noise, Path target)
            throws RunException {
        java.util.Optional<ImageGrid> grid = ImageGrid.forSample(examples.sampleShape().dims());
        if (grid.isEmpty()) {
            return false;
        }
        int count = Math.min(n, examples.count());
        INDArray clean = examples.range(0, count);
        INDArray input = noise.forEvaluation(clean, 0);
        INDArray output = Evaluator.reconstruct(model, input);
        List<INDArray> shown = noise.isNone() ? List.of(clean, output) : List.of(input, output, clean);
        float[][][] rows = new float[shown.size()][count][];
        for (int r = 0; r < shown.size(); r++) {
            for (int i = 0; i < count; i++) {
                rows[r][i] = shown.get(r).slice(i).dup().data().asFloat();
            }
        }
        RunDirectory.writeAtomically(target, out -> grid.get().writePng(rows, out));
        return true;
    }

    /**
     * Row `k` shows the first `perClass` examples the classifier assigns to class `k`, so a digit
     * in the wrong row is a mistake anyone can spot without labels drawn as text.
     */
    public static boolean predictions(CompiledModel model, Examples examples, int perClass, Path target)
            throws RunException {
        java.util.Optional<ImageGrid> grid = ImageGrid.forSample(examples.sampleShape().dims());
        if (grid.isEmpty()) {
            return false;
        }
        int count = Math.min(examples.count(), 2000);
        INDArray images = examples.range(0, count);
        INDArray predicted = Evaluator.reconstruct(model, images).argMax(1);
        int classes = (int) model.graph().output().elements();
        List<List<float[]>> byClass = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            List<float[]> row = byClass.get(predicted.getInt(i));
            if (row.size() < perClass) {
                row.add(images.slice(i).dup().data().asFloat());
            }
        }
        float[][][] rows = new float[classes][][];
        for (int k = 0; k < classes; k++) {
            rows[k] = byClass.get(k).toArray(new float[0][]);
        }
        RunDirectory.writeAtomically(target, out -> grid.get().writePng(rows, out));
        return true;
    }
}
