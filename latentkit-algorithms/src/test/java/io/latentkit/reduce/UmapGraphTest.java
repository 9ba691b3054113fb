package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.cluster.EstimatorFixtures;
import io.latentkit.compute.Neighbors;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UmapGraphTest {
    /**
     * Given the same neighbours, the symmetric fuzzy graph is umap-learn's fuzzy_simplicial_set edge for edge: the
     * defaults, a fractional local connectivity with a mixed union, and connectivity below one with the intersection.
     */
    @Test
    void fuzzyGraphMatchesUmapLearn() {
        for (JsonNode c : EstimatorFixtures.load("umap", "fuzzy_graph").get("cases")) {
            String name = "n_neighbors " + c.get("n_neighbors") + ", local_connectivity " + c.get("local_connectivity")
                    + ", set_op_mix_ratio " + c.get("set_op_mix_ratio");
            Neighbors knn = withoutSelf(c.get("knn_indices"), c.get("knn_distances"));
            UmapGraph graph = UmapGraph.symmetric(knn, UmapGraph.memberships(knn, c.get("n_neighbors").asInt(),
                    c.get("local_connectivity").asDouble()), c.get("set_op_mix_ratio").asDouble());
            Map<Long, Double> expected = new HashMap<>();
            for (int e = 0; e < c.get("weights").size(); e++) {
                expected.put(edge(c.get("rows").get(e).asInt(), c.get("columns").get(e).asInt()),
                        c.get("weights").get(e).asDouble());
            }
            assertEquals(expected.size(), graph.edges(), name + ": edges");
            for (int i = 0; i < graph.rows(); i++) {
                for (int e = graph.rowStart()[i]; e < graph.rowStart()[i + 1]; e++) {
                    Double weight = expected.get(edge(i, graph.columns()[e]));
                    String where = name + ": edge " + i + " -> " + graph.columns()[e];
                    assertEquals(true, weight != null, where + " is not in umap-learn's graph");
                    assertEquals(weight, graph.weights()[e], 1e-5, where);
                }
            }
        }
    }

    /** The neighbour lists without their first entry, the point itself, as umap-learn's lists start. */
    private static Neighbors withoutSelf(JsonNode indices, JsonNode distances) {
        int n = indices.size();
        int k = indices.get(0).size() - 1;
        int[] index = new int[n * k];
        float[] distance = new float[n * k];
        for (int i = 0; i < n; i++) {
            assertEquals(i, indices.get(i).get(0).asInt(), "row " + i + " is not its own first neighbour");
            for (int r = 0; r < k; r++) {
                index[i * k + r] = indices.get(i).get(r + 1).asInt();
                distance[i * k + r] = (float) distances.get(i).get(r + 1).asDouble();
            }
        }
        return new Neighbors(k, index, distance);
    }

    private static long edge(int row, int column) {
        return (long) row << 32 | column;
    }
}
