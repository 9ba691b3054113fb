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

    /** Rows drawn with replacement from a few distinct ones: nearly every point has many exact duplicates. */
    private static Matrix duplicates(int n, int distinct, int d, long seed) {
        Matrix base = mixture(distinct, d, 3, seed);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(base.data(), rng.nextInt(distinct) * d, v, i * d, d);
        }
        return new Matrix(n, d, v);
    }

    /**
     * A mixture with one far outlier: float32 products of the other points then carry rounding errors comparable to
     * their distances' differences, which only the rounding bound keeps from choosing wrong edges.
     */
    private static Matrix withOutlier(Matrix x, float far) {
        float[] v = x.data().clone();
        v[3 * x.cols()] = far;
        return new Matrix(x.rows(), x.cols(), v);
    }

    /**
     * Prim's tree against the tiled Borůvka's, with small batches and tiles so that there are several of each, and
     * with the shortest lists too (none for minSamples 1), so that scans find most edges.
     */
    private static void assertTiledFindsPrimsTree(Matrix x, Metric metric, int minSamples, String name) {
        Matrix points = MutualReachability.space(x, metric);
        MutualReachability space = new MutualReachability(points, metric);
        MutualReachability.Cores cores = space.cores(minSamples, TiledBoruvka.LISTED);
        MutualReachability.SpanningTree prim = space.prim(cores.distances());
        assertArrayEquals(prim.to(), space.tiledBoruvka(cores).to(), name);
        for (MutualReachability.Cores c : new MutualReachability.Cores[] {cores, space.cores(minSamples)}) {
            for (int[] shape : new int[][] {{7, 50}, {64, 333}}) {
                MutualReachability.SpanningTree tiled = TiledBoruvka.spanningTree(points, metric, c, shape[0],
                        shape[1]);
                String at = name + " lists " + c.neighbours().k() + " batch " + shape[0] + " tile " + shape[1];
                assertArrayEquals(prim.weight(), tiled.weight(), at);
                assertArrayEquals(prim.from(), tiled.from(), at);
                assertArrayEquals(prim.to(), tiled.to(), at);
            }
        }
    }

    @Test
    void tiledBoruvkaFindsPrimsTreeTiesIncluded() {
        Matrix[] cases = {
                mixture(603, 20, 4, 21),
                mixture(477, 60, 6, 22),
                lattice(400, 20, 3, 23),
                lattice(400, 32, 2, 24),
                duplicates(500, 40, 24, 25),
                withOutlier(mixture(500, 20, 4, 34), 1e7f),
                EstimatorFixtures.dataset("hdbscan", "densities").features(),
        };
        for (Matrix x : cases) {
            for (int minSamples : new int[] {1, 2, 5, 15}) {
                assertTiledFindsPrimsTree(x, Metric.EUCLIDEAN, minSamples,
                        x.rows() + "x" + x.cols() + " minSamples " + minSamples);
            }
        }
        for (int minSamples : new int[] {1, 4}) {
            assertTiledFindsPrimsTree(mixture(900, 30, 5, 26), Metric.COSINE, minSamples, "cosine " + minSamples);
            assertTiledFindsPrimsTree(duplicates(400, 30, 30, 27), Metric.COSINE, minSamples, "cosine dup");
        }
        // Sentence-embedding width (seed 000's vectors are 768-d): the float32 rounding bound grows with the width,
        // and in so many dimensions the distances within a cluster crowd together, so near-ties are everywhere.
        Matrix wide = mixture(500, 768, 6, 29);
        for (int minSamples : new int[] {1, 5}) {
            assertTiledFindsPrimsTree(wide, Metric.EUCLIDEAN, minSamples, "768-d, minSamples " + minSamples);
            assertTiledFindsPrimsTree(wide, Metric.COSINE, minSamples, "768-d cosine, minSamples " + minSamples);
        }
    }

    @Test
    void tiledBoruvkaOnTheFewestPoints() {
        for (int n : new int[] {2, 3, 5}) {
            Matrix x = mixture(n, 20, 2, n);
            for (int minSamples = 1; minSamples <= n; minSamples++) {
                assertTiledFindsPrimsTree(x, Metric.EUCLIDEAN, minSamples, n + " points, minSamples " + minSamples);
            }
            assertTiledFindsPrimsTree(new Matrix(n, 20, new float[n * 20]), Metric.EUCLIDEAN, Math.min(2, n),
                    n + " equal points");
        }
    }

    @Test
    void tiledHdbscanGivesPrimsClustering() {
        Matrix x = mixture(2500, 40, 5, 28);
        Hdbscan estimator = new Hdbscan(30).withMinSamples(8);
        Hdbscan.Model prim = estimator.withAlgorithm(Hdbscan.Algorithm.PRIM).fit(Dataset.of(x));
        Hdbscan.Model tiled = estimator.withAlgorithm(Hdbscan.Algorithm.TILED).fit(Dataset.of(x));
        Hdbscan.Model auto = estimator.fit(Dataset.of(x));
        assertTrue(prim.nClusters() >= 2, "clusters: " + prim.nClusters());
        for (Hdbscan.Model m : new Hdbscan.Model[] {tiled, auto}) {
            assertArrayEquals(prim.labels(), m.labels());
            assertArrayEquals(prim.probabilities(), m.probabilities());
            assertArrayEquals(prim.outlierScores(), m.outlierScores());
            assertArrayEquals(prim.condensedTree().lambda(), m.condensedTree().lambda());
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

    @Test
    void tiledBoruvkaGivesTheSameResultAtOneAndTwoThreads() throws Exception {
        Matrix x = mixture(3000, 24, 5, 29);
        Hdbscan estimator = new Hdbscan(25).withMinSamples(6).withAlgorithm(Hdbscan.Algorithm.TILED);
        Tensors.setThreads(1);
        Hdbscan.Model one = inPool(1, () -> estimator.fit(Dataset.of(x)));
        Tensors.setThreads(2);
        Hdbscan.Model two = inPool(2, () -> estimator.fit(Dataset.of(x)));
        assertTrue(one.nClusters() >= 2, "clusters: " + one.nClusters());
        assertArrayEquals(one.labels(), two.labels());
        assertArrayEquals(one.probabilities(), two.probabilities());
        assertArrayEquals(one.coreDistances(), two.coreDistances());
        assertArrayEquals(one.condensedTree().lambda(), two.condensedTree().lambda());
    }

    /**
     * The tile search against every distance computed in Java: exact lists, ties by index, and no unlisted point
     * nearer than the floor; on data with many duplicates and ties, offset far from the origin, and for outside
     * queries.
     */
    @Test
    void tileSearchesAreExactAndTheirFloorsHold() {
        Matrix shifted = mixture(700, 30, 4, 30);
        float[] v = shifted.data().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += 1000;
        }
        Matrix[] cases = {duplicates(600, 50, 20, 31), lattice(500, 24, 3, 32), new Matrix(700, 30, v),
                withOutlier(mixture(500, 20, 4, 34), 1e7f)};
        for (Matrix x : cases) {
            for (Metric metric : Metric.values()) {
                Matrix points = MutualReachability.space(x, metric);
                MutualReachability space = new MutualReachability(points, metric);
                assertExactWithFloors(space, points, points, 9, true, metric);
                assertExactWithFloors(space, points, MutualReachability.space(mixture(40, x.cols(), 2, 33), metric),
                        5, false, metric);
            }
        }
    }

    private static void assertExactWithFloors(MutualReachability space, Matrix points, Matrix queries, int k,
                                              boolean excludeSelf, Metric metric) {
        MutualReachability.Nearest nearest = space.nearestInTiles(queries, k, excludeSelf);
        int d = points.cols();
        for (int q = 0; q < queries.rows(); q++) {
            double[] all = new double[points.rows()];
            Integer[] order = new Integer[points.rows()];
            for (int j = 0; j < all.length; j++) {
                all[j] = MutualReachability.distance(queries.data(), q * d, points.data(), j * d, d, metric);
                order[j] = j;
            }
            int self = excludeSelf ? q : -1;
            Arrays.sort(order, (a, b) -> all[a] != all[b] ? Double.compare(all[a], all[b]) : Integer.compare(a, b));
            int[] expected = Arrays.stream(order).mapToInt(Integer::intValue).filter(j -> j != self).limit(k)
                    .toArray();
            int[] listed = Arrays.copyOfRange(nearest.indices(), q * k, (q + 1) * k);
            assertArrayEquals(expected, listed, "query " + q);
            for (int j = 0; j < all.length; j++) {
                int jj = j;
                if (j != self && Arrays.stream(listed).noneMatch(i -> i == jj)) {
                    assertTrue(all[j] >= nearest.floor(q), "query " + q + ", point " + j);
                }
            }
        }
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
