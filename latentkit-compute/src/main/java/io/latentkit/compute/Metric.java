package io.latentkit.compute;

/** Distance between feature vectors. */
public enum Metric {
    /** Euclidean distance (kernels work on its square, which orders neighbours the same way). */
    EUCLIDEAN,
    /** 1 - cosine similarity; rows are L2-normalised first, zero rows stay zero. */
    COSINE;

    public static Metric parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "euclidean", "l2" -> EUCLIDEAN;
            case "cosine" -> COSINE;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "' (known: euclidean, cosine)");
        };
    }
}
