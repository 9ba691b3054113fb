package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.data.Labels;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes assignments.csv: id, cluster, then label when true labels exist, probability for soft clusterers and HDBSCAN,
 * and outlier_score for HDBSCAN.
 */
public final class Assignments {
    private Assignments() {
    }

    /**
     * @param ids         item ids
     * @param clusters    cluster per item (-1 noise)
     * @param truth       true labels or null; unknown labels are written empty
     * @param probability  largest posterior or membership probability per item, or null
     * @param outlierScore outlier score per item, or null
     */
    public static void write(Path target, List<String> ids, int[] clusters, Labels truth, float[] probability,
                             float[] outlierScore) {
        AtomicFiles.write(target, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            List<String> header = new ArrayList<>(List.of("id", "cluster"));
            if (truth != null) {
                header.add("label");
            }
            if (probability != null) {
                header.add("probability");
            }
            if (outlierScore != null) {
                header.add("outlier_score");
            }
            w.write(Csv.row(header));
            List<String> row = new ArrayList<>(header.size());
            for (int i = 0; i < clusters.length; i++) {
                row.clear();
                row.add(ids.get(i));
                row.add(Integer.toString(clusters[i]));
                if (truth != null) {
                    row.add(truth.name(i));
                }
                if (probability != null) {
                    row.add(Float.toString(probability[i]));
                }
                if (outlierScore != null) {
                    row.add(Float.toString(outlierScore[i]));
                }
                w.write(Csv.row(row));
            }
            w.flush();
        });
    }
}
