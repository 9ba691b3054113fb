package io.latentkit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    @Test
    void matchesBruteForceOnRandomRectangularMatrices() {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(6);
            int cols = 1 + random.nextInt(6);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) {
                for (int j = 0; j < cols; j++) {
                    row[j] = trial % 2 == 0 ? random.nextInt(5) : random.nextGaussian() * 10;
                }
            }
            int[] assignment = LinearAssignment.minimize(cost);
            assertEquals(rows, assignment.length);
            Set<Integer> used = new HashSet<>();
            double total = 0;
            int assigned = 0;
            for (int r = 0; r < rows; r++) {
                if (assignment[r] >= 0) {
                    assertEquals(true, used.add(assignment[r]), "column used twice");
                    total += cost[r][assignment[r]];
                    assigned++;
                }
            }
            assertEquals(Math.min(rows, cols), assigned);
            assertEquals(bruteForce(cost, 0, new boolean[cols]), total, 1e-9);
        }
    }

    /** Minimum cost over all injective assignments of the smaller side, by enumeration. */
    private static double bruteForce(double[][] cost, int row, boolean[] used) {
        int rows = cost.length;
        int cols = cost[0].length;
        if (row == rows) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        int free = 0;
        for (boolean u : used) {
            free += u ? 0 : 1;
        }
        if (rows - row > free) {
            best = bruteForce(cost, row + 1, used);
        }
        for (int c = 0; c < cols; c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.min(best, cost[row][c] + bruteForce(cost, row + 1, used));
                used[c] = false;
            }
        }
        return best;
    }

    @Test
    void leavesSurplusRowsUnassigned() {
        double[][] cost = {{5, 1}, {1, 5}, {9, 9}};
        assertArrayEquals(new int[] {1, 0, -1}, LinearAssignment.minimize(cost));
    }

    @Test
    void rejectsNonFiniteCosts() {
        assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.minimize(new double[][] {{1, Double.NaN}}));
    }
}
