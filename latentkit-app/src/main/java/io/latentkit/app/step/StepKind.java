package io.latentkit.app.step;

/** The kinds of transform step, named by the config key that introduces them ({@code {scale: minmax}}). */
public enum StepKind {
    SCALE("scale"),
    REDUCE("reduce");

    private final String key;

    StepKind(String key) {
        this.key = key;
    }

    /** The config key, e.g. "scale". */
    public String key() {
        return key;
    }
}
