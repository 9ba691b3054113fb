package io.latentkit.app.run;

import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.reduce.Pca;
import io.latentkit.report.ScatterPlot;
import java.nio.file.Path;
import java.util.Optional;

/** The scatter plots of a run folder: the clustered space in 2-D, coloured by cluster and by true class. */
public final class Figures {
    private Figures() {
    }

    /**
     * 2-D coordinates of the clustered space: itself when it is 2-D, else its 2-component PCA;
     * empty when it has fewer than two columns or fewer than two items.
     */
    public static Optional<Matrix> plane(Matrix space, long seed) {
        if (space.cols() == 2) {
            return Optional.of(space);
        }
        if (space.cols() < 2 || space.rows() < 2) {
            return Optional.empty();
        }
        return Optional.of(new Pca(2).withSeed(seed).fit(Dataset.of(space)).transform(Dataset.of(space)).features());
    }

    /** Writes figures/clusters.png and, when labels are given, figures/labels.png under {@code runDir}. */
    public static void write(Path runDir, Matrix plane, boolean projected, int[] clusters, Labels truth, String title,
                             long seed) {
        String axis = projected ? "PC" : "dimension ";
        ScatterPlot.Options base = ScatterPlot.Options.defaults()
                .withAxisLabels(axis + "1", axis + "2")
                .withMaxPoints(ScatterPlot.Options.DEFAULT_MAX_POINTS, seed);
        Path dir = runDir.resolve("figures");
        ScatterPlot.write(dir.resolve("clusters.png"), plane, clusters, base.withTitle(title + ": clusters"));
        if (truth != null) {
            ScatterPlot.write(dir.resolve("labels.png"), plane, truth.codes(),
                    base.withTitle(title + ": true classes").withGroupNames(truth.classes()));
        }
    }
}
