package dev.aec.bench;

import java.util.SplittableRandom;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaDelta;

/**
 * The tutorial's two autoencoders written by hand in SameDiff the way the ND4J examples write
 * models, trained with `sd.fit` and ND4J's own Adadelta: the baseline a compiled model must match.
 */
final class HandWritten {
    private HandWritten() {
    }

    /** Whether there is a hand-written graph of `models/<model>.aemodel`: the tutorial's two. */
    static boolean covers(String model) {
        return model.equals("dense_autoencoder") || model.equals("conv_autoencoder");
    }

    static SameDiff conv(long seed) {
        SameDiff sd = SameDiff.create();
        SplittableRandom r = new SplittableRandom(seed);
        SDVariable x = sd.placeHolder("input", DataType.FLOAT, -1, 28, 28, 1);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 28, 28, 1);
        x = sd.nn().relu(conv(sd, r, "e1", x, 1, 16, PaddingMode.SAME), 0);
        x = pool(sd, x);
        x = sd.nn().relu(conv(sd, r, "e2", x, 16, 8, PaddingMode.SAME), 0);
        x = pool(sd, x);
        x = sd.nn().relu(conv(sd, r, "e3", x, 8, 8, PaddingMode.SAME), 0);
        x = pool(sd, x);
        x = sd.nn().relu(conv(sd, r, "d1", x, 8, 8, PaddingMode.SAME), 0);
        x = up(sd, x);
        x = sd.nn().relu(conv(sd, r, "d2", x, 8, 8, PaddingMode.SAME), 0);
        x = up(sd, x);
        x = sd.nn().relu(conv(sd, r, "d3", x, 8, 16, PaddingMode.VALID), 0);
        x = up(sd, x);
        SDVariable logits = conv(sd, r, "d4", x, 16, 1, PaddingMode.SAME);
        return finish(sd, label, logits);
    }

    static SameDiff dense(long seed) {
        SameDiff sd = SameDiff.create();
        SplittableRandom r = new SplittableRandom(seed);
        SDVariable x = sd.placeHolder("input", DataType.FLOAT, -1, 784);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 784);
        int[] sizes = {784, 128, 64, 64, 64, 128, 784};
        for (int i = 0; i + 1 < sizes.length; i++) {
            SDVariable w = sd.var("w" + i, glorot(r, sizes[i], sizes[i + 1], sizes[i], sizes[i + 1]));
            SDVariable b = sd.var("b" + i, Nd4j.zeros(DataType.FLOAT, sizes[i + 1]));
            x = x.mmul(w).add(b);
            if (i + 2 < sizes.length) {
                x = sd.nn().relu(x, 0);
            }
        }
        return finish(sd, label, x);
    }

    private static SameDiff finish(SameDiff sd, SDVariable label, SDVariable logits) {
        sd.nn().sigmoid("output", logits);
        sd.loss().sigmoidCrossEntropy("loss", label, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new AdaDelta(0.95, 1e-7))
                .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());
        return sd;
    }

    private static SDVariable conv(SameDiff sd, SplittableRandom r, String name, SDVariable x, int in, int out,
                                   PaddingMode padding) {
        SDVariable w = sd.var(name + "_w", glorot(r, 9L * in, 9L * out, 3, 3, in, out));
        SDVariable b = sd.var(name + "_b", Nd4j.zeros(DataType.FLOAT, out));
        return sd.cnn().conv2d(x, w, b, Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(padding).dataFormat("NHWC").weightsFormat(WeightsFormat.YXIO).build());
    }

    private static SDVariable pool(SameDiff sd, SDVariable x) {
        return sd.cnn().maxPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).isNHWC(true).build());
    }

    /** NHWC upsampling has a wrong gradient in M2.1; the NCHW form is exact. */
    private static SDVariable up(SameDiff sd, SDVariable x) {
        return sd.permute(sd.cnn().upsampling2d(sd.permute(x, 0, 3, 1, 2), 2, 2, true), 0, 2, 3, 1);
    }

    private static INDArray glorot(SplittableRandom r, long fanIn, long fanOut, long... shape) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
        }
        return Nd4j.create(v, shape, 'c');
    }
}
