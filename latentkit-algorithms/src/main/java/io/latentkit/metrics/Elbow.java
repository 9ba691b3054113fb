package io.latentkit.metrics;

import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;

/**
 * The elbow (or knee) of a curve: the point farthest below the straight line joining its first and last points,
 * with both axes scaled to [0, 1]. This is the maximum of Kneedle's difference curve (Satopää et al., "Finding a
 * 'Kneedle' in a Haystack", 2011), taken over the whole curve rather than online, and it serves both kinds of curve
 * used to choose a parameter: falling ones, such as inertia over a sweep of k, and rising ones, such as the sorted
 * k-distances that suggest DBSCAN's eps. The x axis is taken as given, so the answer depends on the range covered: a
 * sweep to 1024 finds an elbow at a larger k than a sweep to 20 on the same data.
 */
public final class Elbow {
    private Elbow() {
    }

    /**
     * The index of the elbow of {@code y} over {@code x}.
     *
     * @param x strictly increasing, finite
     * @param y finite, one value per x
     * @return empty with fewer than 3 points, when y ends where it starts, or when no point lies below the line
     *         joining the ends (a straight line, or a curve that bends the other way, has no elbow)
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
        return n < 3 ? OptionalInt.empty() : deepest(n, i -> x[i], i -> y[i]);
    }

    /** The index of the elbow of {@code y} over 0, 1, 2, ... (a sorted curve such as k-distances); as above. */
    public static OptionalInt index(float[] y) {
        for (int i = 0; i < y.length; i++) {
            if (!Float.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + " is not finite: " + y[i]);
            }
        }
        return y.length < 3 ? OptionalInt.empty() : deepest(y.length, i -> i, i -> y[i]);
    }

    /** The interior point farthest below the chord, in units of the curve's rise or fall from end to end. */
    private static OptionalInt deepest(int n, IntToDoubleFunction x, IntToDoubleFunction y) {
        double x0 = x.applyAsDouble(0);
        double xSpan = x.applyAsDouble(n - 1) - x0;
        double y0 = y.applyAsDouble(0);
        double ySpan = y.applyAsDouble(n - 1) - y0;
        if (ySpan == 0) {
            return OptionalInt.empty();
        }
        int best = -1;
        double deepest = 0;
        for (int i = 1; i < n - 1; i++) {
            double chord = y0 + ySpan * (x.applyAsDouble(i) - x0) / xSpan;
            double below = (chord - y.applyAsDouble(i)) / Math.abs(ySpan);
            if (below > deepest) {
                deepest = below;
                best = i;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
}
