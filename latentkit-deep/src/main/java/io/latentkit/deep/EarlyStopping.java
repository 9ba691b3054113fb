package io.latentkit.deep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when the monitored loss (validation loss if there is a validation set, else training loss) has not
 * improved for {@code patience} epochs, with Keras' semantics: an epoch improves when its loss is below the best so
 * far minus {@code minDelta}; training stops after the epoch that brings the count of epochs without improvement to
 * {@code patience} (never after the first epoch).
 *
 * @param patience           epochs without improvement before stopping, >= 0
 * @param minDelta           smallest decrease that counts as an improvement, >= 0
 * @param restoreBestWeights whether the fitted model gets the weights of the best epoch rather than the last one
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBestWeights) {
    public EarlyStopping {
        if (patience < 0) {
            throw new IllegalArgumentException("earlyStopping.patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0 && Double.isFinite(minDelta))) {
            throw new IllegalArgumentException("earlyStopping.minDelta must be >= 0 and finite, got " + minDelta);
        }
    }

    /** Stop after {@code patience} epochs without improvement; keep the best weights. */
    public static EarlyStopping of(int patience) {
        return new EarlyStopping(patience, 0, true);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patience", patience);
        m.put("min_delta", minDelta);
        m.put("restore_best_weights", restoreBestWeights);
        return m;
    }

    static EarlyStopping fromMap(Map<String, ?> m) {
        return new EarlyStopping(Specs.integer(m, "patience"), Specs.real(m, "min_delta"),
                Specs.bool(m, "restore_best_weights"));
    }

    /** What an epoch's loss means for training. */
    enum Decision {
        IMPROVED, CONTINUE, STOP
    }

    /** The running state: best loss, its epoch, and epochs since; plain logic, checkpointed as three numbers. */
    static final class Tracker {
        private final EarlyStopping rule;
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        int wait;

        Tracker(EarlyStopping rule) {
            this.rule = rule;
        }

        Decision update(int epoch, double loss) {
            wait++;
            if (loss < best - rule.minDelta) {
                best = loss;
                bestEpoch = epoch;
                wait = 0;
                return Decision.IMPROVED;
            }
            return wait >= rule.patience && epoch > 0 ? Decision.STOP : Decision.CONTINUE;
        }
    }
}
