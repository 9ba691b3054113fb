package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentkit.deep.EarlyStopping.Decision;
import org.junit.jupiter.api.Test;

/** Early stopping and learning-rate reduction as pure logic on scripted loss sequences (Keras' semantics). */
class SchedulesTest {
    @Test
    void earlyStoppingCountsEpochsWithoutImprovementBeyondMinDelta() {
        EarlyStopping.Tracker t = new EarlyStopping.Tracker(new EarlyStopping(2, 0.1, true));
        double[] losses = {1.0, 0.95, 0.85, 0.9, 0.8};
        Decision[] expected = {Decision.IMPROVED, Decision.CONTINUE, Decision.IMPROVED, Decision.CONTINUE, Decision.STOP};
        for (int e = 0; e < losses.length; e++) {
            assertEquals(expected[e], t.update(e, losses[e]), "epoch " + e);
        }
        assertEquals(2, t.bestEpoch);
        assertEquals(0.85, t.best);
    }

    @Test
    void earlyStoppingWithPatienceZeroStopsAtTheFirstEpochWithoutImprovement() {
        EarlyStopping.Tracker t = new EarlyStopping.Tracker(EarlyStopping.of(0));
        assertEquals(Decision.IMPROVED, t.update(0, 1.0));
        assertEquals(Decision.IMPROVED, t.update(1, 0.5));
        assertEquals(Decision.STOP, t.update(2, 0.5));
    }

    @Test
    void plateauReducesAfterPatienceWithCooldownAndFloor() {
        ReduceLrOnPlateau.Tracker t = new ReduceLrOnPlateau.Tracker(new ReduceLrOnPlateau(0.5, 2, 0, 1, 0.2));
        double[] losses = {1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5};
        double[] expected = {1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2};
        double[] got = new double[losses.length];
        double lr = 1;
        for (int e = 0; e < losses.length; e++) {
            lr = t.update(losses[e], lr);
            got[e] = lr;
        }
        assertArrayEquals(expected, got);
    }

    @Test
    void plateauIgnoresDecreasesSmallerThanMinDelta() {
        ReduceLrOnPlateau.Tracker t = new ReduceLrOnPlateau.Tracker(new ReduceLrOnPlateau(0.1, 1, 0.01, 0, 0));
        assertEquals(1.0, t.update(1.0, 1.0));
        assertEquals(0.1, t.update(0.995, 1.0), 1e-15);
        assertEquals(0.1, t.update(0.9, 0.1));
    }
}
