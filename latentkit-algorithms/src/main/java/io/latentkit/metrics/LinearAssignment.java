package io.latentkit.metrics;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (the Hungarian method with potentials, O(r^2 c) for r <= c), for
 * rectangular matrices: every row of the smaller side is assigned, the surplus of the larger side stays unassigned.
 */
public final class LinearAssignment {
    private LinearAssignment() {
    }

    /**
     * The assignment minimising the total cost.
     *
     * @param cost r x c matrix of finite costs (negate weights to maximise)
     * @return for each row its column, or -1 when the row is unassigned (only when r > c)
     */
    public static int[] minimize(double[][] cost) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        for (double[] row : cost) {
            if (row.length != cols) {
                throw new IllegalArgumentException("ragged cost matrix");
            }
            for (double value : row) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("cost matrix holds " + value);
                }
            }
        }
        if (rows <= cols) {
            return solve(cost, rows, cols, false);
        }
        int[] colToRow = solve(cost, cols, rows, true);
        int[] rowToCol = new int[rows];
        Arrays.fill(rowToCol, -1);
        for (int c = 0; c < cols; c++) {
            rowToCol[colToRow[c]] = c;
        }
        return rowToCol;
    }

    /**
     * Assigns each of n "workers" to a distinct one of m >= n "jobs" by successive shortest augmenting paths, keeping
     * dual potentials u (workers) and v (jobs) so that reduced costs stay non-negative.
     */
    private static int[] solve(double[][] cost, int n, int m, boolean transposed) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] workerOfJob = new int[m + 1]; // 1-based worker per job, 0 = free; job 0 is the virtual start
        int[] previous = new int[m + 1];
        double[] slack = new double[m + 1];
        boolean[] visited = new boolean[m + 1];
        for (int worker = 1; worker <= n; worker++) {
            workerOfJob[0] = worker;
            int job = 0;
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            Arrays.fill(visited, false);
            do {
                visited[job] = true;
                int w = workerOfJob[job];
                double delta = Double.POSITIVE_INFINITY;
                int next = -1;
                for (int j = 1; j <= m; j++) {
                    if (!visited[j]) {
                        double reduced = (transposed ? cost[j - 1][w - 1] : cost[w - 1][j - 1]) - u[w] - v[j];
                        if (reduced < slack[j]) {
                            slack[j] = reduced;
                            previous[j] = job;
                        }
                        if (slack[j] < delta) {
                            delta = slack[j];
                            next = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (visited[j]) {
                        u[workerOfJob[j]] += delta;
                        v[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                job = next;
            } while (workerOfJob[job] != 0);
            while (job != 0) {
                int before = previous[job];
                workerOfJob[job] = workerOfJob[before];
                job = before;
            }
        }
        int[] jobOfWorker = new int[n];
        for (int j = 1; j <= m; j++) {
            if (workerOfJob[j] != 0) {
                jobOfWorker[workerOfJob[j] - 1] = j - 1;
            }
        }
        return jobOfWorker;
    }
}
