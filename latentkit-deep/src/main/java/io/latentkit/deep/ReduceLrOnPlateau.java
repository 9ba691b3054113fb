package io.latentkit.deep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the monitored loss has not improved for {@code patience} epochs,
 * with Keras' semantics: an epoch improves when its loss is below the best so far minus {@code minDelta}; after a
 * reduction the count restarts and {@code cooldown} epochs pass before counting again; the rate never goes below
 * {@code minLr}.
 *
 * @param factor   multiplier of the learning rate, in (0, 1)
 * @param patience epochs without improvement before a reduction, >= 0
 * @param minDelta smallest decrease that counts as an improvement, >= 0
 * @param cooldown epochs after a reduction during which epochs without improvement are not counted, >= 0
 * @param minLr    lower bound of the learning rate, >= 0
 */
public record ReduceLrOnPlateau(double factor, int patience, double minDelta, int cooldown, double minLr) {
    public ReduceLrOnPlateau {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("reduceLrOnPlateau.factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("reduceLrOnPlateau.patience and cooldown must be >= 0");
        }
        if (!(minDelta >= 0 && Double.isFinite(minDelta))) {
            throw new IllegalArgumentException("reduceLrOnPlateau.minDelta must be >= 0 and finite, got " + minDelta);
        }
        if (!(minLr >= 0 && Double.isFinite(minLr))) {
            throw new IllegalArgumentException("reduceLrOnPlateau.minLr must be >= 0 and finite, got " + minLr);
        }
    }

    /** Keras' defaults for minDelta (1e-4), cooldown (0) and minLr (0). */
    public static ReduceLrOnPlateau of(double factor, int patience) {
        return new ReduceLrOnPlateau(factor, patience, 1e-4, 0, 0);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factor", factor);
        m.put("patience", patience);
        m.put("min_delta", minDelta);
        m.put("cooldown", cooldown);
        m.put("min_lr", minLr);
        return m;
    }

    static ReduceLrOnPlateau fromMap(Map<String, ?> m) {
        return new ReduceLrOnPlateau(Specs.real(m, "factor"), Specs.integer(m, "patience"), Specs.real(m, "min_delta"),
                Specs.integer(m, "cooldown"), Specs.real(m, "min_lr"));
    }

    /** The running state (best loss, epochs without improvement, cooldown left); plain logic. */
    static final class Tracker {
        private final ReduceLrOnPlateau rule;
        double best = Double.POSITIVE_INFINITY;
        int wait;
        int cooldownLeft;

        Tracker(ReduceLrOnPlateau rule) {
            this.rule = rule;
        }

        /** The learning rate for the next epoch, given this epoch's loss and rate. */
        double update(double loss, double lr) {
            if (cooldownLeft > 0) {
                cooldownLeft--;
                wait = 0;
            }
            if (loss < best - rule.minDelta) {
                best = loss;
                wait = 0;
            } else if (cooldownLeft == 0) {
                wait++;
                if (wait >= rule.patience && lr > rule.minLr) {
                    cooldownLeft = rule.cooldown;
                    wait = 0;
                    return Math.max(lr * rule.factor, rule.minLr);
                }
            }
            return lr;
        }
    }
}
