package io.latentkit.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import io.latentkit.data.format.NpyFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void clusterShortForm() throws IOException {
        Path data = Blobs.writeCsv(dir);
        Path runDir = dir.resolve("out");
        int code = run("cluster", data.toString(), "--method", "kmeans", "--k", "3", "--scale", "standard",
                "--reduce", "pca:2", "--labels", "class", "--id", "id", "--seed", "4", "--threads", "1", "--no-cache", "--out", runDir.toString());
        assertEquals(0, code, err());
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.startsWith("method        ACC"), stdout);
        assertTrue(stdout.contains("kmeans     1.0000"), stdout);
        assertTrue(stdout.contains("run folder: " + runDir), stdout);
        assertTrue(err().contains("reduce pca"), "progress goes to stderr");
        assertTrue(Files.readString(runDir.resolve("run.json")).contains("\"seed\" : 4"));
    }

    @Test
    void clusterSweepsAListOrRangeOfKAndPrintsTheSuggestions() throws IOException {
        Path data = Blobs.writeCsv(dir);
        Path runDir = dir.resolve("sweep");
        assertEquals(0, run("cluster", data.toString(), "--method", "gmm", "--k", "2:5", "--labels", "class", "--id", "id",
                "--threads", "1", "--no-cache", "--quiet", "--out", runDir.toString()), err());
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("gmm-k5 "), stdout);
        assertTrue(stdout.contains("sweep gmm: k = 3 by the elbow of inertia, 3 by the highest silhouette, "
                + "3 by the highest Calinski-Harabasz, 3 by the lowest Davies-Bouldin, 3 by the lowest BIC"), stdout);
        assertTrue(Files.isRegularFile(runDir.resolve("sweep-gmm/sweep.csv")));
        assertEquals(0, run("cluster", data.toString(), "--method", "kmeans", "--k", "2,3", "--labels", "class", "--id", "id", "--threads", "1",
                "--no-cache", "--quiet", "--out", dir.resolve("list").toString()), err());
        assertTrue(Files.isRegularFile(dir.resolve("list/kmeans-k3/metrics.json")));
        assertEquals(2, run("cluster", data.toString(), "--method", "kmeans", "--k", "2-5", "--out", dir.resolve("x").toString()));
        assertTrue(err().contains("--k: expected a number (10), a list (2,4,8) or a range (2:20 or 2:20:2), got '2-5'"), err());
    }

    @Test
    void badDataFileExitsTwoNamingTheFile() throws IOException {
        Path bad = dir.resolve("broken.csv");
        Files.writeString(bad, "a,b\n1,2\n3,oops\n");
        int code = run("cluster", bad.toString(), "--method", "kmeans", "--k", "2", "--quiet", "--out", dir.resolve("o").toString());
        assertEquals(2, code);
        String message = err();
        assertTrue(message.startsWith("error: " + bad), message);
        assertEquals(1, message.lines().count(), "one line, no stack trace");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void missingFileAndBadConfigExitTwo() throws IOException {
        assertEquals(2, run("cluster", dir.resolve("nope.csv").toString(), "--method", "kmeans", "--k", "2",
                "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("nope.csv"), err());
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "input: {path: x.csv}\ncluster: [{method: kmeans, k: 0}]\n");
        err.reset();
        assertEquals(2, run("run", config.toString(), "--out", dir.resolve("o").toString()));
        assertEquals("error: " + config + ", cluster[0].k: must be >= 1, got 0", err().strip());
        err.reset();
        assertEquals(2, run("cluster", "x.csv", "--method", "kmeans", "--k", "2", "--reduce", "pca", "--out", "o"));
        assertTrue(err().contains("--reduce: expected METHOD:N_COMPONENTS"), err());
    }

    @Test
    void refusesToOverwrite() throws IOException {
        Path data = Blobs.writeCsv(dir);
        Path taken = dir.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("x"), "x");
        assertEquals(2, run("cluster", data.toString(), "--method", "kmeans", "--k", "3", "--labels", "class", "--id", "id", "--no-cache", "--out", taken.toString()));
        assertTrue(err().contains("exists and is not empty"), err());
        assertEquals(0, run("cluster", data.toString(), "--method", "kmeans", "--k", "3", "--labels", "class", "--id", "id", "--no-cache", "--quiet",
                "--overwrite", "--out", taken.toString()));
    }

    @Test
    void predictAppliesASavedRunToNewData() throws IOException {
        Path data = Blobs.writeCsv(dir);
        Path runDir = dir.resolve("run");
        assertEquals(0, run("cluster", data.toString(), "--method", "gmm", "--k", "3", "--scale", "standard",
                "--reduce", "pca:2", "--labels", "class", "--id", "id", "--seed", "4", "--no-cache", "--quiet",
                "--out", runDir.toString()), err());
        out.reset();
        Path predictions = dir.resolve("predicted.csv");
        int code = run("predict", runDir.toString(), data.toString(), "--labels", "class", "--id", "id",
                "--out", predictions.toString());
        assertEquals(0, code, err());
        assertEquals("ACC 1.0000  NMI 1.0000\npredicted 120 items: " + predictions + "\n",
                out.toString(StandardCharsets.UTF_8).replace("\r", ""));
        assertEquals(Files.readString(runDir.resolve("assignments.csv")), Files.readString(predictions),
                "the saved model reproduces the run's assignments and probabilities");
        Path unlabelled = dir.resolve("unlabelled.csv");
        Files.write(unlabelled, Files.readAllLines(data).stream().map(line -> line.replaceFirst(",[^,]*", "")).toList());
        assertEquals(0, run("predict", runDir.resolve("model").toString(), unlabelled.toString(), "--id", "id",
                "--out", dir.resolve("unlabelled-predicted.csv").toString()), err());
        List<String> rows = Files.readAllLines(dir.resolve("unlabelled-predicted.csv"));
        assertEquals("id,cluster,probability", rows.getFirst());
        assertEquals(Blobs.CLASSES * Blobs.PER_CLASS + 1, rows.size());
    }

    @Test
    void encodeMapsNewDataLikeTheRunAndWritesReconstructionErrors() throws IOException {
        Path data = Blobs.writeCsv(dir);
        Path runDir = dir.resolve("run");
        assertEquals(0, run("cluster", data.toString(), "--method", "kmeans", "--k", "3", "--scale", "standard",
                "--reduce", "pca:2", "--labels", "class", "--id", "id", "--seed", "4", "--no-cache", "--quiet",
                "--out", runDir.toString()), err());
        Path codes = dir.resolve("codes.npy");
        Path errors = dir.resolve("errors.csv");
        assertEquals(0, run("encode", runDir.toString(), data.toString(), "--labels", "class", "--id", "id",
                "--out", codes.toString(), "--errors", errors.toString()), err());
        assertArrayEquals(NpyFormat.readMatrix(runDir.resolve("embedding.npy")).data(),
                NpyFormat.readMatrix(codes).data(), "PCA is the run's last step that reconstructs: its output is the code");
        List<String> rows = Files.readAllLines(errors);
        assertEquals("id,reconstruction_error", rows.getFirst());
        List<String> analysed = Files.readAllLines(runDir.resolve("reconstruction/errors.csv"));
        assertEquals(analysed.get(1).split(",")[1], rows.get(1).split(",")[1], "the same error as the run's analysis");
    }

    @Test
    void umapReductionRunsSavesItsModelAndPredictReproducesTheRun() throws IOException {
        Path data = Blobs.writeCsv(dir);
        Path runDir = dir.resolve("run");
        assertEquals(0, run("cluster", data.toString(), "--method", "kmeans", "--k", "3", "--scale", "standard",
                "--reduce", "umap:2", "--labels", "class", "--id", "id", "--seed", "4", "--no-cache", "--quiet",
                "--out", runDir.toString()), err());
        assertTrue(Files.readString(runDir.resolve("model/transform-1/model.json")).contains("\"umap\""));
        Path predictions = dir.resolve("predicted.csv");
        assertEquals(0, run("predict", runDir.toString(), data.toString(), "--labels", "class", "--id", "id",
                "--out", predictions.toString()), err());
        assertEquals(Files.readString(runDir.resolve("assignments.csv")), Files.readString(predictions));
    }

    @Test
    void predictWithABadModelOrDataExitsTwo() throws IOException {
        Path data = Blobs.writeCsv(dir);
        Path runDir = dir.resolve("run");
        assertEquals(0, run("cluster", data.toString(), "--method", "kmeans", "--k", "3", "--no-cache", "--quiet",
                "--labels", "class", "--id", "id", "--out", runDir.toString()), err());
        Path csv = dir.resolve("p.csv");
        assertEquals(2, run("predict", dir.resolve("nowhere").toString(), data.toString(), "--out", csv.toString()));
        assertTrue(err().startsWith("error: " + dir.resolve("nowhere/model/model.json")), err());
        err.reset();
        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "a,b\n1,2\n3,4\n");
        assertEquals(2, run("predict", runDir.toString(), narrow.toString(), "--out", csv.toString()));
        assertTrue(err().startsWith("error: " + narrow + ": does not fit the model"), err());
        assertEquals(1, err().lines().count(), err());
        err.reset();
        Path json = runDir.resolve("model/model.json");
        Files.writeString(json, Files.readString(json).replace("\"format_version\" : 1", "\"format_version\" : 9"));
        assertEquals(2, run("predict", runDir.toString(), data.toString(), "--out", csv.toString()));
        assertTrue(err().contains("field 'format_version'"), err());
        assertFalse(Files.exists(csv), "nothing is written on failure");
    }

    @Test
    void densityAndHierarchicalMethodsRunSaveAndPredict() throws IOException {
        Path data = Blobs.writeCsv(dir);
        String[][] methods = {{"--method", "dbscan", "--eps", "1.5"}, {"--method", "agglomerative", "--k", "3"},
                {"--method", "hdbscan", "--min-cluster-size", "10"}};
        for (String[] method : methods) {
            Path runDir = dir.resolve(method[1]);
            List<String> args = new java.util.ArrayList<>(List.of("cluster", data.toString()));
            args.addAll(List.of(method));
            args.addAll(List.of("--labels", "class", "--id", "id", "--no-cache", "--quiet", "--out", runDir.toString()));
            assertEquals(0, run(args.toArray(String[]::new)), err());
            String metrics = Files.readString(runDir.resolve("metrics.json"));
            assertTrue(metrics.contains("\"n_clusters\" : 3") && metrics.contains("\"acc\" : 1.0"), metrics);
            Path predictions = dir.resolve(method[1] + ".csv");
            assertEquals(0, run("predict", runDir.toString(), data.toString(), "--labels", "class", "--id", "id",
                    "--out", predictions.toString()), err());
            assertEquals(Files.readString(runDir.resolve("assignments.csv")), Files.readString(predictions), method[1]);
        }
        List<String> hdbscan = Files.readAllLines(dir.resolve("hdbscan").resolve("assignments.csv"));
        assertEquals("id,cluster,label,probability,outlier_score", hdbscan.get(0));
        for (String row : hdbscan.subList(1, hdbscan.size())) {
            String[] v = row.split(",");
            float probability = Float.parseFloat(v[3]);
            float score = Float.parseFloat(v[4]);
            assertTrue(probability >= 0 && probability <= 1 && score >= 0 && score <= 1, row);
        }
        Path single = dir.resolve("single");
        assertEquals(0, run("cluster", data.toString(), "--method", "hdbscan", "--min-cluster-size", "100",
                "--allow-single-cluster", "--id", "id", "--labels", "class", "--no-cache", "--quiet", "--out",
                single.toString()), err());
        assertTrue(Files.readString(single.resolve("metrics.json")).contains("\"n_clusters\" : 1"));
        assertEquals(2, run("cluster", data.toString(), "--method", "dbscan", "--out", dir.resolve("x").toString()));
        assertTrue(err().endsWith("cluster[0].eps: is required\n"), err());
    }

    @Test
    void helpVersionAndUsageErrors() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("latentkit "));
        for (String command : new String[] {"run", "cluster", "predict", "demo"}) {
            assertEquals(0, run(command, "--help"), command);
        }
        assertEquals(2, run("cluster", "x.csv", "--k", "2", "--out", "o"));
        assertTrue(err().startsWith("error: Missing required option: '--method=METHOD'"), err());
    }
}
