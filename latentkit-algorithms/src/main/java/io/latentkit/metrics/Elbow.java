package io.latentkit.metrics;

import java.util.OptionalInt;

/**
 * The elbow of a curve that falls as k grows, such as inertia over a sweep of k: the point farthest below the
 * straight line joining the curve's first and last points, with both axes scaled to [0, 1]. This is the maximum of
 * Kneedle's difference curve (Satopää et al., "Finding a 'Kneedle' in a Haystack", 2011), taken over the whole sweep
 * rather than online. The x axis is k itself, so the answer depends on the range swept: a sweep to 1024 finds an
 * elbow at a larger k than a sweep to 20 on the same data.
 */
public final class Elbow {
    private Elbow() {
    }

    /**
     * The index of the elbow of {@code y} over {@code x}.
     *
     * @param x strictly increasing, finite
     * @param y finite, one value per x
     * @return empty with fewer than 3 points, when y does not fall from its first to its last point, or when no
     *         point lies below the line joining them (a straight or concave curve has no elbow)
     */
    public static OptionalInt index(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + " is not finite: (" + x[i] + ", " + y[i] + ")");
            }
            if (i > 0 && !(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("x must increase strictly; x[" + i + "] = " + x[i]
                        + " follows " + x[i - 1]);
            }
        }
        int n = x.length;
        if (n < 3 || !(y[0] > y[n - 1])) {
            return OptionalInt.empty();
        }
        double xSpan = x[n - 1] - x[0];
        double ySpan = y[0] - y[n - 1];
        int best = -1;
        double deepest = 0;
        for (int i = 1; i < n - 1; i++) {
            double xs = (x[i] - x[0]) / xSpan;
            double ys = (y[i] - y[n - 1]) / ySpan;
            double below = (1 - xs) - ys;
            if (below > deepest) {
                deepest = below;
                best = i;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
}
