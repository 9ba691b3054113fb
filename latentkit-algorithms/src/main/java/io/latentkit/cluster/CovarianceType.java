package io.latentkit.cluster;

/** Shape of each mixture component's covariance. */
public enum CovarianceType {
    /** A full d x d covariance per component. */
    FULL,
    /** A diagonal covariance per component (axis-aligned ellipsoids). */
    DIAG,
    /** One variance per component (spheres). */
    SPHERICAL;

    public static CovarianceType parse(String name) {
        try {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown covariance type '" + name + "' (known: full, diag, spherical)");
        }
    }

    /** Free parameters of a k-component mixture in d dimensions (for BIC and AIC). */
    long parameters(int k, int d) {
        long covariance = switch (this) {
            case FULL -> (long) k * d * (d + 1) / 2;
            case DIAG -> (long) k * d;
            case SPHERICAL -> k;
        };
        return covariance + (long) k * d + k - 1;
    }
}
