package io.latentkit.deep;

import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import java.util.SplittableRandom;

/** Small synthetic datasets for the deep module's tests. */
final class TestData {
    private TestData() {
    }

    /** n rows in d dimensions lying exactly in a random rank-r subspace (standard normal coordinates). */
    static Matrix lowRank(int n, int d, int r, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] basis = new double[r][d];
        for (double[] b : basis) {
            for (int j = 0; j < d; j++) {
                b[j] = gaussian(rng) / Math.sqrt(r);
            }
        }
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < r; k++) {
                double c = gaussian(rng);
                for (int j = 0; j < d; j++) {
                    data[i * d + j] += (float) (c * basis[k][j]);
                }
            }
        }
        return new Matrix(n, d, data);
    }

    /** k well-separated Gaussian blobs in d dimensions, labelled by blob. */
    static Dataset blobs(int n, int d, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centers = new double[k][d];
        for (double[] c : centers) {
            for (int j = 0; j < d; j++) {
                c[j] = 4 * gaussian(rng);
            }
        }
        float[] data = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) (centers[labels[i]][j] + gaussian(rng));
            }
        }
        return Dataset.builder(new Matrix(n, d, data)).labels(Labels.fromInts(labels)).build();
    }

    static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
