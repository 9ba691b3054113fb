package io.latentkit.app.pipeline;

/** Told when each step of a run finishes, e.g. to print one line per step. */
@FunctionalInterface
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (step, seconds, cached) -> { };

    /**
     * @param step    what ran, e.g. "reduce pca" or "cluster kmeans"
     * @param seconds wall time
     * @param cached  whether the output came from the step cache
     */
    void stepDone(String step, double seconds, boolean cached);
}
