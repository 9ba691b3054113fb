package io.latentkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.bench.BenchData.Mixture;
import io.latentkit.bench.N2dBenchmark.Options;
import io.latentkit.bench.N2dBenchmark.Recipe;
import io.latentkit.cluster.CovarianceType;
import io.latentkit.data.Matrix;
import io.latentkit.deep.Activation;
import io.latentkit.deep.DenseNetwork;
import io.latentkit.deep.OutputActivation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class N2dBenchmarkTest {
    @Test
    void optionsDefaultToTheIssuesRecipeAndNameTheBadOption() {
        Options defaults = Options.parse(new String[0]);
        assertEquals(List.of(0L, 1L, 2L), defaults.seeds());
        assertEquals(Recipe.ISSUE, defaults.recipe());
        assertFalse(defaults.quick() || defaults.epochTimeOnly());
        Options some = Options.parse(new String[] {"--seeds", "4, 5", "--quick", "--epoch-time-only", "2",
                "--gmm-n-init", "10", "--umap-epochs", "500", "--out", "x"});
        assertEquals(List.of(4L, 5L), some.seeds());
        assertTrue(some.quick() && some.epochTimeOnly());
        assertEquals(new Recipe(2, 10, 500), some.recipe());
        assertEquals(Path.of("x"), some.out());
        for (String[] bad : List.of(new String[] {"--epochs", "0"}, new String[] {"--gmm-n-init", "x"},
                new String[] {"--seeds", "1,a"}, new String[] {"--seeds", ","}, new String[] {"--umap-epochs"},
                new String[] {"--repeat", "2"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(bad));
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }

    @Test
    void theIssuesRecipeIsN2dsNetworkUmapAndMixture() {
        Recipe issue = Recipe.ISSUE;
        assertEquals(new DenseNetwork(List.of(500, 500, 2000), 10, Activation.RELU, false, 0, OutputActivation.LINEAR),
                issue.autoencoder(7).network());
        assertEquals(30, issue.autoencoder(7).training().epochs());
        assertEquals(256, issue.autoencoder(7).training().batchSize());
        assertEquals(1e-3, issue.autoencoder(7).training().learningRate());
        assertEquals(0, issue.autoencoder(7).training().validationFraction());
        assertEquals(7, issue.autoencoder(7).seed());
        assertEquals(20, issue.umap(7).nNeighbors());
        assertEquals(0, issue.umap(7).minDist());
        assertEquals(10, issue.umap(7).nComponents());
        assertEquals(-1, issue.umap(7).nEpochs());
        assertEquals(CovarianceType.FULL, issue.gmm(7).covarianceType());
        assertEquals(1, issue.gmm(7).nInit());
        assertEquals(true, issue.describe(784).get("issue_recipe"));
        assertEquals(false, new Recipe(30, 10, -1).describe(784).get("issue_recipe"));
    }

    @Test
    void aSeedRecordsEpochsStagesAndScoresAndRepeatsExactly() {
        Mixture mixture = BenchData.gaussianMixture(300, 20, 10, 3);
        Recipe recipe = new Recipe(2, 1, 20);
        Map<String, Object> run = N2dBenchmark.runSeed(recipe, mixture.points(), mixture.components(), 5, false);
        assertEquals(5L, run.get("seed"));
        assertEquals(2, ((List<?>) run.get("epoch_seconds")).size());
        assertEquals(2, ((List<?>) run.get("epoch_cpu_seconds")).size());
        for (String key : List.of("ae_seconds", "embed_seconds", "umap_seconds", "gmm_seconds", "total_seconds")) {
            assertTrue((double) run.get(key) >= 0, key);
        }
        double acc = (double) run.get("acc");
        assertTrue(acc > 0.1 && acc <= 1, "acc " + acc);
        assertTrue((double) run.get("nmi") >= 0 && (double) run.get("ari") <= 1);
        Map<String, Object> again = N2dBenchmark.runSeed(recipe, mixture.points(), mixture.components(), 5, false);
        for (String key : List.of("epoch_loss", "acc", "nmi", "ari", "mean_log_likelihood")) {
            assertEquals(run.get(key), again.get(key), key);
        }
        Map<String, Object> epochsOnly = N2dBenchmark.runSeed(recipe, mixture.points(), mixture.components(), 5, true);
        assertEquals(run.get("epoch_loss"), epochsOnly.get("epoch_loss"));
        assertFalse(epochsOnly.containsKey("acc") || epochsOnly.containsKey("umap_seconds"));
    }

    @Test
    void neighbourAgreementCountsTheNeighboursOfTheSameClass() {
        // 200 points evenly on a circle, classes alternating: of the 19 nearest, the 9 at even steps (2, 4, 6 and 8 on
        // either side, and one of the two at step 10) share the class; the 10 at odd steps (1 to 9) do not.
        int n = 200;
        float[] ring = new float[2 * n];
        int[] alternating = new int[n];
        for (int i = 0; i < n; i++) {
            ring[2 * i] = (float) Math.cos(2 * Math.PI * i / n);
            ring[2 * i + 1] = (float) Math.sin(2 * Math.PI * i / n);
            alternating[i] = i % 2;
        }
        assertEquals(9.0 / 19, N2dBenchmark.neighbourAgreement(new Matrix(n, 2, ring), alternating), 1e-12);
        // Two rings far apart, each its own class: every neighbour shares the class.
        float[] rings = new float[4 * n];
        int[] byRing = new int[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            rings[2 * i] = ring[2 * (i % n)] + (i < n ? 0 : 100);
            rings[2 * i + 1] = ring[2 * (i % n) + 1];
            byRing[i] = i < n ? 0 : 1;
        }
        assertEquals(1.0, N2dBenchmark.neighbourAgreement(new Matrix(2 * n, 2, rings), byRing));
    }
}
