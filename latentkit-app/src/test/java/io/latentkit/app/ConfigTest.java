package io.latentkit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.app.params.ConfigException;
import io.latentkit.app.pipeline.Pipeline;
import io.latentkit.app.pipeline.PipelineConfig;
import io.latentkit.app.run.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String error(String yaml) throws IOException {
        Path file = write("demo.yaml", yaml);
        return assertThrows(ConfigException.class, () -> PipelineConfig.load(file).build()).getMessage();
    }

    @Test
    void resolvesDefaultsAndRelativePaths() throws IOException {
        Path file = write("demo.yaml", """
                seed: 3
                input: {path: data/x.csv, label_column: class}
                steps:
                  - {scale: minmax}
                  - {scale: none}
                  - {reduce: pca, n_components: 2}
                cluster:
                  - {method: kmeans, k: 4}
                  - {method: kmeans, k: 5, seed: 11}
                """);
        Pipeline p = PipelineConfig.load(file).build();
        assertEquals("demo", p.name());
        assertEquals(dir.resolve("data/x.csv"), p.input().path());
        assertEquals(2, p.steps().size(), "scale: none adds no step");
        assertEquals(Evaluation.Silhouette.AUTO, p.evaluation().silhouette());
        Map<String, Object> config = p.toConfig();
        assertEquals(Runtime.getRuntime().availableProcessors(), config.get("threads"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cluster = (List<Map<String, Object>>) config.get("cluster");
        assertEquals(Map.of("method", "kmeans", "name", "kmeans", "k", 4, "n_init", 1, "max_iter", 300,
                "tol", 1e-4, "seed", 3L), cluster.get(0));
        assertEquals("kmeans-2", cluster.get(1).get("name"));
        assertEquals(11L, cluster.get(1).get("seed"), "a step's own seed wins over the pipeline seed");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) config.get("steps");
        assertEquals(3L, steps.get(1).get("seed"));
        assertEquals(0.0, steps.get(0).get("min"));
    }

    @Test
    void aListOrRangeOfKBecomesASweepThatRoundTripsThroughTheResolvedConfig() throws IOException {
        Path file = write("sweep.yaml", """
                input: {path: x.csv}
                cluster:
                  - {method: kmeans, k: "2:8:3"}
                  - {method: kmeans, k: [16, 4]}
                  - {method: gmm, k: 3}
                """);
        Pipeline p = PipelineConfig.load(file).build();
        assertEquals(List.of("kmeans-k2", "kmeans-k5", "kmeans-k8", "kmeans-2-k4", "kmeans-2-k16", "gmm"),
                p.clusterers().stream().map(c -> c.name()).toList());
        assertEquals(Arrays.asList("kmeans", "kmeans", "kmeans", "kmeans-2", "kmeans-2", null),
                p.clusterers().stream().map(c -> c.sweep()).toList());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resolved = (List<Map<String, Object>>) p.toConfig().get("cluster");
        assertEquals("kmeans-2", resolved.get(3).get("sweep"));
        assertEquals(4, resolved.get(3).get("k"));
        Path huge = write("huge.yaml", "input: {path: x.csv}\ncluster: [{method: kmeans, k: \"2147483640:2147483647:5\"}]\n");
        assertEquals(2, PipelineConfig.load(huge).build().clusterers().size(), "a range near the largest int ends");
        Pipeline.Builder again = Pipeline.builder().name("again");
        resolved.forEach(c -> again.cluster((String) c.get("method"), c));
        assertEquals(resolved, again.build().toConfig().get("cluster"));
    }

    @Test
    void badSweepsNameTheKey() throws IOException {
        String head = "input: {path: x.csv}\ncluster:\n  - ";
        assertTrue(error(head + "{method: kmeans, k: [2, 3, 2]}").contains("cluster[0].k[2]: repeats k = 2"),
                error(head + "{method: kmeans, k: [2, 3, 2]}"));
        assertTrue(error(head + "{method: kmeans, k: [2, 0]}").contains("cluster[0].k[1]: must be a whole number >= 1"));
        assertTrue(error(head + "{method: kmeans, k: [2.5]}").contains("cluster[0].k[0]"));
        assertTrue(error(head + "{method: kmeans, k: []}").contains("lists no value of k"));
        assertTrue(error(head + "{method: kmeans, k: \"9:3\"}").contains("needs 1 <= FROM <= TO"));
        assertTrue(error(head + "{method: kmeans, k: \"1:100000\"}").contains("more than 4096 values"));
        assertTrue(error(head + "{method: kmeans, k: \"2:x\"}").contains("cluster[0].k: expected a whole number, a list"));
        assertTrue(error(head + "{method: dbscan, eps: 1, k: [2, 3]}").contains("unknown key 'k' in cluster[0]"));
        assertTrue(error(head + "{method: dbscan, eps: 1, sweep: s}\n  - {method: kmeans, k: 3}")
                .contains("'dbscan' is in sweep 's', but its method dbscan takes no k"));
        assertTrue(error(head + "{method: kmeans, k: 3, sweep: s}\n  - {method: gmm, k: [3, 4], sweep: s}")
                .contains("sweep 's' has k = 3 twice"));
        assertTrue(error(head + "{method: kmeans, k: [2, 3], sweep: a/b}").contains("cluster[0].sweep: must be letters"));
    }

    @Test
    void umapStepTakesUmapLearnNamesAndDefaults() throws IOException {
        Path file = write("umap.yaml", """
                seed: 5
                input: {path: x.csv}
                steps:
                  - {reduce: umap, n_components: 10, n_neighbors: 20, min_dist: 0.0}
                cluster: [{method: gmm, k: 10}]
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> step = ((List<Map<String, Object>>) PipelineConfig.load(file).build().toConfig().get("steps"))
                .getFirst();
        assertEquals("umap", step.get("reduce"));
        assertEquals(10, step.get("n_components"));
        assertEquals(20, step.get("n_neighbors"));
        assertEquals(0.0, step.get("min_dist"));
        assertEquals(1.0, step.get("spread"));
        assertEquals("euclidean", step.get("metric"));
        assertEquals(-1, step.get("n_epochs"));
        assertEquals(5, step.get("negative_sample_rate"));
        assertEquals(5L, step.get("seed"));
        assertTrue(error("input: {path: x.csv}\nsteps: [{reduce: umap, n_neighbors: 1}]\ncluster: [{method: kmeans, k: 2}]\n")
                .contains("steps[0].n_neighbors"));
        assertTrue(error("input: {path: x.csv}\nsteps: [{reduce: umap, min_dist: 2}]\ncluster: [{method: kmeans, k: 2}]\n")
                .contains("minDist"));
    }

    @Test
    void readsJson() throws IOException {
        Path file = write("p.json", """
                {"input": {"path": "x.npy"}, "cluster": {"method": "gmm", "k": 2, "covariance_type": "diag"}}
                """);
        Pipeline p = PipelineConfig.load(file).build();
        assertEquals("diag", p.clusterers().getFirst().params().text("covariance_type"));
    }

    @Test
    void resolvesAnchorsAliasesAndMergeKeys() throws IOException {
        Path reused = write("reused.yaml", """
                input: {path: x.csv}
                spaces:
                  small: [&ae {encode: ae, hidden: [16], latent: 4, epochs: 3, learning_rate: 1e-3}]
                  again: [*ae, {reduce: pca, n_components: 2}]
                  wider: [{<<: *ae, latent: 8}]
                cluster: [{method: kmeans, k: 2}]
                """);
        Path spelledOut = write("spelled.yaml", """
                input: {path: x.csv}
                spaces:
                  small: [{encode: ae, hidden: [16], latent: 4, epochs: 3, learning_rate: 0.001}]
                  again: [{encode: ae, hidden: [16], latent: 4, epochs: 3, learning_rate: 0.001},
                          {reduce: pca, n_components: 2}]
                  wider: [{encode: ae, hidden: [16], latent: 8, epochs: 3, learning_rate: 0.001}]
                cluster: [{method: kmeans, k: 2}]
                """);
        assertEquals(PipelineConfig.load(spelledOut).build().toConfig().get("spaces"),
                PipelineConfig.load(reused).build().toConfig().get("spaces"));
    }

    @Test
    void yamlErrorsNameTheLine() throws IOException {
        assertTrue(error("input: {path: x.csv}\nsteps: [*missing]\ncluster: [{method: kmeans, k: 2}]\n")
                .endsWith("demo.yaml: cannot parse: found undefined alias missing (line 2, column 9)"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: kmeans, k: 2}]\ncluster: []\n")
                .contains("found duplicate key cluster (line 3, column 1)"));
        assertTrue(error("input: {path: no}\ncluster: [{method: kmeans, k: no}]\n")
                .endsWith("cluster[0].k: must be a whole number, got 'no'"), "no is a string, not false");
    }

    @Test
    void unknownKeyNamesSectionAndKnownKeys() throws IOException {
        assertEquals("demo.yaml: unknown key 'n_inits' in cluster[0] (known: k, n_init, max_iter, tol, seed, method, name, sweep)",
                error("input: {path: x.csv}\ncluster:\n  - {method: kmeans, k: 3, n_inits: 2}\n").replace(dir + "/", ""));
        assertTrue(error("input: {path: x.csv}\nclusters: []\n").endsWith("unknown key 'clusters' at the top level "
                + "(known: name, seed, threads, input, steps, spaces, seeds, cluster, evaluation, reconstruction, output)"));
    }

    @Test
    void badValueNamesKeyPath() throws IOException {
        String message = error("input: {path: x.csv}\ncluster:\n  - {method: kmeans, k: 2}\n  - {method: gmm, k: 0}\n");
        assertTrue(message.endsWith("demo.yaml, cluster[1].k: must be >= 1, got 0"), message);
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: gmm, k: 2, covariance_type: ful}]\n")
                .endsWith("cluster[0].covariance_type: must be one of full, diag, spherical, got 'ful'"));
        assertTrue(error("input: {path: x.csv}\nsteps: [{reduce: pca}]\ncluster: [{method: kmeans, k: 2}]\n")
                .endsWith("steps[0].n_components: is required"));
        assertTrue(error("input: {path: x.csv}\nsteps: [{scale: minmax, min: 1, max: 0}]\ncluster: [{method: kmeans, k: 2}]\n")
                .endsWith("steps[0]: feature range must have min < max, got [1.0, 0.0]"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: optics}]\n")
                .endsWith("cluster[0].method: unknown method 'optics' (known: kmeans, minibatch_kmeans, gmm, dbscan, "
                        + "hdbscan, agglomerative)"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: hdbscan, min_cluster_size: 1}]\n")
                .endsWith("cluster[0].min_cluster_size: must be >= 2, got 1"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: hdbscan, cluster_selection_method: tree}]\n")
                .endsWith("cluster[0].cluster_selection_method: must be one of eom, leaf, got 'tree'"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: hdbscan, algorithm: kruskal}]\n")
                .endsWith("cluster[0].algorithm: must be one of auto, prim, boruvka, tiled, got 'kruskal'"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: hdbscan, allow_single_cluster: maybe}]\n")
                .contains("cluster[0].allow_single_cluster"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: dbscan}]\n").endsWith("cluster[0].eps: is required"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: dbscan, eps: often}]\n")
                .endsWith("cluster[0].eps: must be a number or 'auto', got 'often'"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: dbscan, eps: 0}]\n")
                .endsWith("cluster[0]: eps must be a finite number > 0, got 0.0"));
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: agglomerative, k: 3, distance_threshold: 2.5}]\n")
                .endsWith("cluster[0]: give either k or distance_threshold"));
    }

    @Test
    void badTypeNamesKeyPath() throws IOException {
        assertTrue(error("input: {path: x.csv}\ncluster: [{method: kmeans, k: ten}]\n")
                .endsWith("cluster[0].k: must be a whole number, got 'ten'"));
        assertTrue(error("input: {path: x.csv}\nevaluation: {silhouette: auto, silhouette_sample_size: 1.5}\ncluster: [{method: kmeans, k: 2}]\n")
                .endsWith("evaluation.silhouette_sample_size: must be a whole number, got 1.5"));
        assertTrue(error("input: {path: x.csv}\noutput: {figures: yes please}\ncluster: [{method: kmeans, k: 2}]\n")
                .endsWith("output.figures: must be true or false, got 'yes please'"));
        assertTrue(error("input: {path: x.csv}\n").endsWith("cluster: at least one clusterer is required, e.g. {method: kmeans, k: 10}"));
        assertTrue(error("cluster: [{method: kmeans, k: 2}]\n").endsWith("input.path: is required"));
    }

    @Test
    void javaBuilderGivesTheSameMessages() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Pipeline.builder().cluster("kmeans", Map.of("k", 0)));
        assertEquals("cluster[0].k: must be >= 1, got 0", e.getMessage());
    }

    @Test
    void everyShippedConfigIsValid() throws IOException {
        Path configs = Path.of("..", "configs");
        try (var files = Files.list(configs)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(yaml.size() >= 3, yaml.toString());
            for (Path f : yaml) {
                Pipeline p = PipelineConfig.load(f).build();
                assertTrue(Files.isRegularFile(p.input().path()), f + ": " + p.input().path());
            }
        }
        Pipeline seed000 = PipelineConfig.load(configs.resolve("seed000.yaml")).build();
        assertEquals(List.of("latent", "original", "umap50", "umap25", "latent_umap25"),
                seed000.spaces().stream().map(Pipeline.Space::name).toList());
        assertEquals(seed000.spaces().getFirst().steps().getFirst().toConfig(0),
                seed000.spaces().getLast().steps().getFirst().toConfig(0),
                "latent_umap25 starts with the latent space's encoder step");
        assertEquals(13, PipelineConfig.load(configs.resolve("seed001.yaml")).build().spaces().size());
        Pipeline seed002 = PipelineConfig.load(configs.resolve("seed002.yaml")).build();
        assertEquals(11, seed002.clusterers().size(), "ten values of k and DBSCAN");
        assertEquals("kmeans-k1024", seed002.clusterers().get(9).name());
    }
}
