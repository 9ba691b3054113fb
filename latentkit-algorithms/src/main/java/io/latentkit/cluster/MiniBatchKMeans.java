package io.latentkit.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.latentkit.compute.PairwiseDistances;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Seeds;
import java.util.SplittableRandom;

/**
 * K-means on random mini-batches (Sculley 2010, with scikit-learn's refinements) for data too large for full Lloyd
 * iterations: each step assigns one batch by a GEMM and moves each centre towards its batch points with a
 * per-centre learning rate 1/count. Centres that attract too few points are re-seeded on batch points, and training
 * stops when a smoothed batch inertia has not improved for {@code maxNoImprovement} steps. The final labels and
 * inertia come from one full assignment pass.
 *
 * @param k                 number of clusters
 * @param batchSize         points per step
 * @param maxEpochs         upper bound on passes over the data (steps = maxEpochs * n / batchSize)
 * @param maxNoImprovement  steps without improvement of the smoothed inertia before stopping; 0 disables
 * @param reassignmentRatio centres with fewer than this fraction of the largest count are re-seeded
 * @param nInit             k-means++ seedings on a sample of 3 * batchSize points; the one with the lowest inertia
 *                          on another sample is trained
 * @param seed              seed of sampling and seeding
 */
public record MiniBatchKMeans(int k, int batchSize, int maxEpochs, int maxNoImprovement, double reassignmentRatio,
                              int nInit, long seed) implements Estimator<KMeans.Model> {
    public MiniBatchKMeans {
        if (k < 1 || batchSize < 1 || maxEpochs < 1 || nInit < 1) {
            throw new IllegalArgumentException("k, batchSize, maxEpochs and nInit must be >= 1");
        }
        if (maxNoImprovement < 0 || !(reassignmentRatio >= 0)) {
            throw new IllegalArgumentException("maxNoImprovement and reassignmentRatio must be >= 0");
        }
    }

    public MiniBatchKMeans(int k) {
        this(k, 1024, 100, 10, 0.01, 3, 0);
    }

    public MiniBatchKMeans withSeed(long s) {
        return new MiniBatchKMeans(k, batchSize, maxEpochs, maxNoImprovement, reassignmentRatio, nInit, s);
    }

    @Override
    public KMeans.Model fit(Dataset data) {
        Matrix x = data.features();
        int n = x.rows();
        int d = x.cols();
        if (n < k) {
            throw new IllegalArgumentException("k = " + k + " clusters need at least " + k + " items, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] centers = bestSeeding(x, new SplittableRandom(Seeds.derive(seed, 1)));
        double[] counts = new double[k];
        int batch = Math.min(batchSize, n);
        long steps = Math.max(1, (long) maxEpochs * n / batch);
        double smoothed = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        long seenSinceReassign = 0;
        long step = 0;
        boolean converged = false;
        try (NDManager manager = Tensors.newManager()) {
            while (step < steps) {
                step++;
                int[] rows = sample(rng, n, batch);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray xb = Tensors.toTensor(scope, x.selectRows(rows));
                    NDArray c = scope.create(centers, new Shape(k, d));
                    NDArray d2 = PairwiseDistances.squaredEuclidean(xb, c);
                    NDList nearest = d2.topK(1, 1, false, true);
                    float[] dist = nearest.get(0).toFloatArray();
                    long[] labels = nearest.get(1).toType(DataType.INT64, false).toLongArray();
                    double inertia = 0;
                    for (float v : dist) {
                        inertia += v;
                    }
                    update(x, rows, labels, centers, counts, d);
                    // As scikit-learn: consider re-seeding once 10 points per cluster have been seen since the last time.
                    seenSinceReassign += batch;
                    if (reassignmentRatio > 0 && seenSinceReassign >= 10L * k) {
                        reassign(x, rows, centers, counts, rng, d);
                        seenSinceReassign = 0;
                    }
                    // Exponentially weighted batch inertia, weighted so it spans about one pass over the data.
                    double perPoint = inertia / batch;
                    double alpha = Math.min(1.0, 2.0 * batch / (n + 1.0));
                    smoothed = Double.isNaN(smoothed) ? perPoint : smoothed * (1 - alpha) + perPoint * alpha;
                    if (smoothed < best) {
                        best = smoothed;
                        sinceBest = 0;
                    } else if (maxNoImprovement > 0 && ++sinceBest >= maxNoImprovement) {
                        converged = true;
                        break;
                    }
                }
            }
        }
        try (Centers.Points points = new Centers.Points(x, k)) {
            Centers.Assignment last = Centers.assign(points, centers, k);
            return new KMeans.Model(new Matrix(k, d, centers), last.labels(), last.inertia(), (int) Math.min(step, Integer.MAX_VALUE), converged);
        }
    }

    /** Moves each centre towards the mean of its batch points with learning rate (batch count / total count). */
    private void update(Matrix x, int[] rows, long[] labels, float[] centers, double[] counts, int d) {
        double[] sums = new double[k * d];
        int[] batchCounts = new int[k];
        float[] v = x.data();
        for (int r = 0; r < rows.length; r++) {
            int c = (int) labels[r];
            batchCounts[c]++;
            int base = rows[r] * d;
            for (int j = 0; j < d; j++) {
                sums[c * d + j] += v[base + j];
            }
        }
        for (int c = 0; c < k; c++) {
            if (batchCounts[c] == 0) {
                continue;
            }
            counts[c] += batchCounts[c];
            for (int j = 0; j < d; j++) {
                double center = centers[c * d + j];
                centers[c * d + j] = (float) (center + (sums[c * d + j] - batchCounts[c] * center) / counts[c]);
            }
        }
    }

    /**
     * Re-seeds centres that won less than reassignmentRatio of the largest count on random batch points; their
     * counts restart at the smallest count of the centres kept, so they can still move.
     */
    private void reassign(Matrix x, int[] rows, float[] centers, double[] counts, SplittableRandom rng, int d) {
        double max = 0;
        for (double c : counts) {
            max = Math.max(max, c);
        }
        boolean[] weak = new boolean[k];
        double smallestKept = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            weak[c] = counts[c] < reassignmentRatio * max;
            if (!weak[c]) {
                smallestKept = Math.min(smallestKept, counts[c]);
            }
        }
        for (int c = 0; c < k; c++) {
            if (weak[c]) {
                System.arraycopy(x.data(), rows[rng.nextInt(rows.length)] * d, centers, c * d, d);
                counts[c] = smallestKept;
            }
        }
    }

    /** The k-means++ seeding (of nInit, on samples) with the lowest inertia on an independent sample. */
    private float[] bestSeeding(Matrix x, SplittableRandom rng) {
        int n = x.rows();
        int initSize = Math.min(n, Math.max(3 * batchSize, 3 * k));
        Matrix validation = x.selectRows(sample(rng, n, initSize));
        float[] best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int run = 0; run < nInit; run++) {
            Matrix initSample = x.selectRows(sample(rng, n, initSize));
            float[] centers;
            try (Centers.Points points = new Centers.Points(initSample, k)) {
                centers = initSample.selectRows(KMeansPlusPlus.choose(points, k, new SplittableRandom[] {rng})[0]).data();
            }
            double inertia;
            try (Centers.Points points = new Centers.Points(validation, k)) {
                inertia = Centers.assign(points, centers, k).inertia();
            }
            if (inertia < bestInertia) {
                bestInertia = inertia;
                best = centers;
            }
        }
        return best;
    }

    private static int[] sample(SplittableRandom rng, int n, int size) {
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = rng.nextInt(n);
        }
        return rows;
    }
}
