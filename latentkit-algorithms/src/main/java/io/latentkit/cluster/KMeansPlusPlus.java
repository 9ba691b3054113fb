package io.latentkit.cluster;

import java.util.SplittableRandom;

/**
 * Greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with the greedy local trials scikit-learn uses):
 * each new centre is the best of 2 + ln(k) candidates drawn with probability proportional to D(x)^2.
 * Candidate distances come from the engine in one GEMM per step.
 */
final class KMeansPlusPlus {
    private KMeansPlusPlus() {
    }

    /** Indices of the k rows chosen as initial centres. */
    static int[] choose(Centers.Points points, int k, SplittableRandom rng) {
        int n = points.rows();
        int trials = 2 + (int) Math.log(k);
        int[] chosen = new int[k];
        chosen[0] = rng.nextInt(n);
        float[] first = Centers.squaredDistancesTo(points, new int[] {chosen[0]});
        double[] closest = new double[n];
        for (int i = 0; i < n; i++) {
            closest[i] = first[i];
        }
        double potential = sum(closest);
        double[] cumulative = new double[n];
        for (int c = 1; c < k; c++) {
            double running = 0;
            for (int i = 0; i < n; i++) {
                running += closest[i];
                cumulative[i] = running;
            }
            int[] candidates = new int[trials];
            for (int t = 0; t < trials; t++) {
                candidates[t] = searchSorted(cumulative, rng.nextDouble() * potential);
            }
            float[] dist = Centers.squaredDistancesTo(points, candidates);
            int best = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                double p = 0;
                for (int i = 0; i < n; i++) {
                    p += Math.min(closest[i], dist[i * trials + t]);
                }
                if (p < bestPotential) {
                    bestPotential = p;
                    best = t;
                }
            }
            chosen[c] = candidates[best];
            for (int i = 0; i < n; i++) {
                closest[i] = Math.min(closest[i], dist[i * trials + best]);
            }
            potential = bestPotential;
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

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
