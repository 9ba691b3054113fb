package io.latentkit.metrics;

/** Special functions the metrics need, written from their series definitions. */
final class SpecialFunctions {
    private static final double HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    /** Below this argument the recurrence shifts x up before the asymptotic series is used. */
    private static final double SERIES_FROM = 15;
    /** Stirling series coefficients B(2m) / (2m (2m-1)) for m = 1..6. */
    private static final double[] STIRLING = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360,
    };

    private SpecialFunctions() {
    }

    /**
     * ln Gamma(x) for x > 0, relative accuracy about 1e-15: the Stirling series with six Bernoulli terms, applied at
     * x >= 15 after the recurrence Gamma(x) = Gamma(x + 1) / x.
     */
    static double lnGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("lnGamma needs x > 0, got " + x);
        }
        double product = 1;
        while (x < SERIES_FROM) {
            product *= x;
            x += 1;
        }
        double inverse = 1 / x;
        double inverseSquared = inverse * inverse;
        double series = 0;
        for (int m = STIRLING.length - 1; m >= 0; m--) {
            series = series * inverseSquared + STIRLING[m];
        }
        return (x - 0.5) * Math.log(x) - x + HALF_LN_TWO_PI + series * inverse - Math.log(product);
    }
}
