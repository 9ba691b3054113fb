package io.latentkit.cluster;

import java.util.SplittableRandom;

/**
 * Greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with the greedy local trials scikit-learn uses):
 * each new centre is the best of 2 + ln(k) candidates drawn with probability proportional to D(x)^2.
 * Several independent seedings (one per restart, each with its own random stream) advance together, so that each
 * step reads the data once, in one GEMM against every run's candidates; each run's result is the same as alone.
 */
final class KMeansPlusPlus {
    private KMeansPlusPlus() {
    }

    /** For each random stream, the indices of the k rows chosen as initial centres. */
    static int[][] choose(Centers.Points points, int k, SplittableRandom[] rngs) {
        int n = points.rows();
        int runs = rngs.length;
        int trials = 2 + (int) Math.log(k);
        int[][] chosen = new int[runs][k];
        int[] firsts = new int[runs];
        for (int r = 0; r < runs; r++) {
            firsts[r] = rngs[r].nextInt(n);
            chosen[r][0] = firsts[r];
        }
        float[] first = Centers.squaredDistancesTo(points, firsts);
        double[][] closest = new double[runs][n];
        double[] potential = new double[runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < n; i++) {
                closest[r][i] = first[i * runs + r];
                potential[r] += closest[r][i];
            }
        }
        double[] cumulative = new double[n];
        int width = runs * trials;
        for (int c = 1; c < k; c++) {
            int[] candidates = new int[width];
            for (int r = 0; r < runs; r++) {
                double running = 0;
                for (int i = 0; i < n; i++) {
                    running += closest[r][i];
                    cumulative[i] = running;
                }
                for (int t = 0; t < trials; t++) {
                    candidates[r * trials + t] = searchSorted(cumulative, rngs[r].nextDouble() * potential[r]);
                }
            }
            float[] dist = Centers.squaredDistancesTo(points, candidates);
            for (int r = 0; r < runs; r++) {
                int best = -1;
                double bestPotential = Double.POSITIVE_INFINITY;
                for (int t = 0; t < trials; t++) {
                    int column = r * trials + t;
                    double p = 0;
                    for (int i = 0; i < n; i++) {
                        p += Math.min(closest[r][i], dist[i * width + column]);
                    }
                    if (p < bestPotential) {
                        bestPotential = p;
                        best = column;
                    }
                }
                chosen[r][c] = candidates[best];
                for (int i = 0; i < n; i++) {
                    closest[r][i] = Math.min(closest[r][i], dist[i * width + best]);
                }
                potential[r] = bestPotential;
            }
        }
        return chosen;
    }

    /** First index whose cumulative value reaches r (the last index when rounding leaves r above the total). */
    private static int searchSorted(double[] cumulative, double r) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < r) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
