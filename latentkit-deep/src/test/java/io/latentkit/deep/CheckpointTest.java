package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path tmp;

    /** Every piece of state: batch norm statistics, dropout, noise, a validation split and both schedules. */
    private static Autoencoder estimator(int epochs) {
        Training t = Training.defaults().withEpochs(epochs).withBatchSize(32).withValidationFraction(0.2)
                .withEarlyStopping(new EarlyStopping(10, 0, true))
                .withReduceLrOnPlateau(new ReduceLrOnPlateau(0.5, 1, 5e-3, 1, 1e-5));
        return new Autoencoder(new DenseNetwork(List.of(16), 3).withBatchNorm(true).withDropout(0.1),
                Objective.denoising(Noise.gaussian(0.1)), null, t, 5);
    }

    private static void assertSameWeights(Autoencoder.Model expected, Autoencoder.Model actual) {
        for (String name : expected.parameterNames()) {
            assertArrayEquals(expected.parameter(name), actual.parameter(name), name);
        }
    }

    private static final Dataset DATA = Dataset.of(TestData.lowRank(200, 12, 3, 9));

    @Test
    void resumingAfterThreeOfSixEpochsEqualsAnUninterruptedRun() {
        Autoencoder.Model uninterrupted = estimator(6).fit(DATA, null, TrainingListener.NONE);
        assertTrue(uninterrupted.history().rows().stream().map(TrainingHistory.Row::learningRate).distinct().count() > 1,
                "the plateau rule acts, so its state matters: " + uninterrupted.history());
        Path folder = tmp.resolve("run");
        Autoencoder.Model first = estimator(3).fit(DATA, folder, TrainingListener.NONE);
        assertEquals(3, first.history().rows().size());
        int[] started = new int[1];
        Autoencoder.Model resumed = estimator(6).fit(DATA, folder, new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int epochs, int batches) {
                started[0] = firstEpoch;
            }
        });
        assertEquals(4, started[0], "resumes at epoch 4");
        assertEquals(uninterrupted.history().rows().stream().map(TrainingHistory.Row::loss).toList(),
                resumed.history().rows().stream().map(TrainingHistory.Row::loss).toList());
        assertEquals(uninterrupted.history().rows().stream().map(TrainingHistory.Row::learningRate).toList(),
                resumed.history().rows().stream().map(TrainingHistory.Row::learningRate).toList());
        assertSameWeights(uninterrupted, resumed);
    }

    @Test
    void anAbortedRunResumesFromItsLastCompletedEpoch() {
        Autoencoder.Model uninterrupted = estimator(6).fit(DATA, null, TrainingListener.NONE);
        Path folder = tmp.resolve("run");
        IllegalStateException abort = assertThrows(IllegalStateException.class, () ->
                estimator(6).fit(DATA, folder, new TrainingListener() {
                    @Override
                    public void onEpoch(TrainingHistory.Row row) {
                        if (row.epoch() == 3) {
                            throw new IllegalStateException("stop here");
                        }
                    }
                }));
        assertEquals("stop here", abort.getMessage());
        assertEquals(3, checkpointJson(folder).get("epochs_done").asInt());
        assertSameWeights(uninterrupted, estimator(6).fit(DATA, folder, TrainingListener.NONE));
    }

    @Test
    void aFinishedCheckpointIsReturnedWithoutTraining() {
        Path folder = tmp.resolve("run");
        Autoencoder.Model done = estimator(2).fit(DATA, folder, TrainingListener.NONE);
        boolean[] trained = new boolean[1];
        Autoencoder.Model again = estimator(2).fit(DATA, folder, new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, double loss) {
                trained[0] = true;
            }
        });
        assertFalse(trained[0]);
        assertSameWeights(done, again);
        assertEquals(done.history(), again.history());
    }

    @Test
    void divergenceNamesEpochAndBatchAndKeepsTheLastGoodCheckpoint() throws IOException {
        // One batch per epoch: the first step is computed from the initial weights, then a step of 1e30 makes every
        // later forward pass overflow.
        Matrix x = TestData.lowRank(64, 10, 2, 3);
        Autoencoder ae = new Autoencoder(new DenseNetwork(List.of(16, 16), 2))
                .withTraining(Training.defaults().withEpochs(4).withBatchSize(64).withLearningRate(1e30));
        Path folder = tmp.resolve("run");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> ae.fit(Dataset.of(x), folder, TrainingListener.NONE));
        assertEquals(2, e.epoch());
        assertEquals(1, e.batch());
        assertTrue(e.getMessage().contains("epoch 2, batch 1"), e.getMessage());
        assertTrue(e.getMessage().contains("the checkpoint of epoch 1"), e.getMessage());
        assertEquals(1, checkpointJson(folder).get("epochs_done").asInt());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(folder.resolve(Checkpoint.FOLDER)), files.toList(), "no temporary folders left");
        }
    }

    @Test
    void aCheckpointOfAnotherConfigurationOrOtherDataIsRefused() {
        Path folder = tmp.resolve("run");
        estimator(1).fit(DATA, folder, TrainingListener.NONE);
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
                () -> estimator(2).withSeed(6).fit(DATA, folder, TrainingListener.NONE));
        assertTrue(seed.getMessage().contains("another configuration"), seed.getMessage());
        assertTrue(seed.getMessage().contains("seed differs"), seed.getMessage());
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> estimator(2).fit(Dataset.of(TestData.lowRank(200, 12, 3, 10)), folder, TrainingListener.NONE));
        assertTrue(data.getMessage().contains("data differs"), data.getMessage());
    }

    private static JsonNode checkpointJson(Path folder) {
        try {
            return new ObjectMapper().readTree(folder.resolve(Checkpoint.FOLDER).resolve(Checkpoint.FILE).toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
