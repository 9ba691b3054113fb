package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.cluster.KMeans;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.persist.ModelStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderTest {
    @TempDir
    Path tmp;

    private static Training quick(int epochs) {
        return Training.defaults().withEpochs(epochs).withBatchSize(32).withLearningRate(3e-3);
    }

    private static double meanError(Autoencoder.Model m, Matrix x) {
        return Arrays.stream(m.reconstructionErrors(x)).average().orElseThrow();
    }

    @Test
    void reconstructsRankThreeDataInTwentyDimensions() {
        // Unit-variance features lying in a 3-d subspace: a linear 20-3-20 autoencoder can reconstruct them exactly,
        // and a ReLU one with a hidden layer nearly so.
        Matrix x = TestData.lowRank(512, 20, 3, 1);
        Autoencoder.Model linear = new Autoencoder(new DenseNetwork(List.of(), 3)).withTraining(quick(60))
                .fit(Dataset.of(x), null, TrainingListener.NONE);
        assertTrue(meanError(linear, x) < 1e-4, "linear AE error " + meanError(linear, x));
        Autoencoder.Model relu = new Autoencoder(new DenseNetwork(List.of(64), 3)).withTraining(quick(60))
                .fit(Dataset.of(x), null, TrainingListener.NONE);
        assertTrue(meanError(relu, x) < 5e-3, "ReLU AE error " + meanError(relu, x));
        assertEquals(60, relu.history().rows().size());
        assertEquals(3, relu.latentWidth());
        assertEquals(20, relu.inputWidth());
        assertEquals(3, relu.encode(x).cols());
        assertEquals(20, relu.reconstruct(x).cols());
    }

    @Test
    void savedModelEncodesBitForBitAloneAndInAPipeline() {
        Dataset data = TestData.blobs(200, 12, 3, 2);
        Autoencoder ae = new Autoencoder(new DenseNetwork(List.of(16), 4).withBatchNorm(true).withDropout(0.1),
                Objective.variational(0.5), null, quick(4), 7);
        Autoencoder.Model model = ae.fit(data, null, TrainingListener.NONE);
        model.save(tmp.resolve("ae"));
        Autoencoder.Model loaded = Autoencoder.Model.load(tmp.resolve("ae"));
        assertArrayEquals(model.encode(data.features()).data(), loaded.encode(data.features()).data());
        assertArrayEquals(model.reconstruct(data.features()).data(), loaded.reconstruct(data.features()).data());
        assertEquals(model.history(), loaded.history());
        assertEquals(ae, loaded.estimator());

        KMeans.Model clusters = new KMeans(3).fit(model.transform(data));
        ModelStore.save(new FittedPipeline(List.of(model), clusters), tmp.resolve("pipeline"));
        FittedPipeline pipeline = ModelStore.load(tmp.resolve("pipeline"), FittedPipeline.class);
        assertArrayEquals(model.transform(data).features().data(), pipeline.transform(data).features().data());
        assertArrayEquals(clusters.predict(model.transform(data)), pipeline.predict(data));
    }

    @Test
    void sameSeedGivesTheSameWeightsAtOneAndTwoThreads() {
        // Wide enough (256 x 200 batches) that the engine splits elementwise work and products across threads.
        Matrix x = TestData.lowRank(1024, 200, 5, 3);
        Autoencoder ae = new Autoencoder(new DenseNetwork(List.of(128), 8).withBatchNorm(true).withDropout(0.2),
                Objective.denoising(Noise.masking(0.2)), null,
                Training.defaults().withEpochs(2).withValidationFraction(0.1), 11);
        int before = Tensors.threads();
        try {
            Tensors.setThreads(1);
            Autoencoder.Model one = ae.fit(Dataset.of(x), null, TrainingListener.NONE);
            Tensors.setThreads(2);
            Autoencoder.Model two = ae.fit(Dataset.of(x), null, TrainingListener.NONE);
            for (String name : one.parameterNames()) {
                assertArrayEquals(one.parameter(name), two.parameter(name), name);
            }
            assertEquals(one.history().rows().getLast().loss(), two.history().rows().getLast().loss());
        } finally {
            Tensors.setThreads(before);
        }
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        Matrix x = TestData.lowRank(128, 10, 2, 4);
        // No later epoch can improve by 1e9, so training stops after epoch 2 and keeps epoch 1's weights.
        Training stopping = quick(10).withEarlyStopping(new EarlyStopping(1, 1e9, true));
        Autoencoder.Model stopped = new Autoencoder(new DenseNetwork(List.of(8), 2)).withTraining(stopping)
                .fit(Dataset.of(x), null, TrainingListener.NONE);
        Autoencoder.Model oneEpoch = new Autoencoder(new DenseNetwork(List.of(8), 2)).withTraining(quick(1))
                .fit(Dataset.of(x), null, TrainingListener.NONE);
        assertEquals(2, stopped.history().rows().size());
        assertTrue(stopped.history().stoppedEarly());
        assertEquals(1, stopped.history().bestEpoch());
        for (String name : stopped.parameterNames()) {
            assertArrayEquals(oneEpoch.parameter(name), stopped.parameter(name), name);
        }
    }

    @Test
    void plateauHalvesTheRateEachEpochWithoutImprovement() {
        Matrix x = TestData.lowRank(128, 10, 2, 4);
        Training t = quick(4).withReduceLrOnPlateau(new ReduceLrOnPlateau(0.5, 1, 1e9, 0, 0));
        TrainingHistory h = new Autoencoder(new DenseNetwork(List.of(8), 2)).withTraining(t)
                .fit(Dataset.of(x), null, TrainingListener.NONE).history();
        assertEquals(List.of(3e-3, 3e-3, 1.5e-3, 7.5e-4), h.rows().stream().map(TrainingHistory.Row::learningRate).toList());
    }

    @Test
    void denoisingVariationalAndTripletObjectivesTrain() {
        Dataset data = TestData.blobs(240, 16, 4, 5);
        DenseNetwork net = new DenseNetwork(List.of(32), 4);
        for (Autoencoder ae : List.of(
                new Autoencoder(net, Objective.denoising(Noise.gaussian(0.3)), null, quick(8), 1),
                new Autoencoder(net, Objective.denoising(Noise.saltAndPepper(0.1)), null, quick(8), 1),
                new Autoencoder(net, Objective.variational(0), null, quick(8), 1),
                new Autoencoder(net, Objective.reconstruction(), Triplet.fromLabels(1, 1), quick(8), 1),
                new Autoencoder(net, Objective.reconstruction(), Triplet.fromKMeans(1, 1, 4, 3), quick(8), 1))) {
            TrainingHistory h = ae.fit(data, null, TrainingListener.NONE).history();
            assertTrue(h.last().loss() < h.rows().getFirst().loss(), ae + ": " + h);
        }
    }

    @Test
    void tripletFromLabelsNeedsLabels() {
        Autoencoder ae = new Autoencoder(new DenseNetwork(List.of(8), 2), Objective.reconstruction(),
                Triplet.fromLabels(1, 1), quick(2), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ae.fit(Dataset.of(TestData.lowRank(40, 5, 2, 1)), null, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
    }

    @Test
    void convolutionalNetworksHandleSizesNotDivisibleByTheStages() {
        // 2 x 9 x 11 images (padded to 12 x 12 for two halvings), both embeddings and both ways of halving.
        Matrix x = TestData.lowRank(96, 2 * 9 * 11, 4, 6);
        for (ConvNetwork net : List.of(
                ConvNetwork.of(2, 9, 11, List.of(4, 6), ConvNetwork.Embedding.GLOBAL_AVERAGE_POOL, 6)
                        .withOutput(OutputActivation.LINEAR),
                new ConvNetwork(2, 9, 11, List.of(4, 6), 3, ConvNetwork.Embedding.DENSE, 5, Activation.ELU, true,
                        ConvNetwork.Downsample.STRIDE, OutputActivation.LINEAR))) {
            Autoencoder.Model m = new Autoencoder(net).withTraining(quick(5)).fit(Dataset.of(x), null,
                    TrainingListener.NONE);
            assertEquals(net.latent(), m.encode(x).cols());
            assertEquals(x.cols(), m.reconstruct(x).cols());
            TrainingHistory h = m.history();
            assertTrue(h.last().loss() < h.rows().getFirst().loss(), net + ": " + h);
            m.save(tmp.resolve("conv-" + net.embedding().id()));
            assertArrayEquals(m.encode(x).data(), Autoencoder.Model.load(tmp.resolve("conv-" + net.embedding().id()))
                    .encode(x).data());
        }
        Autoencoder vae = new Autoencoder(ConvNetwork.of(1, 8, 8, List.of(4), ConvNetwork.Embedding.DENSE, 3),
                Objective.variational(1), null, quick(2), 0);
        assertEquals(3, vae.fit(Dataset.of(TestData.lowRank(32, 64, 2, 1)), null, TrainingListener.NONE)
                .encode(TestData.lowRank(5, 64, 2, 2)).cols());
    }

    @Test
    void rejectsNonFiniteDataAndMismatchedWidths() {
        float[] v = new float[20];
        v[13] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () ->
                new Autoencoder(new DenseNetwork(List.of(), 2)).fit(Dataset.of(new Matrix(4, 5, v)), null,
                        TrainingListener.NONE));
        assertTrue(nan.getMessage().contains("row 2, column 3 is NaN"), nan.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () ->
                new Autoencoder(ConvNetwork.of(1, 4, 4, List.of(2), ConvNetwork.Embedding.DENSE, 2))
                        .fit(Dataset.of(Matrix.zeros(3, 15)), null, TrainingListener.NONE));
        assertTrue(width.getMessage().contains("16 values, the data has 15"), width.getMessage());
    }
}
