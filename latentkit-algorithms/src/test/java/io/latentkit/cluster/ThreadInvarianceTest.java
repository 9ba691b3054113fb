package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.metrics.Silhouette;
import io.latentkit.reduce.Pca;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The same seed gives the same result at 1 and at 2 engine threads. */
class ThreadInvarianceTest {
    private final int defaultThreads = Tensors.threads();

    @AfterEach
    void restoreThreads() {
        Tensors.setThreads(defaultThreads);
    }

    @Test
    void estimatorsAndSilhouetteDoNotDependOnTheThreadCount() {
        assertTrue(Tensors.threadInvariant(), "MKL strict mode, or the serial fallback for sums over items, should be on");
        Dataset data = EstimatorFixtures.dataset("overlap");
        Tensors.setThreads(1);
        KMeans.Model k1 = new KMeans(7).withNInit(3).withSeed(5).fit(data);
        GaussianMixture.Model g1 = new GaussianMixture(7).withSeed(5).fit(data);
        double[] p1 = new Pca(3).withSolver(Pca.Solver.RANDOMIZED).fit(data).components();
        double s1 = Silhouette.score(data.features(), k1.labels());
        Tensors.setThreads(2);
        KMeans.Model k2 = new KMeans(7).withNInit(3).withSeed(5).fit(data);
        GaussianMixture.Model g2 = new GaussianMixture(7).withSeed(5).fit(data);
        double[] p2 = new Pca(3).withSolver(Pca.Solver.RANDOMIZED).fit(data).components();
        double s2 = Silhouette.score(data.features(), k2.labels());
        assertArrayEquals(k1.labels(), k2.labels());
        assertEquals(k1.inertia(), k2.inertia(), 0.0);
        assertArrayEquals(g1.labels(), g2.labels());
        assertEquals(g1.logLikelihood(), g2.logLikelihood(), 0.0);
        assertArrayEquals(p1, p2, 0.0);
        assertEquals(s1, s2, 0.0);
    }

    @Test
    void wardLinkageDoesNotDependOnTheThreadCount() {
        Dataset data = EstimatorFixtures.dataset("density", "wide_blobs");
        Tensors.setThreads(1);
        Dendrogram t1 = new Agglomerative(4).fit(data).tree();
        Tensors.setThreads(2);
        Dendrogram t2 = new Agglomerative(4).fit(data).tree();
        assertArrayEquals(t1.children(), t2.children());
        assertArrayEquals(t1.distances(), t2.distances(), 0.0);
    }

    /**
     * Both GMM paths on chunks of tens of thousands of rows: the quadratic features (3 columns, 65,536-row chunks) and
     * the centred products (20 columns, 52,428-row chunks).
     */
    @Test
    void gaussianMixtureOnLongChunksDoesNotDependOnTheThreadCount() {
        for (int d : new int[] {3, 20}) {
            SplittableRandom rng = new SplittableRandom(d);
            int n = 70_000;
            float[] v = new float[n * d];
            for (int i = 0; i < n; i++) {
                double shift = 4.0 * (i % 3);
                for (int j = 0; j < d; j++) {
                    v[i * d + j] = (float) (rng.nextGaussian() + (j == 0 ? shift : 0));
                }
            }
            Dataset data = Dataset.of(new Matrix(n, d, v));
            Tensors.setThreads(1);
            GaussianMixture.Model g1 = new GaussianMixture(2).withSeed(3).fit(data);
            Tensors.setThreads(2);
            GaussianMixture.Model g2 = new GaussianMixture(2).withSeed(3).fit(data);
            assertArrayEquals(g1.labels(), g2.labels(), d + " columns");
            assertEquals(g1.logLikelihood(), g2.logLikelihood(), 0.0, d + " columns");
            assertEquals(g1.lowerBound(), g2.lowerBound(), 0.0, d + " columns");
        }
    }
}
