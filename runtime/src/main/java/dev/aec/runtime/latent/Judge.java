package dev.aec.runtime.latent;

import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.train.Evaluator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained classifier used as a rough measure of generated images: the share it assigns to one
 * digit with probability above a threshold. Blurry blends of digits get no confident class.
 */
public final class Judge {
    private final CompiledModel classifier;

    /** How many images the classifier was sure about, and which class each sure one got. */
    public record Verdict(int confident, int total, double threshold, int[] confidentPerClass) {
        public Verdict {
            confidentPerClass = confidentPerClass.clone();
        }

        public double share() {
            return total == 0 ? 0 : (double) confident / total;
        }
    }

    private Judge(CompiledModel classifier) {
        this.classifier = classifier;
    }

    /** A judge from a classifier taking `imageShape`-sized images; why not, when it cannot be one. */
    public static Judge of(CompiledModel classifier, Shape imageShape) throws LatentException {
        Graph graph = classifier.graph();
        boolean softmax = graph.outputNode() != IrNode.GRAPH_INPUT && graph.nodes().get(graph.outputNode()).layer()
                .appliedActivation().map(a -> a.kind() == ActivationKind.SOFTMAX).orElse(false);
        if (graph.output().rank() != 1 || !softmax) {
            throw new LatentException("the judge's model `" + graph.model() + "` gives " + graph.output()
                    + " values without a softmax, not class probabilities; train a classifier that ends in "
                    + "`softmax` (such as models/mnist_classifier.aemodel) and give its run to --judge");
        }
        if (classifier.graph().input().elements() != imageShape.elements()) {
            throw new LatentException("the judge's model `" + classifier.graph().model() + "` takes "
                    + classifier.graph().input() + ", but the samples are " + imageShape);
        }
        return new Judge(classifier);
    }

    /** Judges images `[n, ...]` in any shape with as many elements as the classifier's input. */
    public Verdict judge(INDArray images, double threshold) {
        Shape in = classifier.graph().input();
        long[] shape = new long[in.rank() + 1];
        shape[0] = images.size(0);
        for (int i = 0; i < in.rank(); i++) {
            shape[i + 1] = in.dim(i);
        }
        INDArray x = images.dup('c').reshape('c', shape);
        INDArray p = Evaluator.reconstruct(classifier, x);
        int classes = (int) p.size(1);
        int[] perClass = new int[classes];
        int confident = 0;
        for (int i = 0; i < p.size(0); i++) {
            INDArray row = p.getRow(i);
            int best = row.argMax().getInt(0);
            if (row.getDouble(best) > threshold) {
                confident++;
                perClass[best]++;
            }
        }
        return new Verdict(confident, (int) p.size(0), threshold, perClass);
    }
}
