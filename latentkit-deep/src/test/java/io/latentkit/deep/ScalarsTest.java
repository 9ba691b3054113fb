package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every objective's gradients are the same whether or not the garbage collector frees Java memory between forward and
 * backward. Before {@link Scalars}, a collection there let backward read the freed memory of the constants it had
 * saved (the loss scale, KL's -1/2, the triplet margin...), and about one run of this module's tests in fifty trained
 * differently. A new objective or loss term belongs in {@link #objectives()}.
 */
class ScalarsTest {
    private static final long SEED = 5;

    static Stream<Arguments> objectives() {
        DenseNetwork plain = new DenseNetwork(List.of(16), 3);
        Training scaled = Training.defaults().withLossScale(1000);
        return Stream.of(
                Arguments.of("scaled MSE, batch norm", new Autoencoder(plain.withBatchNorm(true)).withTraining(scaled)),
                Arguments.of("VAE, beta 0.5", new Autoencoder(plain, Objective.variational(0.5), null, scaled, SEED)),
                Arguments.of("triplet, batch all", new Autoencoder(plain, Objective.reconstruction(),
                        Triplet.fromLabels(0.3, 1.5), scaled, SEED)),
                Arguments.of("triplet, batch hard", new Autoencoder(plain, Objective.reconstruction(),
                        Triplet.fromLabels(0.3, 1.5).withMining(Triplet.Mining.BATCH_HARD), scaled, SEED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void gradientsSurviveACollectionBetweenForwardAndBackward(String name, Autoencoder config) {
        Dataset data = TestData.blobs(48, 12, 3, SEED);
        float[][] undisturbed = gradients(config, data, false);
        float[][] collected = gradients(config, data, true);
        for (int t = 0; t < undisturbed.length; t++) {
            assertArrayEquals(undisturbed[t], collected[t], name + ", tensor " + t);
        }
    }

    /** One step's gradients of every trainable tensor, optionally with a collection between forward and backward. */
    private static float[][] gradients(Autoencoder config, Dataset data, boolean collect) {
        Matrix x = data.features();
        Net net = Net.of(config.network(), x.cols(), config.objective().variational());
        int[] all = new int[x.rows()];
        Arrays.setAll(all, i -> i);
        Trainer trainer = new Trainer(config, net, x, data.labels().orElseThrow().codes(), all, new int[0],
                TrainingListener.NONE, null, null);
        try (NDManager manager = Tensors.newManager()) {
            NDArray[] p = net.upload(manager, net.initialValues(SEED));
            NDArray[] trainable = Trainer.recordGradients(net, p);
            NDArray batch = Tensors.toTensor(manager, x);
            NDArray labels = manager.create(Arrays.stream(data.labels().orElseThrow().codes()).asLongStream().toArray());
            JniUtils.setSeed(SEED);
            List<ByteBuffer> reused;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray loss = trainer.loss(p, batch, config.triplet() == null ? null : labels, true);
                reused = collect ? collectAndReuseFreedMemory() : List.of();
                collector.backward(loss);
            }
            float[][] out = new float[trainable.length][];
            for (int t = 0; t < out.length; t++) {
                out[t] = trainable[t].getGradient().toFloatArray();
            }
            Reference.reachabilityFence(reused);
            return out;
        }
    }

    /**
     * Runs a few collections, pausing after each so that the cleaners of unreachable direct buffers free their memory,
     * then takes small blocks of memory (the size of a constant's buffer) and fills them with NaN, so that a read of
     * freed memory shows.
     */
    private static List<ByteBuffer> collectAndReuseFreedMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<ByteBuffer> blocks = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(i % 2 == 0 ? Float.BYTES : Double.BYTES)
                    .order(ByteOrder.nativeOrder());
            if (b.capacity() == Float.BYTES) {
                b.putFloat(0, Float.NaN);
            } else {
                b.putDouble(0, Double.NaN);
            }
            blocks.add(b);
        }
        return blocks;
    }
}
