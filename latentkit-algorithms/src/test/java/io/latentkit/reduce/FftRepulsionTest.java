package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The interpolated repulsion against the direct O(n^2) sums. At the default node spacing (at most 0.5) the forces
 * are about as accurate as Barnes-Hut's at theta 0.5 (1e-2 to 3e-2 relative on these maps) and Z more so; the
 * error falls with the fourth power of the spacing.
 */
class FftRepulsionTest {
    private static final TsneKernel KERNEL = TsneKernel.forDimensions(2);

    /** n points in a few Gaussian clumps spread over about {@code extent} units. */
    private static double[] clumps(int n, double extent, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int clump = i % 5;
            y[2 * i] = extent * (clump / 5.0 - 0.4) + random.nextGaussian() * extent / 10;
            y[2 * i + 1] = extent * ((clump * 3 % 5) / 5.0 - 0.4) + random.nextGaussian() * extent / 10;
        }
        return y;
    }

    @ParameterizedTest
    @CsvSource({"2, 60, 0.5, 1e-4", "40, 60, 0.5, 4e-2", "150, 60, 0.5, 4e-2", "40, 60, 0.1, 1e-3"})
    void matchesTheDirectSums(double extent, int minNodes, double maxSpacing, double tolerance) {
        int n = 2000;
        double[] y = clumps(n, extent, 11);
        double[] z = new double[n];
        double[] repulsion = new double[2 * n];
        new FftRepulsion(KERNEL, minNodes, maxSpacing).repulse(y, z, repulsion);
        double zTotal = 0;
        double exactTotal = 0;
        double error = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double[] force = new double[2 * n];
            double zi = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    zi += KERNEL.repulse(y, 2 * i, y, 2 * j, 1, force);
                }
            }
            zTotal += z[i];
            exactTotal += zi;
            for (int c = 0; c < 2; c++) {
                double delta = repulsion[2 * i + c] - force[2 * i + c];
                error += delta * delta;
                norm += force[2 * i + c] * force[2 * i + c];
            }
        }
        double forceError = Math.sqrt(error / norm);
        double zError = Math.abs(zTotal - exactTotal) / exactTotal;
        System.out.printf("FFT repulsion, extent %s, nodes at most %s apart: relative error of Z %.2e, of the forces"
                + " %.2e%n", extent, maxSpacing, zError, forceError);
        assertTrue(zError < tolerance, "Z: " + zError);
        assertTrue(forceError < tolerance, "forces: " + forceError);
    }

    @Test
    void coincidentPointsRepelNothingAndCountOnePerPair() {
        double[] y = {1, 2, 1, 2, 1, 2};
        double[] z = new double[3];
        double[] repulsion = new double[6];
        new FftRepulsion(KERNEL).repulse(y, z, repulsion);
        for (int i = 0; i < 3; i++) {
            assertEquals(2, z[i], 1e-9);
            assertEquals(0, repulsion[2 * i], 1e-9);
            assertEquals(0, repulsion[2 * i + 1], 1e-9);
        }
    }

    @Test
    void rejectsThreeDimensions() {
        assertThrows(IllegalArgumentException.class, () -> new FftRepulsion(TsneKernel.forDimensions(3)));
    }
}
