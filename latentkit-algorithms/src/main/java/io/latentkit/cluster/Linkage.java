package io.latentkit.cluster;

/** How {@link Agglomerative} measures the distance between two clusters (Euclidean distances between points). */
public enum Linkage {
    /**
     * The increase of the within-cluster sum of squares a merge causes, reported as sqrt(2 x increase), as scipy and
     * scikit-learn do.
     */
    WARD,
    /** The mean distance between the points of the two clusters (UPGMA). */
    AVERAGE,
    /** The largest distance between a point of one cluster and a point of the other. */
    COMPLETE,
    /** The smallest distance between a point of one cluster and a point of the other. */
    SINGLE;

    public static Linkage parse(String name) {
        for (Linkage l : values()) {
            if (l.name().equalsIgnoreCase(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown linkage '" + name + "' (known: ward, average, complete, single)");
    }
}
