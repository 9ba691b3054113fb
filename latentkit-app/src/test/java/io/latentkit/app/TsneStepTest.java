package io.latentkit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.app.params.ConfigException;
import io.latentkit.app.pipeline.PipelineConfig;
import io.latentkit.app.run.RunFolder;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.persist.ModelStore;
import io.latentkit.reduce.Tsne;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tsne reduce step from the command line and from a config file. */
class TsneStepTest {
    @TempDir
    Path dir;

    @Test
    void clusterWithReduceTsneWritesARunFolderWithItsModel() {
        Path data = Blobs.writeCsv(dir);
        Path runDir = dir.resolve("out");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "cluster", data.toString(), "--method", "kmeans",
                "--k", "3", "--scale", "standard", "--reduce", "tsne:2", "--labels", "class", "--id", "id",
                "--seed", "4", "--threads", "1", "--no-cache", "--quiet", "--out", runDir.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("kmeans     1.0000"),
                "t-SNE keeps well-separated blobs apart");

        Dataset training = DatasetFormats.read(new InputSpec(data, null, "id", "class", List.of(), List.of(), null,
                null, false)).dataset();
        FittedPipeline model = ModelStore.load(runDir.resolve(RunFolder.MODEL), FittedPipeline.class);
        assertInstanceOf(Tsne.Model.class, model.transforms().get(1));
        assertEquals(NpyFormat.readMatrix(runDir.resolve("embedding.npy")), model.transform(training).features(),
                "the saved model gives the training items their map");
    }

    @Test
    void configStepTakesScikitLearnNames() throws IOException {
        Path file = dir.resolve("tsne.yaml");
        Files.writeString(file, """
                input: {path: x.csv}
                steps:
                  - {reduce: tsne, n_components: 3, perplexity: 20, angle: 0.3, method: barnes_hut}
                cluster: [{method: kmeans, k: 2}]
                """);
        assertEquals(1, PipelineConfig.load(file).build().steps().size());
        Files.writeString(file, "input: {path: x.csv}\nsteps: [{reduce: tsne, n_components: 4}]\n"
                + "cluster: [{method: kmeans, k: 2}]\n");
        String message = assertThrows(ConfigException.class, () -> PipelineConfig.load(file).build()).getMessage();
        assertTrue(message.endsWith("steps[0]: nComponents must be 2 or 3, got 4"), message);
        Files.writeString(file, "input: {path: x.csv}\nsteps: [{reduce: tsne, n_components: 2, method: fft}]\n"
                + "cluster: [{method: kmeans, k: 2}]\n");
        assertEquals(1, PipelineConfig.load(file).build().steps().size());
        Files.writeString(file, "input: {path: x.csv}\nsteps: [{reduce: tsne, n_components: 3, method: fft}]\n"
                + "cluster: [{method: kmeans, k: 2}]\n");
        message = assertThrows(ConfigException.class, () -> PipelineConfig.load(file).build()).getMessage();
        assertTrue(message.contains("method FFT needs nComponents 2"), message);
    }
}
