package io.latentkit.deep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully connected autoencoder: d - hidden[0] - ... - hidden[last] - latent, then the mirror image back to d. Each
 * hidden layer is linear, then batch normalisation (if on), the activation, then dropout (if above 0); the latent layer
 * is linear, and the reconstruction passes through {@code output}. N2D's network is hidden [500, 500, 2000], latent 10.
 *
 * @param hidden     widths of the encoder's hidden layers, input side first (may be empty)
 * @param latent     width of the code
 * @param activation activation of every hidden layer
 * @param batchNorm  batch normalisation after each hidden linear layer (running statistics with momentum 0.1)
 * @param dropout    dropout probability after each hidden activation, in [0, 1)
 * @param output     activation of the reconstruction
 */
public record DenseNetwork(List<Integer> hidden, int latent, Activation activation, boolean batchNorm, double dropout,
                           OutputActivation output) implements NetworkSpec {
    public DenseNetwork {
        if (hidden == null) {
            throw new IllegalArgumentException("hidden must be given (an empty list for none)");
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer widths must be >= 1, got " + hidden);
            }
        }
        if (latent < 1) {
            throw new IllegalArgumentException("latent must be >= 1, got " + latent);
        }
        if (activation == null || output == null) {
            throw new IllegalArgumentException("activation and output must be given");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** ReLU, no batch normalisation, no dropout, linear output. */
    public DenseNetwork(List<Integer> hidden, int latent) {
        this(hidden, latent, Activation.RELU, false, 0, OutputActivation.LINEAR);
    }

    public DenseNetwork withActivation(Activation a) {
        return new DenseNetwork(hidden, latent, a, batchNorm, dropout, output);
    }

    public DenseNetwork withBatchNorm(boolean on) {
        return new DenseNetwork(hidden, latent, activation, on, dropout, output);
    }

    public DenseNetwork withDropout(double p) {
        return new DenseNetwork(hidden, latent, activation, batchNorm, p, output);
    }

    public DenseNetwork withOutput(OutputActivation o) {
        return new DenseNetwork(hidden, latent, activation, batchNorm, dropout, o);
    }

    @Override
    public void checkInputWidth(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a dense network needs at least one input feature, got " + width);
        }
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "dense");
        m.put("hidden", hidden);
        m.put("latent", latent);
        m.put("activation", activation.id());
        m.put("batch_norm", batchNorm);
        m.put("dropout", dropout);
        m.put("output", output.id());
        return m;
    }

    static DenseNetwork fromMap(Map<String, ?> m) {
        return new DenseNetwork(Specs.integers(m, "hidden"), Specs.integer(m, "latent"),
                Activation.of(Specs.text(m, "activation")), Specs.bool(m, "batch_norm"), Specs.real(m, "dropout"),
                OutputActivation.of(Specs.text(m, "output")));
    }
}
