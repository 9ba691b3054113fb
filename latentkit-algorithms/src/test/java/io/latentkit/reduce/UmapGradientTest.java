package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UmapGradientTest {
    @Test
    void tableMatchesTheExactCoefficientsWithinOneInTenThousand() {
        // (a, b) of umap-learn's find_ab_params for min_dist 0.1, 0 and (0.5, spread 2), with two repulsion strengths.
        double[][] curves = {{1.5769434601962196, 0.8950608779914887, 1}, {1.9328083975546724, 0.7904949734010681, 1},
                {0.25887874119038884, 1.057499699581397, 3}};
        SplittableRandom random = new SplittableRandom(3);
        for (double[] c : curves) {
            UmapGradient g = new UmapGradient(c[0], c[1], c[2]);
            for (int i = 0; i < 100_000; i++) {
                // d^2 log-uniform over [1e-12, 1e12], beyond both ends of the table.
                float d2 = (float) Math.pow(10, random.nextDouble(-12, 12));
                assertRelative(g.exactAttraction(d2), g.attraction(d2), d2);
                assertRelative(g.exactRepulsion(d2), g.repulsion(d2), d2);
            }
        }
    }

    @Test
    void zeroDistanceHasNoGradient() {
        UmapGradient g = new UmapGradient(1.9, 0.79, 1);
        assertEquals(0f, g.attraction(0f));
        assertEquals(0f, g.repulsion(0f));
    }

    @Test
    void coefficientsHaveTheirSigns() {
        UmapGradient g = new UmapGradient(1.9, 0.79, 1);
        for (float d2 = 1e-6f; d2 < 1e6f; d2 *= 3) {
            assertTrue(g.attraction(d2) < 0, "attraction at " + d2);
            assertTrue(g.repulsion(d2) > 0, "repulsion at " + d2);
        }
    }

    private static void assertRelative(double exact, float tabled, float d2) {
        assertTrue(Math.abs(tabled - exact) <= 1e-4 * Math.abs(exact), "at d^2 = " + d2 + ": " + tabled + " vs " + exact);
    }
}
