package io.latentkit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.data.Matrix;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EdgeCasesTest {
    private static final Matrix SIX = Matrix.ofRows(new float[][] {{0, 0}, {0, 1}, {5, 5}, {5, 6}, {9, 0}, {9, 1}});

    private static Matrix blobs(int n, long seed) {
        Random random = new Random(seed);
        float[] data = new float[n * 3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                data[i * 3 + j] = (float) (random.nextGaussian() + (i % 3) * 4 * (j == i % 3 ? 1 : 0));
            }
        }
        return new Matrix(n, 3, data);
    }

    @Test
    void internalMetricsNeedTwoToNMinusOneClusters() {
        int[] one = {0, 0, 0, 0, 0, 0};
        int[] all = {0, 1, 2, 3, 4, 5};
        int[] oneLeftAfterNoise = {-1, -1, 0, 0, 0, 0};
        for (int[] labels : new int[][] {one, all, oneLeftAfterNoise}) {
            assertThrows(IllegalArgumentException.class, () -> Silhouette.score(SIX, labels));
            assertThrows(IllegalArgumentException.class, () -> CalinskiHarabasz.score(SIX, labels));
            assertThrows(IllegalArgumentException.class, () -> DaviesBouldin.score(SIX, labels));
        }
        assertThrows(IllegalArgumentException.class, () -> Silhouette.score(SIX, new int[] {0, 1}));
    }

    @Test
    void noiseIsExcludedFromInternalMetrics() {
        int[] withNoise = {0, 0, -1, -1, 1, 1};
        Matrix kept = SIX.selectRows(new int[] {0, 1, 4, 5});
        int[] keptLabels = {0, 0, 1, 1};
        assertEquals(Silhouette.score(kept, keptLabels), Silhouette.score(SIX, withNoise), 1e-12);
        assertEquals(CalinskiHarabasz.score(kept, keptLabels), CalinskiHarabasz.score(SIX, withNoise), 1e-12);
        assertEquals(DaviesBouldin.score(kept, keptLabels), DaviesBouldin.score(SIX, withNoise), 1e-12);
        assertEquals(Inertia.score(kept, keptLabels), Inertia.score(SIX, withNoise), 1e-12);
        double[] samples = Silhouette.samples(SIX, withNoise);
        assertTrue(Double.isNaN(samples[2]) && Double.isNaN(samples[3]));
    }

    @Test
    void inertiaWithCentresChecksLabels() {
        Matrix centres = Matrix.ofRows(new float[][] {{0, 0.5f}, {9, 0.5f}});
        assertEquals(4 * 0.25, Inertia.score(SIX, new int[] {0, 0, -1, -1, 1, 1}, centres), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Inertia.score(SIX, new int[] {0, 0, 2, 2, 1, 1}, centres));
    }

    /** Silhouettes written out in double from the definition, O(n^2 d). */
    private static double[] bruteForceSilhouettes(Matrix x, int[] labels, int k) {
        int n = x.rows();
        double[] s = new double[n];
        int[] sizes = new int[k];
        for (int l : labels) {
            sizes[l]++;
        }
        for (int i = 0; i < n; i++) {
            double[] sums = new double[k];
            for (int j = 0; j < n; j++) {
                double d2 = 0;
                for (int c = 0; c < x.cols(); c++) {
                    double diff = (double) x.get(i, c) - x.get(j, c);
                    d2 += diff * diff;
                }
                sums[labels[j]] += Math.sqrt(d2);
            }
            if (sizes[labels[i]] == 1) {
                continue;
            }
            double a = sums[labels[i]] / (sizes[labels[i]] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != labels[i] && sizes[c] > 0) {
                    b = Math.min(b, sums[c] / sizes[c]);
                }
            }
            s[i] = (b - a) / Math.max(a, b);
        }
        return s;
    }

    @Test
    void manySmallClustersShareTilesAndEitherExactPathAgreesWithTheDefinition() {
        // About 150 clusters of 1 to 10 items: tiles of 16 columns pack several, and one cluster of 100 is split.
        int k = 151;
        Random random = new Random(3);
        int[] labels = new int[700];
        for (int i = 0; i < 600; i++) {
            labels[i] = random.nextInt(150);
        }
        for (int i = 600; i < 700; i++) {
            labels[i] = 150;
        }
        float[] data = new float[700 * 4];
        for (int i = 0; i < 700; i++) {
            for (int j = 0; j < 4; j++) {
                data[i * 4 + j] = (float) (labels[i] % 7 * 3 + labels[i] / 7 * (j == 0 ? 5 : 0) + random.nextGaussian());
            }
        }
        Matrix x = new Matrix(700, 4, data);
        Partition p = Partition.of(labels);
        double[] expected = bruteForceSilhouettes(x, labels, k);
        double[] symmetric = Silhouette.exact(x, p, 16, Silhouette.SUM_BUDGET);
        double[] byQueries = Silhouette.exact(x, p, 16, 0);
        for (int i = 0; i < 700; i++) {
            int at = java.util.Arrays.binarySearch(p.items(), i);
            assertEquals(expected[i], symmetric[at], 1e-5, "item " + i + ", symmetric tiles");
            assertEquals(expected[i], byQueries[at], 1e-5, "item " + i + ", query blocks");
        }
        assertEquals(Silhouette.score(x, labels), java.util.Arrays.stream(expected).average().orElseThrow(), 1e-6);
    }

    @Test
    void sampledSilhouetteEstimatesTheExactScore() {
        Matrix x = blobs(600, 3);
        int[] labels = new int[600];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        double exact = Silhouette.score(x, labels);
        assertEquals(exact, Silhouette.sampledScore(x, labels, 600, 1), 1e-12);
        assertEquals(exact, Silhouette.sampledScore(x, labels, 10_000, 1), 1e-12);
        double estimate = Silhouette.sampledScore(x, labels, 200, 42);
        assertEquals(estimate, Silhouette.sampledScore(x, labels, 200, 42), 0.0);
        assertEquals(exact, estimate, 0.05);
        Partition p = Partition.of(labels);
        double[] exactPath = Silhouette.exact(x, p, 64, Silhouette.SUM_BUDGET);
        assertArrayEquals(exactPath, Silhouette.ofQueries(x, p, java.util.stream.IntStream.range(0, 600).toArray(),
                37, 51), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> Silhouette.sampledScore(x, labels, 0, 1));
    }

    @Test
    void perfectLabellingScoresOneWhateverTheLabelValues() {
        int[] truth = {0, 0, 1, 1, 2, 2, 2};
        int[] pred = {7, 7, 3, 3, -1, -1, -1};
        ExternalScores scores = ExternalScores.of(ContingencyTable.of(truth, pred));
        for (double v : new double[] {scores.accuracy(), scores.nmi(), scores.ami(), scores.ari(), scores.homogeneity(),
            scores.completeness(), scores.vMeasure(), scores.purity()}) {
            assertEquals(1.0, v, 1e-12);
        }
        assertEquals(Map.of(7, 0, 3, 1, -1, 2), ExternalMetrics.accuracy(ContingencyTable.of(truth, pred)).clusterToClass());
        // Three classes of 40: MI and the entropies round apart, which gave NMI 1.0000000000000004 before clipping.
        int[] forty = new int[120];
        for (int i = 0; i < forty.length; i++) {
            forty[i] = i / 40;
        }
        ExternalScores same = ExternalScores.of(ContingencyTable.of(forty, forty));
        for (double v : new double[] {same.nmi(), same.ami(), same.homogeneity(), same.completeness(), same.vMeasure()}) {
            assertEquals(1.0, v, 0.0);
        }
    }

    @Test
    void unmatchedClustersCountAsWrong() {
        ExternalMetrics.Matching m = ExternalMetrics.accuracy(ContingencyTable.of(new int[] {0, 0, 1, 1},
                new int[] {0, 1, 2, 3}));
        assertEquals(0.5, m.accuracy(), 0.0);
        assertEquals(2, m.clusterToClass().size());
        assertEquals(1.0, ExternalMetrics.purity(ContingencyTable.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 2, 3})));
    }

    @Test
    void unknownTruthIsDroppedAndNoiseFollowsThePolicy() {
        int[] truth = {0, 0, -1, 1, 1, 1};
        int[] pred = {0, 0, 0, 1, 1, -1};
        ContingencyTable own = ContingencyTable.of(truth, pred);
        assertEquals(5, own.total());
        assertArrayEquals(new int[] {-1, 0, 1}, own.clusters());
        ContingencyTable excluded = ContingencyTable.of(truth, pred, ContingencyTable.NoisePolicy.EXCLUDE);
        assertEquals(4, excluded.total());
        assertArrayEquals(new int[] {0, 1}, excluded.clusters());
        assertEquals(1.0, ExternalMetrics.ari(excluded), 0.0);
        assertThrows(IllegalArgumentException.class, () -> ContingencyTable.of(new int[] {0}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> ExternalMetrics.accuracy(ContingencyTable.of(new int[] {-1}, new int[] {0})));
    }
}
