package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.cluster.CovarianceType;
import io.latentkit.cluster.EstimatorFixtures;
import io.latentkit.cluster.GaussianMixture;
import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.compute.Neighbors;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Matrix;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.ExternalMetrics;
import io.latentkit.metrics.Trustworthiness;
import io.latentkit.persist.ModelStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UmapTest {
    /** The repository's bundled copy of the Fashion-MNIST test set (the same file as Debian's dataset-fashion-mnist). */
    private static final Path FASHION = Path.of("..", "data", "fashion-mnist", "t10k-images-idx3-ubyte.gz");

    private static Dataset blobs() {
        return EstimatorFixtures.dataset("umap", "blobs");
    }

    /**
     * The first rows of the Fashion-MNIST test images scaled to [0, 1], as tools/fixtures/umap_fixtures.py does, with
     * their labels (the reader finds the labels file beside the images).
     */
    private static Dataset fashion(int rows) {
        int[] first = new int[rows];
        Arrays.setAll(first, i -> i);
        Dataset head = DatasetFormats.read(InputSpec.of(FASHION)).dataset().selectRows(first);
        float[] scaled = head.features().data().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] /= 255f;
        }
        return head.withFeatures(new Matrix(rows, head.cols(), scaled), head.featureNames());
    }

    @Test
    void curveMatchesUmapLearn() {
        // umap-learn 0.5.3 find_ab_params(spread, min_dist).
        double[][] cases = {{0.1, 1.0, 1.5769434601962196, 0.8950608779914887},
                {0.0, 1.0, 1.9328083975546724, 0.7904949734010681}, {0.5, 2.0, 0.25887874119038884, 1.057499699581397}};
        for (double[] c : cases) {
            UmapCurve curve = UmapCurve.fit(c[0], c[1]);
            assertEquals(c[2], curve.a(), 1e-4 * c[2], "a for min_dist " + c[0]);
            assertEquals(c[3], curve.b(), 1e-4 * c[3], "b for min_dist " + c[0]);
        }
    }

    @Test
    void trustworthinessMatchesUmapLearn() {
        JsonNode ref = EstimatorFixtures.load("umap", "umap");
        int scoreNeighbors = ref.get("score_neighbors").asInt();
        for (Map.Entry<String, JsonNode> e : ref.get("cases").properties()) {
            JsonNode c = e.getValue();
            Dataset data = c.get("data").asText().equals("blobs") ? blobs() : fashion(ref.get("fashion_rows").asInt());
            Umap umap = new Umap(c.get("n_components").asInt()).withNeighbors(c.get("n_neighbors").asInt());
            Umap.Model m = umap.fit(data);
            double ours = Trustworthiness.score(data.features(), m.embedding(), scoreNeighbors);
            double theirs = c.get("trustworthiness").asDouble();
            System.out.printf("UMAP %s: trustworthiness %.4f, umap-learn %.4f%n", e.getKey(), ours, theirs);
            assertEquals(Umap.Init.SPECTRAL, m.init(), e.getKey());
            assertTrue(ours >= theirs - 0.01, e.getKey() + ": " + ours + " vs umap-learn " + theirs);
        }
    }

    /**
     * The layout gathers classes as well as umap-learn's: a full GMM on the 10-d embedding (N2D's settings) of 3,000
     * Fashion-MNIST images scores a mean NMI over 3 seeds no more than 0.005 below umap-learn's (0.593). The layout
     * before fbb0407, which moved each edge's head alone, scored 0.586 here; this one 0.604.
     */
    @Test
    void gmmOnTheEmbeddingScoresAsUmapLearns() {
        JsonNode ref = EstimatorFixtures.load("umap", "cluster_quality");
        int rows = ref.get("rows").asInt();
        Dataset data = fashion(rows);
        int[] labels = data.labels().orElseThrow().codes();
        double ours = 0;
        double theirs = 0;
        for (int s = 0; s < ref.get("seeds").size(); s++) {
            Matrix embedding = new Umap(10).withNeighbors(20).withMinDist(0).withSeed(ref.get("seeds").get(s).asLong())
                    .fit(data).embedding();
            int[] predicted = new GaussianMixture(10).withCovarianceType(CovarianceType.FULL).withSeed(0)
                    .fit(Dataset.of(embedding)).labels();
            ours += ExternalMetrics.nmi(ContingencyTable.of(labels, predicted)) / ref.get("seeds").size();
            theirs += ref.get("nmi").get(s).asDouble() / ref.get("seeds").size();
        }
        System.out.printf("UMAP + GMM on %d Fashion-MNIST images: mean NMI %.4f, umap-learn %.4f%n", rows, ours, theirs);
        assertTrue(ours >= theirs - 0.005, "mean NMI " + ours + " vs umap-learn's " + theirs);
    }

    @Test
    void sameSeedSameEmbeddingAtAnyThreadCount() {
        Umap umap = new Umap(3).withNeighbors(10).withEpochs(100).withSeed(4);
        assertArrayEquals(atOneThread(umap, blobs()).data(), atTwoThreads(umap, blobs()).data());
        Matrix other = umap.withSeed(5).fit(blobs()).embedding();
        assertTrue(!Arrays.equals(other.data(), umap.fit(blobs()).embedding().data()));
    }

    @Test
    void approximateGraphAboveTheExactSizeIsThreadInvariantToo() {
        SplittableRandom random = new SplittableRandom(2);
        double[][] rows = new double[4500][8];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian();
            }
        }
        Dataset data = Dataset.of(Matrix.ofRows(rows));
        Umap umap = new Umap(2).withNeighbors(10).withEpochs(20);
        Matrix one = atOneThread(umap, data);
        assertArrayEquals(one.data(), atTwoThreads(umap, data).data());
        assertEquals(-1, one.firstNonFinite());
    }

    private static Matrix atOneThread(Umap umap, Dataset data) {
        return atThreads(1, umap, data);
    }

    private static Matrix atTwoThreads(Umap umap, Dataset data) {
        return atThreads(2, umap, data);
    }

    /** The embedding with the engine and the Java parallel work on {@code threads} threads. */
    private static Matrix atThreads(int threads, Umap umap, Dataset data) {
        int engineThreads = Tensors.threads();
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
            Tensors.setThreads(threads);
            return pool.submit(() -> umap.fit(data).embedding()).join();
        } finally {
            Tensors.setThreads(engineThreads);
        }
    }

    @Test
    void disconnectedGraphKeepsAndSeparatesEveryComponent() {
        SplittableRandom random = new SplittableRandom(1);
        int blobs = 4;
        int perBlob = 150;
        double[][] rows = new double[blobs * perBlob][5];
        int[] blob = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            blob[i] = i / perBlob;
            for (int j = 0; j < 5; j++) {
                rows[i][j] = random.nextGaussian() + (j == blob[i] ? 1000 : 0);
            }
        }
        Matrix x = Matrix.ofRows(rows);
        Umap.Model m = new Umap(2).withNeighbors(8).fit(Dataset.of(x));
        Matrix y = m.embedding();
        assertEquals(-1, y.firstNonFinite());
        assertEquals(Umap.Init.SPECTRAL, m.init());
        Neighbors nearest = NearestNeighbors.exact(y, y, 1, Metric.EUCLIDEAN, true);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(blob[i], blob[nearest.index(i, 0)], "nearest embedded neighbour of " + i);
        }
        for (int first = 0; first < blobs; first++) {
            for (int second = first + 1; second < blobs; second++) {
                assertTrue(separated(y, blob, first, second), "components " + first + " and " + second + " overlap");
            }
        }
    }

    /** Whether the projections on the line through two groups' centroids do not overlap. */
    private static boolean separated(Matrix y, int[] group, int first, int second) {
        int dim = y.cols();
        double[][] centroid = new double[2][dim];
        int[] size = new int[2];
        for (int i = 0; i < y.rows(); i++) {
            int g = group[i] == first ? 0 : group[i] == second ? 1 : -1;
            if (g >= 0) {
                size[g]++;
                for (int c = 0; c < dim; c++) {
                    centroid[g][c] += y.get(i, c);
                }
            }
        }
        double maxFirst = Double.NEGATIVE_INFINITY;
        double minSecond = Double.POSITIVE_INFINITY;
        for (int i = 0; i < y.rows(); i++) {
            double projection = 0;
            for (int c = 0; c < dim; c++) {
                projection += y.get(i, c) * (centroid[1][c] / size[1] - centroid[0][c] / size[0]);
            }
            if (group[i] == first) {
                maxFirst = Math.max(maxFirst, projection);
            } else if (group[i] == second) {
                minSecond = Math.min(minSecond, projection);
            }
        }
        return maxFirst < minSecond;
    }

    @Test
    void transformPlacesTrainingPointsNearTheirFittedPositions() {
        Dataset data = blobs();
        Umap.Model m = new Umap(2).withNeighbors(10).fit(data);
        assertEquals(m.embedding(), m.transform(data).features());
        int[] subset = new int[300];
        Arrays.setAll(subset, i -> 5 * i);
        Matrix placed = m.transform(data.selectRows(subset)).features();
        double diameter = 0;
        for (int c = 0; c < 2; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < data.rows(); i++) {
                lo = Math.min(lo, m.embedding().get(i, c));
                hi = Math.max(hi, m.embedding().get(i, c));
            }
            diameter = Math.max(diameter, hi - lo);
        }
        double[] distance = new double[subset.length];
        for (int i = 0; i < subset.length; i++) {
            double sum = 0;
            for (int c = 0; c < 2; c++) {
                double diff = placed.get(i, c) - m.embedding().get(subset[i], c);
                sum += diff * diff;
            }
            distance[i] = Math.sqrt(sum);
        }
        Arrays.sort(distance);
        System.out.printf("transform: median distance to fitted position %.4f of diameter %.2f, max %.4f%n",
                distance[distance.length / 2], diameter, distance[distance.length - 1]);
        assertTrue(distance[distance.length / 2] < 0.02 * diameter, "median " + distance[distance.length / 2]);
        assertTrue(distance[distance.length - 1] < 0.2 * diameter, "max " + distance[distance.length - 1]);
    }

    @Test
    void savedModelTransformsLikeTheFittedOne(@TempDir Path dir) {
        Dataset data = blobs();
        Umap.Model m = new Umap(2).withNeighbors(10).withEpochs(50).fit(data);
        ModelStore.save(m, dir.resolve("umap"));
        Umap.Model loaded = ModelStore.load(dir.resolve("umap"), Umap.Model.class);
        assertEquals(m.params(), loaded.params());
        assertEquals(m.embedding(), loaded.embedding());
        assertEquals(m.trainingData(), loaded.trainingData());
        Dataset part = data.selectRows(new int[] {0, 7, 99});
        assertEquals(m.transform(part).features(), loaded.transform(part).features());
    }

    @Test
    void rejectsBadParameters() {
        Umap d = new Umap(2);
        assertThrows(IllegalArgumentException.class, () -> new Umap(0));
        assertThrows(IllegalArgumentException.class, () -> d.withNeighbors(1));
        assertThrows(IllegalArgumentException.class, () -> d.withMinDist(1.5));
        assertThrows(IllegalArgumentException.class, () -> d.withEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> d.withNeighbors(20).fit(Dataset.of(Matrix.zeros(10, 3))));
        Matrix bad = Matrix.ofRows(new double[][] {{0, 1}, {1, Double.NaN}, {2, 2}});
        assertThrows(IllegalArgumentException.class, () -> d.withNeighbors(2).fit(Dataset.of(bad)));
    }
}
