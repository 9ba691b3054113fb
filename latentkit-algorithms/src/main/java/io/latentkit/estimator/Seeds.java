package io.latentkit.estimator;

/** Derives independent, reproducible seeds from one user seed (for restarts, folds, sub-steps). */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for sub-stream {@code stream} of {@code seed}: SplitMix64's finaliser over their combination. */
    public static long derive(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
