package io.latentkit.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepReportTest {
    @Test
    void geometricSweepsGrowByOneFactor() {
        assertTrue(SweepReport.geometric(new int[] {2, 4, 8, 16}));
        assertTrue(SweepReport.geometric(new int[] {1, 2, 4}));
        assertTrue(SweepReport.geometric(new int[] {10, 30, 90}));
        assertFalse(SweepReport.geometric(new int[] {2, 4, 6}), "arithmetic");
        assertFalse(SweepReport.geometric(new int[] {3, 6, 12, 25}));
        assertFalse(SweepReport.geometric(new int[] {2, 4}), "two points are both");
    }

    @Test
    void theElbowOfAGeometricSweepIsFoundOverLogK() {
        // Over log k the distances below the chord are 0.377, 0.510, 0.520, 0.470 at k = 4, 8, 16, 32: the elbow is
        // 16. Over k itself the first nine points crowd into the left 6% of the axis and the elbow moves to 64.
        double[] inertia = {100, 60, 40, 30, 25, 22, 20, 19, 18.5, 18};
        List<SweepReport.Point> points = new ArrayList<>();
        for (int i = 0; i < inertia.length; i++) {
            points.add(new SweepReport.Point(2 << i, Map.of("inertia", inertia[i])));
        }
        assertEquals(Map.of("elbow_inertia", 16), SweepReport.suggest(points, true));
        assertEquals(Map.of("elbow_inertia", 64), SweepReport.suggest(points, false));
    }

    @Test
    void eachCriterionReadsOnlyTheMembersThatHaveItsMetric() {
        List<SweepReport.Point> points = List.of(
                new SweepReport.Point(1, Map.of("inertia", 90.0, "bic", 500.0)),
                new SweepReport.Point(2, Map.of("inertia", 30.0, "silhouette", 0.5, "bic", 300.0)),
                new SweepReport.Point(3, Map.of("inertia", 20.0, "silhouette", 0.5, "bic", 300.0)),
                new SweepReport.Point(4, Map.of("inertia", 18.0, "silhouette", 0.2, "bic", 310.0)));
        assertEquals(Map.of("elbow_inertia", 2, "max_silhouette", 2, "min_bic", 2), SweepReport.suggest(points, false),
                "ties go to the smallest k");
    }
}
