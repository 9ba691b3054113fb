package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AgglomerativeTest {
    @Test
    void mergesHeightsAndLabelsEqualScikitLearnsForEveryLinkage() {
        for (Map.Entry<String, JsonNode> c : EstimatorFixtures.cases("density", "agglomerative").entrySet()) {
            JsonNode v = c.getValue();
            String name = c.getKey();
            Dataset data = EstimatorFixtures.dataset("density", v.get("data").asText());
            Linkage linkage = Linkage.parse(v.get("linkage").asText());
            Agglomerative.Model m = new Agglomerative(v.get("n_clusters").asInt()).withLinkage(linkage).fit(data);

            Dendrogram tree = m.tree();
            double[] heights = EstimatorFixtures.doubles(v.get("distances"));
            double[] ours = tree.distances();
            for (int i = 0; i < heights.length; i++) {
                assertEquals(heights[i], ours[i], 1e-9 * heights[i], name + ": merge height " + i);
            }
            JsonNode children = v.get("children");
            for (int i = 0; i < heights.length; i++) {
                int a = children.get(i).get(0).asInt();
                int b = children.get(i).get(1).asInt();
                assertEquals(Math.min(a, b), tree.left(i), name + ": merge " + i);
                assertEquals(Math.max(a, b), tree.right(i), name + ": merge " + i);
            }
            assertEquals(data.rows(), tree.size(heights.length - 1));
            SamePartition.assertSame(EstimatorFixtures.ints(v.get("labels")), m.labels(), name + ", n_clusters");
            assertEquals(0, m.labels()[0], "numbered by first appearance");

            Agglomerative.Model cut = Agglomerative.belowDistance(v.get("distance_threshold").asDouble(), linkage).fit(data);
            assertEquals(v.get("threshold_n_clusters").asInt(), cut.nClusters(), name);
            SamePartition.assertSame(EstimatorFixtures.ints(v.get("threshold_labels")), cut.labels(), name + ", threshold");
            assertArrayEquals(cut.labels(), cut.predict(data), name + ": predict on the training items");
        }
    }

    @Test
    void wardHeightIsSqrtOfTwiceTheIncreaseInSumOfSquares() {
        // Two pairs: (0,0)-(0,2) and (10,0)-(10,2). Last merge: centroids 10 apart, 2 items each.
        Matrix x = new Matrix(4, 2, new float[] {0, 0, 0, 2, 10, 0, 10, 2});
        Dendrogram tree = new Agglomerative(1).fit(Dataset.of(x)).tree();
        double increase = 2.0 * 2 / 4 * 100;
        assertArrayEquals(new double[] {2, 2, Math.sqrt(2 * increase)}, tree.distances(), 1e-9);
        assertArrayEquals(new int[] {2, 2, 4}, tree.sizes());
        assertArrayEquals(new int[] {0, 0, 1, 1}, tree.cut(2));
    }

    @Test
    void parametersAndSizeLimitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Agglomerative(0));
        assertThrows(IllegalArgumentException.class, () -> new Agglomerative(2, 1.0, Linkage.WARD));
        assertThrows(IllegalArgumentException.class, () -> Agglomerative.belowDistance(-1, Linkage.SINGLE));
        assertThrows(IllegalArgumentException.class, () -> Linkage.parse("centroid"));
        Matrix two = new Matrix(2, 1, new float[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> new Agglomerative(3).fit(Dataset.of(two)));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> new Agglomerative(2).withLinkage(Linkage.AVERAGE).fit(Dataset.of(
                        new Matrix(Agglomerative.MAX_ITEMS + 1, 1, new float[Agglomerative.MAX_ITEMS + 1]))));
        assertTrue(big.getMessage().contains("cluster a sample"), big.getMessage());
        assertArrayEquals(new int[] {0}, new Agglomerative(1).fit(Dataset.of(new Matrix(1, 1, new float[] {3}))).labels());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new Agglomerative(1).fit(Dataset.of(new Matrix(2, 1, new float[] {0, Float.NaN}))));
        assertTrue(nan.getMessage().contains("row 1"), nan.getMessage());
    }

    @Test
    void everyMergeJoinsTheNearestPairOfClustersEvenAmongTies() {
        // A 5 x 5 integer grid, where many distances tie: whatever order tied merges take, each must join two of the
        // clusters left at that point that are nearest under the linkage.
        float[] v = new float[50];
        for (int i = 0; i < 25; i++) {
            v[2 * i] = i % 5;
            v[2 * i + 1] = i / 5;
        }
        Matrix x = new Matrix(25, 2, v);
        for (Linkage linkage : Linkage.values()) {
            Dendrogram tree = new Agglomerative(1).withLinkage(linkage).fit(Dataset.of(x)).tree();
            Map<Integer, List<Integer>> clusters = new HashMap<>();
            for (int i = 0; i < 25; i++) {
                clusters.put(i, List.of(i));
            }
            for (int m = 0; m < 24; m++) {
                double nearest = Double.POSITIVE_INFINITY;
                for (List<Integer> p : clusters.values()) {
                    for (List<Integer> q : clusters.values()) {
                        if (p != q) {
                            nearest = Math.min(nearest, linkageDistance(linkage, x, p, q));
                        }
                    }
                }
                List<Integer> left = clusters.remove(tree.left(m));
                List<Integer> right = clusters.remove(tree.right(m));
                String at = linkage + ", merge " + m;
                assertEquals(nearest, tree.distance(m), 1e-12, at);
                assertEquals(linkageDistance(linkage, x, left, right), tree.distance(m), 1e-12, at);
                List<Integer> union = new ArrayList<>(left);
                union.addAll(right);
                clusters.put(25 + m, union);
            }
        }
    }

    private static double linkageDistance(Linkage linkage, Matrix x, List<Integer> p, List<Integer> q) {
        if (linkage == Linkage.WARD) {
            double squared = 0;
            for (int k = 0; k < x.cols(); k++) {
                int col = k;
                double cp = p.stream().mapToDouble(i -> x.get(i, col)).average().orElseThrow();
                double cq = q.stream().mapToDouble(i -> x.get(i, col)).average().orElseThrow();
                squared += (cp - cq) * (cp - cq);
            }
            return Math.sqrt(2.0 * p.size() * q.size() / (p.size() + q.size()) * squared);
        }
        double sum = 0;
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i : p) {
            for (int j : q) {
                double dx = x.get(i, 0) - x.get(j, 0);
                double dy = x.get(i, 1) - x.get(j, 1);
                double dij = Math.sqrt(dx * dx + dy * dy);
                sum += dij;
                max = Math.max(max, dij);
                min = Math.min(min, dij);
            }
        }
        return switch (linkage) {
            case AVERAGE -> sum / (p.size() * q.size());
            case COMPLETE -> max;
            case SINGLE -> min;
            case WARD -> throw new AssertionError();
        };
    }

    @Test
    void wardMergesDuplicatesAtZeroAndCopesWithFewDirections() {
        // 12 dimensions (past Ward's 8-dimensional pruning prefix), but every point on one line: 3 groups of 4
        // duplicates. The principal subspace has one direction; distances must stay exact.
        int d = 12;
        float[] v = new float[12 * d];
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k < d; k++) {
                v[i * d + k] = (i % 3) * 5 * (k + 1);
            }
        }
        Dendrogram tree = new Agglomerative(3).fit(Dataset.of(new Matrix(12, d, v))).tree();
        for (int m = 0; m < 9; m++) {
            assertEquals(0, tree.distance(m), "merge " + m + " joins duplicates");
        }
        double step = 5 * Math.sqrt(650); // |(1, 2, .., 12)| = sqrt(650)
        assertEquals(Math.sqrt(2.0 * 4 * 4 / 8) * step, tree.distance(9), 1e-12 * step);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, tree.cut(3));
    }

    @Test
    void singleLinkageOfManyLowDimensionalItemsIsTheExactSpanningTree() {
        // 6,000 points in 3-D take the KD-tree path: its merge heights must be the minimum spanning tree's edge
        // weights, found here by a plain O(n^2) Prim, and its 7 clusters that tree's 7 components.
        int n = 6000;
        int d = 3;
        SplittableRandom random = new SplittableRandom(11);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() + 4 * ((i / d) % 7) * (i % d == 0 ? 1 : 0));
        }
        Matrix x = new Matrix(n, d, v);
        Agglomerative.Model m = new Agglomerative(7).withLinkage(Linkage.SINGLE).fit(Dataset.of(x));

        double[] reach = new double[n];
        int[] via = new int[n];
        boolean[] in = new boolean[n];
        Arrays.fill(reach, Double.POSITIVE_INFINITY);
        double[] weights = new double[n - 1];
        int[][] edges = new int[n - 1][];
        int current = 0;
        in[0] = true;
        for (int e = 0; e < n - 1; e++) {
            int next = -1;
            for (int j = 0; j < n; j++) {
                if (!in[j]) {
                    double squared = 0;
                    for (int c = 0; c < d; c++) {
                        double diff = (double) v[current * d + c] - v[j * d + c];
                        squared += diff * diff;
                    }
                    if (Math.sqrt(squared) < reach[j]) {
                        reach[j] = Math.sqrt(squared);
                        via[j] = current;
                    }
                    if (next < 0 || reach[j] < reach[next]) {
                        next = j;
                    }
                }
            }
            in[next] = true;
            weights[e] = reach[next];
            edges[e] = new int[] {via[next], next};
            current = next;
        }
        double[] sorted = weights.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, m.tree().distances(), 1e-12);

        // The 7 clusters: join the items along every tree edge but the 6 heaviest.
        double cut = sorted[n - 1 - 6];
        int[] parent = IntStream.range(0, n).toArray();
        for (int e = 0; e < n - 1; e++) {
            if (weights[e] < cut) {
                parent[root(parent, edges[e][0])] = root(parent, edges[e][1]);
            }
        }
        int[] components = new int[n];
        for (int i = 0; i < n; i++) {
            components[i] = root(parent, i);
        }
        SamePartition.assertSame(components, m.labels(), "single linkage, 7 clusters");
    }

    @Test
    void singleLinkageOfManyColumnsIsPrimsTree() {
        // 1,500 items of 24 columns take the tiled Borůvka: the merges of Prim's tree over all pairs, ties included.
        Matrix x = HdbscanAlgorithmTest.mixture(1500, 24, 5, 12);
        Dendrogram tree = new Agglomerative(5).withLinkage(Linkage.SINGLE).fit(Dataset.of(x)).tree();
        Dendrogram prim = new MutualReachability(x, io.latentkit.compute.Metric.EUCLIDEAN).prim(new double[1500])
                .hierarchy();
        assertArrayEquals(prim.distances(), tree.distances(), 0.0);
        assertArrayEquals(prim.children(), tree.children());
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    @Test
    void singleLinkageOfLowDimensionalItemsHasNoSizeLimit() {
        // Past the distance matrix's limit, three far-apart squares of points in the plane.
        int n = Agglomerative.MAX_ITEMS + 10_000;
        float[] v = new float[2 * n];
        int[] square = new int[n];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            square[i] = i % 3;
            v[2 * i] = (float) (random.nextDouble() + 10 * square[i]);
            v[2 * i + 1] = (float) random.nextDouble();
        }
        Agglomerative.Model m = new Agglomerative(3).withLinkage(Linkage.SINGLE).fit(Dataset.of(new Matrix(n, 2, v)));
        SamePartition.assertSame(square, m.labels(), "three squares");
    }
}
