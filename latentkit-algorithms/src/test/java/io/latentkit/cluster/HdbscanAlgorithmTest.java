package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.compute.Metric;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.ExternalMetrics;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Borůvka over the KD-tree against Prim over all pairs, the KD-tree's searches against the GEMM ones. */
class HdbscanAlgorithmTest {
    private final int defaultThreads = Tensors.threads();

    @AfterEach
    void restoreThreads() {
        Tensors.setThreads(defaultThreads);
    }

    /** Points on a small integer grid: many exact duplicates and a great many tied distances. */
    private static Matrix lattice(int n, int d, int side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(side);
        }
        return new Matrix(n, d, v);
    }

    /** A mixture of isotropic Gaussians of different spreads, plus uniform noise. */
    static Matrix mixture(int n, int d, int clusters, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = new double[clusters][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = rng.nextDouble(-20, 20);
            }
        }
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            boolean noise = i % 20 == 0;
            int c = i % clusters;
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (noise ? rng.nextDouble(-25, 25)
                        : centres[c][j] + (0.5 + c % 3) * rng.nextGaussian());
            }
        }
        return new Matrix(n, d, v);
    }

    private static Matrix[] cases() {
        return new Matrix[] {
                EstimatorFixtures.dataset("hdbscan", "noisy_blobs").features(),
                EstimatorFixtures.dataset("hdbscan", "moons").features(),
                EstimatorFixtures.dataset("hdbscan", "densities").features(),
                lattice(700, 2, 12, 1),
                lattice(500, 3, 4, 2),
                mixture(400, 20, 3, 3),
                // Past 16 columns Prim bounds distances by principal coordinates first: ties must still be found.
                lattice(600, 20, 3, 4),
        };
    }

    @Test
    void boruvkaFindsPrimsTreeTiesIncluded() {
        for (Matrix x : cases()) {
            for (int minSamples : new int[] {1, 2, 4, 15}) {
                String name = x.rows() + "x" + x.cols() + " minSamples " + minSamples;
                MutualReachability space = new MutualReachability(x, Metric.EUCLIDEAN);
                MutualReachability.Cores cores = space.cores(minSamples);
                MutualReachability.SpanningTree prim = space.prim(cores.distances());
                MutualReachability.SpanningTree boruvka = space.boruvka(cores);
                double primSum = Arrays.stream(prim.weight()).sum();
                assertEquals(primSum, Arrays.stream(boruvka.weight()).sum(), 1e-9 * primSum, name);
                assertArrayEquals(prim.weight(), boruvka.weight(), name);
                assertArrayEquals(prim.from(), boruvka.from(), name);
                assertArrayEquals(prim.to(), boruvka.to(), name);

                Hdbscan estimator = new Hdbscan(10).withMinSamples(minSamples);
                Hdbscan.Model a = estimator.withAlgorithm(Hdbscan.Algorithm.PRIM).fit(Dataset.of(x));
                Hdbscan.Model b = estimator.withAlgorithm(Hdbscan.Algorithm.BORUVKA).fit(Dataset.of(x));
                assertEquals(1.0, ExternalMetrics.ari(ContingencyTable.of(a.labels(), b.labels())), 0.0, name);
                assertArrayEquals(a.labels(), b.labels(), name);
                assertArrayEquals(a.probabilities(), b.probabilities(), name);
                assertArrayEquals(a.outlierScores(), b.outlierScores(), name);
            }
        }
    }

    @Test
    void cosineBoruvkaFindsPrimsTree() {
        Matrix x = MutualReachability.space(EstimatorFixtures.dataset("hdbscan", "densities").features(), Metric.COSINE);
        MutualReachability space = new MutualReachability(x, Metric.COSINE);
        MutualReachability.Cores cores = space.cores(5);
        assertArrayEquals(space.prim(cores.distances()).weight(), space.boruvka(cores).weight());
        assertArrayEquals(space.prim(cores.distances()).to(), space.boruvka(cores).to());
    }

    @Test
    void treeSearchFindsWhatTheTilesFind() {
        for (Matrix x : new Matrix[] {mixture(3000, 5, 4, 7), lattice(800, 2, 30, 8),
                EstimatorFixtures.dataset("hdbscan", "densities").features()}) {
            MutualReachability space = new MutualReachability(x, Metric.EUCLIDEAN);
            MutualReachability.Nearest tiles = space.nearestInTiles(x, 6, true);
            MutualReachability.Nearest tree = space.nearestInTree(x, 6, true);
            assertArrayEquals(tiles.distances(), tree.distances());
            assertArrayEquals(tiles.indices(), tree.indices());
            Matrix queries = mixture(200, x.cols(), 2, 9);
            assertArrayEquals(space.nearestInTiles(queries, 4, false).indices(),
                    space.nearestInTree(queries, 4, false).indices());
        }
    }

    @Test
    void largeInputsTakeBoruvkaAndGetTheSameResultAtOneAndTwoThreads() throws Exception {
        Matrix x = mixture(MutualReachability.TREE_FROM + 2000, 3, 6, 11);
        assertTrue(new MutualReachability(x, Metric.EUCLIDEAN).suitsTree());
        Hdbscan estimator = new Hdbscan(25).withMinSamples(6);
        Tensors.setThreads(1);
        Hdbscan.Model one = inPool(1, () -> estimator.fit(Dataset.of(x)));
        Tensors.setThreads(2);
        Hdbscan.Model two = inPool(2, () -> estimator.fit(Dataset.of(x)));
        assertTrue(one.nClusters() >= 2, "clusters: " + one.nClusters());
        assertArrayEquals(one.labels(), two.labels());
        assertArrayEquals(one.probabilities(), two.probabilities());
        assertArrayEquals(one.outlierScores(), two.outlierScores());
        assertArrayEquals(one.coreDistances(), two.coreDistances());
        assertArrayEquals(one.condensedTree().lambda(), two.condensedTree().lambda());

        Hdbscan.Model prim = estimator.withAlgorithm(Hdbscan.Algorithm.PRIM).fit(Dataset.of(x));
        assertArrayEquals(prim.labels(), one.labels());
        assertArrayEquals(prim.condensedTree().lambda(), one.condensedTree().lambda());

        Hdbscan.Prediction p = inPool(2, () -> one.approximatePredict(Dataset.of(x)));
        assertArrayEquals(one.labels(), p.labels());
        assertArrayEquals(one.probabilities(), p.probabilities(), 1e-12);
        assertArrayEquals(one.outlierScores(), p.outlierScores(), 1e-12);
    }

    private static <T> T inPool(int threads, Supplier<T> work) throws InterruptedException, ExecutionException {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(work::get).get();
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Hdbscan.Algorithm.parse("kruskal"));
        assertThrows(IllegalArgumentException.class, () -> new Hdbscan(5).withAlgorithm(null));
        Matrix nan = new Matrix(6, 1, new float[] {0, 1, 2, Float.NaN, 4, 5});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Hdbscan(2).fit(Dataset.of(nan)));
        assertTrue(e.getMessage().contains("row 3"), e.getMessage());
    }
}
