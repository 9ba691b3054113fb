package io.latentkit.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentkit.app.pipeline.Pipeline;
import io.latentkit.app.pipeline.Progress;
import io.latentkit.app.pipeline.RunOptions;
import io.latentkit.app.pipeline.RunResult;
import io.latentkit.app.run.ReconstructionOptions;
import io.latentkit.app.run.RunFolder;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.persist.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path data;
    private RunOptions options;

    @BeforeEach
    void setUp() {
        data = Blobs.writeCsv(dir);
        options = RunOptions.defaults().withCacheDir(dir.resolve("cache"));
    }

    private Pipeline.Builder blobs() {
        return Pipeline.builder().name("blobs").seed(1).threads(1)
                .input(new InputSpec(data, null, "id", "class", List.of(), List.of(), null, null, false))
                .scale("standard")
                .reduce("pca", Map.of("n_components", 3));
    }

    @Test
    void writesACompleteRunFolder() throws IOException {
        Path out = dir.resolve("run");
        RunResult result = blobs().cluster("gmm", Map.of("k", 3)).build().run(out, options);
        assertEquals(out, result.folder());
        for (String f : List.of("run.json", "metrics.json", "assignments.csv", "embedding.npy",
                "figures/clusters.png", "figures/labels.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        Set<String> keys = new HashSet<>();
        metrics.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("n", "d", "k", "n_clusters", "acc", "nmi", "ari", "ami", "homogeneity", "completeness",
                "v_measure", "purity", "silhouette", "silhouette_method", "calinski_harabasz", "davies_bouldin",
                "inertia", "log_likelihood", "bic", "aic", "seconds"), keys);
        metrics.forEach(v -> assertFalse(v.isNumber() && !Double.isFinite(v.doubleValue())));
        assertEquals(1.0, metrics.get("acc").doubleValue(), 1e-9, "well-separated blobs are recovered exactly");
        assertEquals(3, metrics.get("d").intValue(), "internal metrics are computed in the clustered space");
        assertEquals("exact", metrics.get("silhouette_method").textValue());

        List<String> rows = Files.readAllLines(out.resolve("assignments.csv"));
        assertEquals("id,cluster,label,probability", rows.getFirst());
        assertEquals(Blobs.CLASSES * Blobs.PER_CLASS + 1, rows.size());
        assertTrue(rows.get(1).startsWith("item-0-0,"));
        assertEquals(3, NpyFormat.readMatrix(out.resolve("embedding.npy")).cols());

        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals(120, run.get("input").get("rows").intValue());
        assertTrue(run.get("input").get("fingerprint").textValue().startsWith("sha256:"));
        assertEquals(1L, run.get("config").get("cluster").get(0).get("seed").longValue());
        assertEquals("csv", run.get("config").get("input").get("format").textValue());
        try (Stream<Path> siblings = Files.list(dir)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".run")), "no staging folder left");
        }
    }

    @Test
    void severalClusterersGetFoldersAndASummary() throws IOException {
        Path out = dir.resolve("multi");
        RunResult result = blobs().cluster("kmeans", Map.of("k", 3)).cluster("kmeans", Map.of("k", 2))
                .evaluation(new io.latentkit.app.run.Evaluation(io.latentkit.app.run.Evaluation.Silhouette.SAMPLED, 50))
                .build().run(out, options);
        assertEquals(List.of("kmeans", "kmeans-2"), result.clusterers().stream().map(RunResult.Clusterer::name).toList());
        assertTrue(Files.isRegularFile(out.resolve("kmeans/metrics.json")));
        assertTrue(Files.isRegularFile(out.resolve("kmeans-2/assignments.csv")));
        assertTrue(Files.isRegularFile(out.resolve("run.json")));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, summary.size());
        assertTrue(summary.get(2).startsWith("1,kmeans-2,kmeans,120,3,2,2,"), summary.get(2));
        assertEquals(50L, ((Number) result.clusterer("kmeans").metrics().get("silhouette_sample_size")).longValue());
        assertFalse(result.clusterer("kmeans").metrics().containsKey("log_likelihood"));
    }

    @Test
    void aSweepOverKFindsTheThreeBlobsByEveryCriterion() throws IOException {
        Path out = dir.resolve("sweep");
        // Unscaled: standardising would stretch the blobs along their one noise column, which CH and DB then split.
        RunResult result = Pipeline.builder().name("sweep").seed(1).threads(1)
                .input(new InputSpec(data, null, "id", "class", List.of(), List.of(), null, null, false))
                .cluster("kmeans", Map.of("k", "1:6", "n_init", 3))
                .cluster("gmm", Map.of("k", List.of(1, 2, 3, 4, 5)))
                .build().run(out, options);
        assertEquals(11, result.clusterers().size());
        assertEquals(List.of("kmeans", "gmm"), result.sweeps().stream().map(RunResult.Sweep::name).toList());
        assertEquals(Map.of("elbow_inertia", 3, "max_silhouette", 3, "max_calinski_harabasz", 3,
                "min_davies_bouldin", 3), result.sweeps().get(0).suggestedK());
        assertEquals(3, result.sweeps().get(1).suggestedK().get("min_bic"));
        assertEquals(out.resolve("sweep-gmm"), result.sweeps().get(1).folder());
        for (String f : List.of("kmeans-k1/metrics.json", "gmm-k5/model/model.json", "sweep-kmeans/inertia.png",
                "sweep-kmeans/silhouette.png", "sweep-gmm/bic.png", "sweep-gmm/embedding.npy", "summary.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertFalse(Files.exists(out.resolve("gmm-k5/embedding.npy")), "the members' shared space is written once");
        List<String> table = Files.readAllLines(out.resolve("sweep-kmeans/sweep.csv"));
        assertEquals(7, table.size());
        assertTrue(table.get(0).startsWith("k,n,d,n_clusters,acc,"), table.get(0));
        assertTrue(table.get(3).startsWith("3,120,4,3,1.0,"), table.get(3));
        // k = 1 has inertia but no silhouette: its row leaves the cell empty rather than writing NaN
        List<String> header = List.of(table.get(0).split(","));
        assertEquals("", table.get(1).split(",", -1)[header.indexOf("silhouette")]);
        JsonNode sweep = JSON.readTree(out.resolve("sweep-gmm/sweep.json").toFile());
        assertEquals("[1,2,3,4,5]", sweep.get("k").toString());
        assertEquals(3, sweep.get("suggested_k").get("min_bic").intValue());
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertTrue(run.get("steps").findValues("suggested_k").size() == 2, run.get("steps").toString());
    }

    @Test
    void dbscanWithAutomaticEpsTakesTheKneeOfTheKDistanceCurve() throws IOException {
        Path out = dir.resolve("dbscan");
        RunResult result = blobs().cluster("dbscan", Map.of("eps", "auto", "min_samples", 5)).build().run(out, options);
        Map<String, Object> metrics = result.clusterers().getFirst().metrics();
        Dataset space = DatasetFormats.read(new InputSpec(data, null, "id", "class", List.of(), List.of(), null, null,
                false)).dataset();
        FittedPipeline steps = ModelStore.load(out.resolve(RunFolder.MODEL), FittedPipeline.class);
        double knee = io.latentkit.cluster.KDistance.of(steps.transform(space).features(), 5,
                io.latentkit.compute.Metric.EUCLIDEAN).suggestedEps();
        assertEquals(knee, ((Number) metrics.get("eps")).doubleValue(), 0.0);
        assertEquals(3, ((Number) metrics.get("n_clusters")).intValue());
        // The knee keeps the dense points as core points; a few outer ones stay noise (ACC 0.94 here).
        assertTrue(((Number) metrics.get("acc")).doubleValue() > 0.9, metrics.toString());
    }

    @Test
    void spacesAndSeedsNestFoldersShareStepsAndSummariseOverSeeds() throws IOException {
        Path out = dir.resolve("spaces");
        List<String> progress = new ArrayList<>();
        RunResult result = Pipeline.builder().name("spaces").threads(1)
                .input(new InputSpec(data, null, "id", "class", List.of(), List.of(), null, null, false))
                .scale("standard")
                .space("original")
                .space("pca3", Map.of("reduce", "pca", "n_components", 3))
                .space("pca2", Map.of("reduce", "pca", "n_components", 3), Map.of("reduce", "pca", "n_components", 2))
                .seeds(List.of(4L, 5L))
                .cluster("kmeans", Map.of("k", 3))
                .build()
                .run(out, options.withProgress((step, seconds, cached) -> progress.add(step + (cached ? " (cached)" : ""))));
        assertEquals(6, result.clusterers().size());
        assertEquals("pca2/kmeans seed 5", result.label(result.clusterers().getLast()));
        for (String f : List.of("seed-4/original/metrics.json", "seed-4/pca3/model/model.json",
                "seed-5/pca2/assignments.csv", "summary.csv", "summary_over_seeds.csv", "run.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(2, NpyFormat.readMatrix(out.resolve("seed-5/pca2/embedding.npy")).cols());
        // pca2 starts with the same PCA-3 step as pca3: computed once per seed, reused once
        assertEquals(2, progress.stream().filter(p -> p.equals("reduce pca (cached)")).count(), progress.toString());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(7, summary.size());
        assertTrue(summary.get(0).startsWith("seed,space,name,method,"));
        List<String> overSeeds = Files.readAllLines(out.resolve("summary_over_seeds.csv"));
        assertEquals(4, overSeeds.size());
        assertTrue(overSeeds.get(0).startsWith("space,name,method,seeds,n_mean,n_std,"), overSeeds.get(0));
        assertTrue(overSeeds.get(1).startsWith("original,kmeans,kmeans,2,120,0,"), overSeeds.get(1));
        JsonNode run = JSON.readTree(out.resolve("seed-5/pca2/run.json").toFile());
        assertEquals(5L, run.get("seed").longValue());
        assertEquals(2, run.get("config").get("spaces").get("pca2").size());
    }

    @Test
    void aReconstructingStepGetsTheReconstructionAnalysisAndClustersGetSamples() throws IOException {
        Path out = dir.resolve("recon");
        blobs().cluster("kmeans", Map.of("k", 3))
                .reconstruction(new ReconstructionOptions(true, "p90", 5, 2))
                .build().run(out, options);
        for (String f : List.of("reconstruction/summary.json", "reconstruction/errors.csv", "reconstruction/worst.csv",
                "reconstruction/by_category.csv", "reconstruction/histogram.png", "cluster_samples.csv",
                "cluster_samples.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (Stream<Path> plots = Files.list(out.resolve("reconstruction/worst"))) {
            assertEquals(2, plots.count());
        }
        JsonNode summary = JSON.readTree(out.resolve("reconstruction/summary.json").toFile());
        assertEquals(120, summary.get("items").intValue());
        assertEquals(12, summary.get("poorly_reconstructed").intValue(), "10% of 120 items lie above the 90th percentile");
        List<String> worst = Files.readAllLines(out.resolve("reconstruction/worst.csv"));
        assertEquals("rank,id,error,poorly_reconstructed,label", worst.getFirst());
        assertEquals(6, worst.size());
        List<String> byCategory = Files.readAllLines(out.resolve("reconstruction/by_category.csv"));
        assertEquals(Blobs.CLASSES + 1, byCategory.size());
        int flagged = byCategory.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[2])).sum();
        assertEquals(12, flagged);
        List<String> samples = Files.readAllLines(out.resolve("cluster_samples.csv"));
        assertEquals("cluster,size,sample,id,label", samples.getFirst());
        assertEquals(1 + 3 * 2, samples.size(), "two items from each of the three clusters");
    }

    @Test
    void anAutoencoderStepTrainsRecordsItsHistoryAndAnalysesReconstruction() throws IOException {
        Path out = dir.resolve("ae");
        RunResult result = Pipeline.builder().name("ae").seed(3).threads(1)
                .input(new InputSpec(data, null, "id", "class", List.of(), List.of(), null, null, false))
                .scale("standard")
                .encode("ae", Map.of("hidden", List.of(16), "latent", 2, "epochs", 30, "batch_size", 32,
                        "learning_rate", 0.01, "validation_split", 0.2))
                .cluster("kmeans", Map.of("k", 3))
                .build().run(out, options);
        for (String f : List.of("training/history.csv", "training/loss.png", "reconstruction/errors.csv",
                "model/transform-1/model.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        List<String> history = Files.readAllLines(out.resolve("training/history.csv"));
        assertEquals("epoch,loss,val_loss,learning_rate,seconds", history.getFirst());
        assertEquals(31, history.size());
        double first = Double.parseDouble(history.get(1).split(",")[1]);
        double last = Double.parseDouble(history.getLast().split(",")[1]);
        assertTrue(last < first / 2, "training reduces the loss: " + first + " -> " + last);
        assertEquals(2, NpyFormat.readMatrix(out.resolve("embedding.npy")).cols());
        assertEquals(1.0, ((Number) result.clusterers().getFirst().metrics().get("acc")).doubleValue(), 1e-9,
                "well-separated blobs stay separated in a 2-d code");
        FittedPipeline model = ModelStore.load(out.resolve("model"), FittedPipeline.class);
        Dataset items = DatasetFormats.read(new InputSpec(data, null, "id", "class", List.of(), List.of(), null, null,
                false)).dataset();
        assertArrayEquals(NpyFormat.readMatrix(out.resolve("embedding.npy")).data(), model.transform(items).features().data(),
                "the saved encoder reproduces the run's codes");
    }

    @Test
    void crossValidationChoosesTheEncodersLayersAndWritesItsTable() throws IOException {
        Path out = dir.resolve("cv");
        blobs().encode("ae", Map.of("cv_hidden", List.of(List.of(4), List.of(16, 8)), "cv_folds", 2, "latent", 2,
                        "epochs", 3, "batch_size", 32))
                .cluster("kmeans", Map.of("k", 3)).build().run(out, options);
        List<String> table = Files.readAllLines(out.resolve("training/cross_validation.csv"));
        assertEquals("network,mean_val_loss,std_val_loss,chosen,fold_1,fold_2", table.getFirst());
        assertEquals(3, table.size());
        assertEquals(1, table.stream().filter(l -> l.contains(",true,")).count(), "exactly one network is chosen");
        assertTrue(table.get(1).startsWith("[4],"), table.get(1));
    }

    @Test
    void sameSeedGivesIdenticalAssignments() throws IOException {
        Pipeline p = blobs().cluster("gmm", Map.of("k", 3, "covariance_type", "diag")).build();
        p.run(dir.resolve("a"), options.withCacheDir(null));
        p.run(dir.resolve("b"), options.withCacheDir(null));
        assertEquals(Files.readString(dir.resolve("a/assignments.csv")), Files.readString(dir.resolve("b/assignments.csv")));
    }

    @Test
    void reusesCachedStepOutputs() throws IOException {
        Pipeline p = blobs().cluster("kmeans", Map.of("k", 3)).build();
        List<Boolean> cached = new ArrayList<>();
        Progress record = (step, seconds, hit) -> {
            if (step.startsWith("scale") || step.startsWith("reduce")) {
                cached.add(hit);
            }
        };
        p.run(dir.resolve("first"), options.withProgress(record));
        p.run(dir.resolve("second"), options.withProgress(record));
        assertEquals(List.of(false, false, true, true), cached);
        JsonNode steps = JSON.readTree(dir.resolve("second/run.json").toFile()).get("steps");
        assertTrue(steps.get(1).get("cached").booleanValue());
        assertEquals(Files.readString(dir.resolve("first/assignments.csv")), Files.readString(dir.resolve("second/assignments.csv")));
        assertEquals(NpyFormat.readMatrix(dir.resolve("first/embedding.npy")), NpyFormat.readMatrix(dir.resolve("second/embedding.npy")));
        p.withSeed(2).run(dir.resolve("third"), options.withProgress(record));
        assertEquals(List.of(false, false, true, true, true, false), cached, "the PCA seed is part of its key");
    }

    /** The cluster column of assignments.csv. */
    private static int[] clusters(Path assignments) throws IOException {
        return Files.readAllLines(assignments).stream().skip(1).mapToInt(r -> Integer.parseInt(r.split(",")[1])).toArray();
    }

    @Test
    void runFoldersKeepTheirModelWhichReproducesTheAssignments() throws IOException {
        Dataset training = DatasetFormats.read(new InputSpec(data, null, "id", "class", List.of(), List.of(), null, null,
                false)).dataset();
        Pipeline p = blobs().cluster("kmeans", Map.of("k", 3)).cluster("gmm", Map.of("k", 3, "covariance_type", "full"))
                .build();
        for (String run : List.of("first", "cached")) {
            p.run(dir.resolve(run), options);
            for (String clusterer : List.of("kmeans", "gmm")) {
                Path folder = dir.resolve(run).resolve(clusterer);
                FittedPipeline model = ModelStore.load(folder.resolve(RunFolder.MODEL), FittedPipeline.class);
                assertEquals(2, model.transforms().size(), run + "/" + clusterer);
                assertArrayEquals(clusters(folder.resolve("assignments.csv")), model.predict(training),
                        run + "/" + clusterer);
                assertEquals(NpyFormat.readMatrix(folder.resolve("embedding.npy")), model.transform(training).features());
            }
        }
        JsonNode steps = JSON.readTree(dir.resolve("cached/run.json").toFile()).get("steps");
        assertTrue(steps.get(1).get("cached").booleanValue(), "the second run restored its transforms from the cache");
    }

    @Test
    void refusesANonEmptyFolderUnlessOverwriting() throws IOException {
        Path out = dir.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        Pipeline p = blobs().cluster("kmeans", Map.of("k", 3)).build();
        RunFolder.OutputExistsException e = assertThrows(RunFolder.OutputExistsException.class, () -> p.run(out, options));
        assertTrue(e.getMessage().contains("exists and is not empty"));
        assertTrue(Files.exists(out.resolve("keep.txt")));

        p.run(out, options.withOverwrite(true));
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertTrue(Files.exists(out.resolve("metrics.json")));
    }

    @Test
    void aFailedRunLeavesTheOldFolderAndNoStaging() throws IOException {
        Path out = dir.resolve("kept");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        Pipeline tooManyClusters = blobs().cluster("kmeans", Map.of("k", 500)).build();
        assertThrows(IllegalArgumentException.class, () -> tooManyClusters.run(out, options.withOverwrite(true)));
        assertTrue(Files.exists(out.resolve("keep.txt")));
        try (Stream<Path> siblings = Files.list(dir)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".kept")));
        }
    }
}
