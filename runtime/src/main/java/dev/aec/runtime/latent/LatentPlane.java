package dev.aec.runtime.latent;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plane through the latent space to draw: an origin and two orthonormal directions, and where on
 * the plane the decoded grid goes (a centre and a spread per direction; the grid spans two spreads
 * either side). For a 2-D latent the plane is the latent itself; for larger ones it is spanned by
 * the first two principal components of the latents.
 */
public record LatentPlane(double[] origin, double[] u, double[] v, String nameU, String nameV, double centreU,
                          double centreV, double spreadU, double spreadV) {
    /** How many spreads the decoded grid reaches either side of its centre. */
    public static final double GRID_REACH = 2;

    public LatentPlane {
        origin = origin.clone();
        u = u.clone();
        v = v.clone();
    }

    /** A VAE's 2-D latent: its own axes, the grid over [-2, 2] of the prior N(0, I). */
    public static LatentPlane priorAxes() {
        return new LatentPlane(new double[2], new double[] {1, 0}, new double[] {0, 1}, "z[0]", "z[1]", 0, 0, 1, 1);
    }

    /** A 2-D latent's own axes, the grid over two standard deviations around the mean of `latents`. */
    public static LatentPlane axesOf(INDArray latents) {
        double[][] z = rows(latents);
        double[] mean = mean(z);
        return new LatentPlane(new double[2], new double[] {1, 0}, new double[] {0, 1}, "z[0]", "z[1]", mean[0],
                mean[1], Math.sqrt(variance(z, mean, new double[] {1, 0})),
                Math.sqrt(variance(z, mean, new double[] {0, 1})));
    }

    /**
     * The plane of the first two principal components of `latents` `[n, d]`, through their mean;
     * the grid over two standard deviations along each component.
     */
    public static LatentPlane principal(INDArray latents) {
        double[][] z = rows(latents);
        int d = z[0].length;
        double[] mean = mean(z);
        double[][] cov = new double[d][d];
        for (double[] row : z) {
            for (int i = 0; i < d; i++) {
                double ei = row[i] - mean[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += ei * (row[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= z.length;
                cov[j][i] = cov[i][j];
            }
        }
        double[] first = dominant(cov, null);
        double[] second = dominant(cov, first);
        double var1 = quadratic(cov, first);
        double var2 = quadratic(cov, second);
        double total = trace(cov);
        return new LatentPlane(mean, first, second,
                String.format(Locale.ROOT, "PC1 (%.0f%% of the variance)", 100 * var1 / total),
                String.format(Locale.ROOT, "PC2 (%.0f%%)", 100 * var2 / total), 0, 0, Math.sqrt(var1),
                Math.sqrt(var2));
    }

    /** `k` evenly spaced grid coordinates along u, low to high. */
    public double[] gridU(int k) {
        return linspace(centreU - GRID_REACH * spreadU, centreU + GRID_REACH * spreadU, k);
    }

    /** `k` evenly spaced grid coordinates along v, high to low (the top row of a picture first). */
    public double[] gridV(int k) {
        return linspace(centreV + GRID_REACH * spreadV, centreV - GRID_REACH * spreadV, k);
    }

    private static double[] linspace(double from, double to, int k) {
        double[] values = new double[k];
        for (int i = 0; i < k; i++) {
            values[i] = k == 1 ? (from + to) / 2 : from + (to - from) * i / (k - 1);
        }
        return values;
    }

    /** Coordinates `[n][2]` of each latent's projection on the plane, from its origin. */
    public double[][] project(INDArray latents) {
        double[][] z = rows(latents);
        double[][] out = new double[z.length][2];
        for (int i = 0; i < z.length; i++) {
            for (int k = 0; k < origin.length; k++) {
                double e = z[i][k] - origin[k];
                out[i][0] += e * u[k];
                out[i][1] += e * v[k];
            }
        }
        return out;
    }

    /** The latents at plane coordinates `(a, b)`, one row each. */
    public INDArray lift(double[] a, double[] b) {
        float[] values = new float[a.length * origin.length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < origin.length; k++) {
                values[i * origin.length + k] = (float) (origin[k] + a[i] * u[k] + b[i] * v[k]);
            }
        }
        return Nd4j.create(values, new long[] {a.length, origin.length}, 'c');
    }

    /** Power iteration, with `orthogonalTo` projected out each step; deterministic start. */
    private static double[] dominant(double[][] cov, double[] orthogonalTo) {
        int d = cov.length;
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = 1.0 + 0.01 * i;
        }
        for (int iter = 0; iter < 1000; iter++) {
            if (orthogonalTo != null) {
                double dot = dot(x, orthogonalTo);
                for (int i = 0; i < d; i++) {
                    x[i] -= dot * orthogonalTo[i];
                }
            }
            double[] next = new double[d];
            for (int i = 0; i < d; i++) {
                next[i] = dot(cov[i], x);
            }
            double norm = Math.sqrt(dot(next, next));
            if (norm == 0) {
                return x;
            }
            for (int i = 0; i < d; i++) {
                next[i] /= norm;
            }
            double change = 0;
            for (int i = 0; i < d; i++) {
                change = Math.max(change, Math.abs(next[i] - x[i]));
            }
            x = next;
            if (change < 1e-10) {
                break;
            }
        }
        // Fix the sign so the picture does not flip between runs of the same model.
        int largest = 0;
        for (int i = 1; i < d; i++) {
            if (Math.abs(x[i]) > Math.abs(x[largest])) {
                largest = i;
            }
        }
        if (x[largest] < 0) {
            for (int i = 0; i < d; i++) {
                x[i] = -x[i];
            }
        }
        return x;
    }

    private static double[][] rows(INDArray latents) {
        int n = (int) latents.size(0);
        int d = (int) latents.size(1);
        double[] flat = latents.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, z[i], 0, d);
        }
        return z;
    }

    private static double[] mean(double[][] z) {
        double[] mean = new double[z[0].length];
        for (double[] row : z) {
            for (int k = 0; k < mean.length; k++) {
                mean[k] += row[k] / z.length;
            }
        }
        return mean;
    }

    private static double variance(double[][] z, double[] mean, double[] direction) {
        double sum = 0;
        for (double[] row : z) {
            double p = 0;
            for (int k = 0; k < mean.length; k++) {
                p += (row[k] - mean[k]) * direction[k];
            }
            sum += p * p;
        }
        return sum / z.length;
    }

    private static double quadratic(double[][] m, double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * dot(m[i], x);
        }
        return sum;
    }

    private static double trace(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += m[i][i];
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
