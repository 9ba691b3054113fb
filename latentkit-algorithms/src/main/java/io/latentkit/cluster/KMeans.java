package io.latentkit.cluster;

import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.ClusterPredictor;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Seeds;
import java.util.SplittableRandom;

/**
 * K-means by Lloyd's algorithm with greedy k-means++ seeding. Iterations use Hamerly's bounds so that only points
 * whose nearest centre may have changed are re-assigned (one GEMM on the engine for them), and cluster sums follow
 * the points that moved; the assignments are Lloyd's. Stops when no label changes or when the squared shift of the
 * centres falls below {@code tol} times the mean column variance (scikit-learn's rule). A cluster that empties is
 * re-seeded with the point farthest from its centre. Of {@code nInit} seeded runs, the lowest inertia wins.
 *
 * @param k       number of clusters
 * @param nInit   independent runs (scikit-learn's current default for k-means++ is 1)
 * @param maxIter Lloyd iterations per run
 * @param tol     relative tolerance on centre movement
 * @param seed    seed of the seeding; run r uses a seed derived from it
 */
public record KMeans(int k, int nInit, int maxIter, double tol, long seed) implements Estimator<KMeans.Model> {
    public KMeans {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (nInit < 1 || maxIter < 1) {
            throw new IllegalArgumentException("nInit and maxIter must be >= 1");
        }
        if (!(tol >= 0)) {
            throw new IllegalArgumentException("tol must be >= 0, got " + tol);
        }
    }

    public KMeans(int k) {
        this(k, 1, 300, 1e-4, 0);
    }

    public KMeans withNInit(int n) {
        return new KMeans(k, n, maxIter, tol, seed);
    }

    public KMeans withSeed(long s) {
        return new KMeans(k, nInit, maxIter, tol, s);
    }

    @Override
    public Model fit(Dataset data) {
        Matrix x = data.features();
        if (x.rows() < k) {
            throw new IllegalArgumentException("k = " + k + " clusters need at least " + k + " items, got " + x.rows());
        }
        try (Centers.Points points = new Centers.Points(x, k)) {
            double threshold = tol * points.meanColumnVariance;
            SplittableRandom[] rngs = new SplittableRandom[nInit];
            for (int run = 0; run < nInit; run++) {
                rngs[run] = new SplittableRandom(Seeds.derive(seed, run));
            }
            int[][] seeds = KMeansPlusPlus.choose(points, k, rngs);
            Model best = null;
            for (int run = 0; run < nInit; run++) {
                Model m = BoundedLloyd.run(points, x.selectRows(seeds[run]).data(), k, maxIter, threshold);
                if (best == null || m.inertia() < best.inertia()) {
                    best = m;
                }
            }
            return best;
        }
    }

    /**
     * Fitted k-means.
     *
     * @param centers   k x d cluster centres
     * @param labels    nearest centre per training item
     * @param inertia   sum of squared distances of the training items to their centres
     * @param nIter     Lloyd iterations of the winning run
     * @param converged whether the winning run met the tolerance before maxIter
     */
    public record Model(Matrix centers, int[] labels, double inertia, int nIter, boolean converged)
            implements ClusterPredictor {
        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public int nClusters() {
            return centers.rows();
        }

        @Override
        public int[] predict(Dataset data) {
            if (data.cols() != centers.cols()) {
                throw new IllegalArgumentException("fitted on " + centers.cols() + " features, got " + data.cols());
            }
            try (Centers.Points points = new Centers.Points(data.features(), centers.rows())) {
                return Centers.assign(points, centers.data(), centers.rows()).labels();
            }
        }
    }
}
