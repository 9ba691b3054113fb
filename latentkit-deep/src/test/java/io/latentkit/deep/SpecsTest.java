package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentkit.compute.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SpecsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void configurationsRoundTripThroughJson() throws Exception {
        Autoencoder ae = new Autoencoder(new ConvNetwork(3, 13, 17, List.of(8, 16), 5, ConvNetwork.Embedding.DENSE, 12,
                Activation.GELU, true, ConvNetwork.Downsample.STRIDE, OutputActivation.SIGMOID),
                Objective.variational(0.25), Triplet.fromKMeans(0.5, 2, 7, 3),
                Training.defaults().withEpochs(9).withWeightDecay(1e-4, Training.WeightDecay.DECOUPLED)
                        .withEarlyStopping(EarlyStopping.of(4)).withReduceLrOnPlateau(ReduceLrOnPlateau.of(0.2, 2))
                        .withValidationFraction(0.1).withLossScale(1000), -42);
        Map<String, Object> read = JSON.readValue(JSON.writeValueAsString(ae.toMap()), new TypeReference<LinkedHashMap<String, Object>>() { });
        assertEquals(ae, Autoencoder.fromMap(read));
        DenseNetwork n2d = new DenseNetwork(List.of(500, 500, 2000), 10).withActivation(Activation.LEAKY_RELU)
                .withDropout(0.2).withOutput(OutputActivation.SIGMOID);
        assertEquals(n2d, NetworkSpec.fromMap(JSON.readValue(n2d.toJson(), new TypeReference<LinkedHashMap<String, Object>>() { })));
        assertTrue(n2d.toJson().startsWith("{\"type\":\"dense\",\"hidden\":[500,500,2000],\"latent\":10"), n2d.toJson());
    }

    @Test
    void invalidSettingsNameTheirField() {
        assertMessage("dropout", () -> new DenseNetwork(List.of(8), 2).withDropout(1));
        assertMessage("latent must equal the last filter count (16)",
                () -> ConvNetwork.of(1, 8, 8, List.of(8, 16), ConvNetwork.Embedding.GLOBAL_AVERAGE_POOL, 10));
        assertMessage("kernel must be odd", () -> new ConvNetwork(1, 8, 8, List.of(4), 4, ConvNetwork.Embedding.DENSE,
                2, Activation.RELU, false, ConvNetwork.Downsample.MAX_POOL, OutputActivation.LINEAR));
        assertMessage("training.learningRate", () -> Training.defaults().withLearningRate(0));
        assertMessage("training.validationFraction", () -> Training.defaults().withValidationFraction(1));
        assertMessage("a denoising objective needs noise", () -> new Objective(Objective.Kind.DENOISING, Noise.NONE, 0));
        assertMessage("masking noise probability", () -> Noise.masking(1.5));
        assertMessage("triplet.pretrainEpochs (5) must be below training.epochs (5)", () -> new Autoencoder(
                new DenseNetwork(List.of(), 2), Objective.reconstruction(), Triplet.fromKMeans(1, 1, 3, 5),
                Training.defaults().withEpochs(5), 0));
        assertMessage("a variational objective needs a dense embedding", () -> new Autoencoder(
                ConvNetwork.of(1, 8, 8, List.of(4), ConvNetwork.Embedding.GLOBAL_AVERAGE_POOL, 4),
                Objective.variational(1), null, Training.defaults(), 0));
        assertMessage("activation: unknown value 'swish'", () -> NetworkSpec.fromMap(Map.of("type", "dense",
                "hidden", List.of(), "latent", 2, "activation", "swish", "batch_norm", false, "dropout", 0.0,
                "output", "linear")));
        assertMessage("latent: missing", () -> NetworkSpec.fromMap(Map.of("type", "dense", "hidden", List.of())));
    }

    @Test
    void noiseCorruptsAsDocumented() {
        try (NDManager m = Tensors.newManager()) {
            JniUtils.setSeed(1);
            NDArray x = m.full(new Shape(200, 100), 0.5f);
            float[] masked = Noise.masking(0.3).corrupt(x, 0, 1).toFloatArray();
            float[] salted = Noise.saltAndPepper(0.2).corrupt(x, -1, 2).toFloatArray();
            int zeros = 0;
            int low = 0;
            int high = 0;
            for (int i = 0; i < masked.length; i++) {
                zeros += masked[i] == 0 ? 1 : 0;
                low += salted[i] == -1 ? 1 : 0;
                high += salted[i] == 2 ? 1 : 0;
                assertTrue(masked[i] == 0 || masked[i] == 0.5f);
                assertTrue(salted[i] == -1 || salted[i] == 2 || salted[i] == 0.5f);
            }
            assertEquals(0.3, zeros / 20000.0, 0.02);
            assertEquals(0.1, low / 20000.0, 0.015);
            assertEquals(0.1, high / 20000.0, 0.015);
            float[] noisy = Noise.gaussian(2).corrupt(x, 0, 1).toFloatArray();
            double var = 0;
            for (float v : noisy) {
                var += (v - 0.5) * (v - 0.5);
            }
            assertEquals(4, var / noisy.length, 0.2);
        }
    }

    private static void assertMessage(String part, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
