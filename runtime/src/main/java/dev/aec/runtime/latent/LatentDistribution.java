package dev.aec.runtime.latent;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A distribution to draw latents from, for decoding into new samples. */
public sealed interface LatentDistribution {
    int size();

    /** One line for people: what is sampled. */
    String describe();

    /** A few words for a picture's title: `the prior N(0, I)`. */
    String title();

    double mean(int dim);

    double std(int dim);

    /**
     * `n` latents `[n, size()]`, from java.util.Random's Gaussian stream so that one seed gives the
     * same latents on every machine.
     */
    default INDArray sample(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * size()];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < size(); d++) {
                values[i * size() + d] = (float) (mean(d) + std(d) * random.nextGaussian());
            }
        }
        return Nd4j.create(values, new long[] {n, size()}, 'c');
    }

    /** A VAE's prior N(0, I). */
    record StandardNormal(int size) implements LatentDistribution {
        @Override
        public String describe() {
            return "the prior N(0, I) of the " + size + "-dimensional latent";
        }

        @Override
        public String title() {
            return "the prior N(0, I)";
        }

        @Override
        public double mean(int dim) {
            return 0;
        }

        @Override
        public double std(int dim) {
            return 1;
        }
    }

    /**
     * A normal with each dimension's own mean and standard deviation, fitted to encoded training
     * images. Diagonal, not full covariance: it is what one would naively try, and it is enough to
     * show that a plain autoencoder's latent is not filled where it samples.
     */
    record FittedNormal(double[] means, double[] stds, int fittedOn) implements LatentDistribution {
        public FittedNormal {
            means = means.clone();
            stds = stds.clone();
        }

        /** Fits to latents `[n, size]`. */
        public static FittedNormal fit(INDArray latents) {
            int n = (int) latents.size(0);
            int size = (int) latents.size(1);
            double[] z = latents.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
            double[] means = new double[size];
            double[] stds = new double[size];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < size; d++) {
                    means[d] += z[i * size + d];
                }
            }
            for (int d = 0; d < size; d++) {
                means[d] /= n;
            }
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < size; d++) {
                    double e = z[i * size + d] - means[d];
                    stds[d] += e * e;
                }
            }
            for (int d = 0; d < size; d++) {
                stds[d] = Math.sqrt(stds[d] / n);
            }
            return new FittedNormal(means, stds, n);
        }

        @Override
        public int size() {
            return means.length;
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "a normal with per-dimension mean and standard deviation "
                    + "(diagonal covariance) fitted to the latents of %,d training images", fittedOn);
        }

        @Override
        public String title() {
            return "a fitted normal";
        }

        @Override
        public double mean(int dim) {
            return means[dim];
        }

        @Override
        public double std(int dim) {
            return stds[dim];
        }
    }
}
