package io.latentkit.deep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row per completed epoch, and which epoch's weights the model kept.
 *
 * @param rows        the epochs in order
 * @param bestEpoch   the epoch (1-based) whose weights the model holds: the best monitored loss when early stopping
 *                    restores best weights, else the last epoch
 * @param stoppedEarly whether early stopping ended training before the last epoch
 */
public record TrainingHistory(List<Row> rows, int bestEpoch, boolean stoppedEarly) {
    /**
     * One epoch.
     *
     * @param epoch        1-based epoch number
     * @param loss         mean training loss over the epoch's items (as minimised, with loss scale and extra terms)
     * @param valLoss      loss on the validation items after the epoch, NaN without a validation set
     * @param learningRate the learning rate used during the epoch
     * @param seconds      wall time of the epoch, including validation
     */
    public record Row(int epoch, double loss, double valLoss, double learningRate, double seconds) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", epoch);
            m.put("loss", Specs.json(loss));
            m.put("val_loss", Specs.json(valLoss));
            m.put("learning_rate", learningRate);
            m.put("seconds", seconds);
            return m;
        }

        static Row fromMap(Map<String, ?> m) {
            return new Row(Specs.integer(m, "epoch"), Specs.real(m, "loss"), Specs.real(m, "val_loss"),
                    Specs.real(m, "learning_rate"), Specs.real(m, "seconds"));
        }
    }

    public TrainingHistory {
        rows = List.copyOf(rows);
    }

    /** The lowest validation loss of any epoch, NaN without a validation set. */
    public double bestValLoss() {
        double best = Double.NaN;
        for (Row r : rows) {
            if (!Double.isNaN(r.valLoss()) && !(r.valLoss() >= best)) {
                best = r.valLoss();
            }
        }
        return best;
    }

    /** The last epoch's row. */
    public Row last() {
        return rows.getLast();
    }

    public Map<String, Object> toMap() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            list.add(r.toMap());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best_epoch", bestEpoch);
        m.put("stopped_early", stoppedEarly);
        m.put("epochs", list);
        return m;
    }

    @SuppressWarnings("unchecked")
    static TrainingHistory fromMap(Map<String, ?> m) {
        List<Row> rows = new ArrayList<>();
        if (!(Specs.value(m, "epochs") instanceof List<?> list)) {
            throw new IllegalArgumentException("history.epochs: expected a list");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> row)) {
                throw new IllegalArgumentException("history.epochs: expected a list of objects");
            }
            rows.add(Row.fromMap((Map<String, ?>) row));
        }
        return new TrainingHistory(rows, Specs.integer(m, "best_epoch"), Specs.bool(m, "stopped_early"));
    }
}
