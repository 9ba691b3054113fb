package io.latentkit.app.step;

/** The kinds of transform step, named by the config key that introduces them ({@code {scale: minmax}}). */
public enum StepKind {
    SCALE("scale"),
    REDUCE("reduce"),
    /** A learned encoder (autoencoder) whose latent space is the step's output. */
    ENCODE("encode");

    private final String key;

    StepKind(String key) {
        this.key = key;
    }

    /** The config key, e.g. "scale". */
    public String key() {
        return key;
    }
}
