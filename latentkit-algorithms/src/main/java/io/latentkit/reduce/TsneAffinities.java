package io.latentkit.reduce;

import io.latentkit.compute.Neighbors;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * t-SNE's input similarities: Gaussian conditional probabilities over each point's nearest neighbours, with each
 * point's precision found by bisection so that the distribution's perplexity matches the requested one (van der
 * Maaten and Hinton 2008), and their symmetrised joint form.
 */
final class TsneAffinities {
    private static final double ENTROPY_TOLERANCE = 1e-5;
    private static final int MAX_BISECTION_STEPS = 100;

    private TsneAffinities() {
    }

    /**
     * Sparse rows: row i holds {@code columns[rowStart[i] .. rowStart[i + 1])} with their {@code values}.
     *
     * @param rowStart where each row begins, length rows + 1
     * @param columns  column index of each stored value
     * @param values   the stored values
     */
    record SparseRows(int[] rowStart, int[] columns, double[] values) {
        int rows() {
            return rowStart.length - 1;
        }
    }

    /** The conditional probabilities p(j | i) over each query's neighbours, one row per query, each summing to 1. */
    static SparseRows conditional(Neighbors neighbors, double perplexity) {
        int q = neighbors.queries();
        int k = neighbors.k();
        double[] values = new double[q * k];
        double target = Math.log(perplexity);
        IntStream.range(0, q).parallel().forEach(i -> fitRow(neighbors, i, target, values));
        int[] rowStart = new int[q + 1];
        for (int i = 0; i <= q; i++) {
            rowStart[i] = i * k;
        }
        return new SparseRows(rowStart, neighbors.indices().clone(), values);
    }

    /**
     * Bisection on the precision beta of exp(-beta d^2) until the entropy (in nats) is within 1e-5 of log(perplexity).
     * Squared distances are taken relative to the nearest one, which leaves the normalised probabilities unchanged
     * and keeps exp from underflowing for far-away neighbourhoods.
     */
    private static void fitRow(Neighbors neighbors, int i, double target, double[] values) {
        int k = neighbors.k();
        double[] d2 = new double[k];
        double nearest = neighbors.distance(i, 0);
        for (int r = 0; r < k; r++) {
            double d = neighbors.distance(i, r);
            d2[r] = d * d - nearest * nearest;
        }
        double beta = 1;
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.POSITIVE_INFINITY;
        int base = i * k;
        for (int step = 0; step < MAX_BISECTION_STEPS; step++) {
            double sum = 0;
            double weighted = 0;
            for (int r = 0; r < k; r++) {
                double p = Math.exp(-beta * d2[r]);
                values[base + r] = p;
                sum += p;
                weighted += p * d2[r];
            }
            for (int r = 0; r < k; r++) {
                values[base + r] /= sum;
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            double excess = entropy - target;
            if (Math.abs(excess) <= ENTROPY_TOLERANCE) {
                return;
            }
            if (excess > 0) {
                low = beta;
                beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
            } else {
                high = beta;
                beta = low == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + low) / 2;
            }
        }
    }

    /**
     * The joint probabilities P = (C + C^T) / sum(C + C^T) of n points from their conditional rows C (which sum to
     * 2n when every row sums to 1), columns sorted within each row. Memory O(n k).
     */
    static SparseRows joint(SparseRows conditional) {
        int n = conditional.rows();
        int[] cols = conditional.columns();
        int[] counts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            for (int e = conditional.rowStart()[i]; e < conditional.rowStart()[i + 1]; e++) {
                counts[i + 1]++;
                counts[cols[e] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            counts[i + 1] += counts[i];
        }
        int[] fill = Arrays.copyOf(counts, n);
        int[] both = new int[counts[n]];
        double[] bothValues = new double[counts[n]];
        for (int i = 0; i < n; i++) {
            for (int e = conditional.rowStart()[i]; e < conditional.rowStart()[i + 1]; e++) {
                double v = conditional.values()[e];
                both[fill[i]] = cols[e];
                bothValues[fill[i]++] = v;
                both[fill[cols[e]]] = i;
                bothValues[fill[cols[e]]++] = v;
            }
        }
        return mergeDuplicates(counts, both, bothValues);
    }

    /** Sorts each row by column, adds up repeated columns and divides by the total. */
    private static SparseRows mergeDuplicates(int[] rowStart, int[] cols, double[] values) {
        int n = rowStart.length - 1;
        int[] outStart = new int[n + 1];
        int[] outCols = new int[cols.length];
        double[] outValues = new double[cols.length];
        int written = 0;
        for (int i = 0; i < n; i++) {
            int from = rowStart[i];
            int to = rowStart[i + 1];
            long[] keyed = new long[to - from];
            for (int e = from; e < to; e++) {
                keyed[e - from] = ((long) cols[e] << 32) | (e - from);
            }
            Arrays.sort(keyed);
            for (long key : keyed) {
                int col = (int) (key >>> 32);
                double v = values[from + (int) key];
                if (written > outStart[i] && outCols[written - 1] == col) {
                    outValues[written - 1] += v;
                } else {
                    outCols[written] = col;
                    outValues[written++] = v;
                }
            }
            outStart[i + 1] = written;
        }
        double total = 0;
        for (int e = 0; e < written; e++) {
            total += outValues[e];
        }
        double scale = 1 / Math.max(total, Double.MIN_NORMAL);
        for (int e = 0; e < written; e++) {
            outValues[e] *= scale;
        }
        return new SparseRows(outStart, Arrays.copyOf(outCols, written), Arrays.copyOf(outValues, written));
    }
}
