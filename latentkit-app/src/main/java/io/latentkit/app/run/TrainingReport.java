package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.deep.CrossValidation;
import io.latentkit.deep.DenseNetwork;
import io.latentkit.deep.TrainingHistory;
import io.latentkit.report.LineChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An encoder's training in a run folder: history.csv (one row per epoch), history.json and the loss curve loss.png. */
public final class TrainingReport {
    private TrainingReport() {
    }

    /**
     * 000's cross-validation table, cross_validation.csv: per candidate network, the mean and std of the fold
     * validation losses, then each fold's, and which one was chosen.
     */
    public static void writeSelection(Path dir, CrossValidation.Result result) {
        int folds = result.scores().getFirst().foldLosses().size();
        List<String> header = new ArrayList<>(List.of("network", "mean_val_loss", "std_val_loss", "chosen"));
        for (int f = 1; f <= folds; f++) {
            header.add("fold_" + f);
        }
        StringBuilder csv = new StringBuilder(Csv.row(header));
        for (CrossValidation.Score s : result.scores()) {
            List<String> row = new ArrayList<>(List.of(s.network() instanceof DenseNetwork d ? d.hidden().toString()
                    : s.network().toJson(), Double.toString(s.mean()),
                    Double.toString(s.std()), Boolean.toString(s == result.best())));
            s.foldLosses().forEach(l -> row.add(Double.toString(l)));
            csv.append(Csv.row(row));
        }
        AtomicFiles.writeString(dir.resolve("cross_validation.csv"), csv.toString());
    }

    /** Writes into {@code dir} (created); returns the summary recorded in run.json. */
    public static Map<String, Object> write(Path dir, TrainingHistory history) {
        StringBuilder csv = new StringBuilder(Csv.row(List.of("epoch", "loss", "val_loss", "learning_rate", "seconds")));
        List<TrainingHistory.Row> rows = history.rows();
        double[] epochs = new double[rows.size()];
        double[] loss = new double[rows.size()];
        double[] val = new double[rows.size()];
        boolean validated = false;
        for (int i = 0; i < rows.size(); i++) {
            TrainingHistory.Row r = rows.get(i);
            csv.append(Csv.row(List.of(Integer.toString(r.epoch()), Double.toString(r.loss()),
                    Double.isNaN(r.valLoss()) ? "" : Double.toString(r.valLoss()), Double.toString(r.learningRate()),
                    Double.toString(r.seconds()))));
            epochs[i] = r.epoch();
            loss[i] = r.loss();
            val[i] = r.valLoss();
            validated |= !Double.isNaN(r.valLoss());
        }
        AtomicFiles.writeString(dir.resolve("history.csv"), csv.toString());
        Json.write(dir.resolve("history.json"), history.toMap());
        List<LineChart.Series> series = new ArrayList<>(List.of(new LineChart.Series("loss", epochs, loss)));
        if (validated) {
            series.add(new LineChart.Series("validation loss", epochs, val));
        }
        LineChart.write(dir.resolve("loss.png"), series, LineChart.Options.defaults()
                .withTitle("Training loss").withAxisLabels("epoch", "loss").withLogY(true));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("epochs", rows.size());
        summary.put("final_loss", rows.getLast().loss());
        summary.put("best_epoch", history.bestEpoch());
        summary.put("stopped_early", history.stoppedEarly());
        summary.put("seconds_per_epoch", rows.stream().mapToDouble(TrainingHistory.Row::seconds).average().orElseThrow());
        return summary;
    }
}
