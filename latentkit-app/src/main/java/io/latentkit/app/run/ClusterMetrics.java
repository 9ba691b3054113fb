package io.latentkit.app.run;

import io.latentkit.app.step.ClusterFit;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Clustering;
import io.latentkit.metrics.CalinskiHarabasz;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.DaviesBouldin;
import io.latentkit.metrics.ExternalScores;
import io.latentkit.metrics.Inertia;
import io.latentkit.metrics.Silhouette;
import java.util.Arrays;

/**
 * Scores one clustering for metrics.json. Internal metrics use the space the clusterer saw; external metrics need
 * true labels and skip items whose label is unknown. Internal metrics need 2 to n-1 clusters and are absent otherwise.
 */
public final class ClusterMetrics {
    private ClusterMetrics() {
    }

    /**
     * @param x          the clustered space
     * @param fit        the clustering
     * @param truth      true labels, or null
     * @param requestedK the clusterer's k parameter, or null when it has none
     * @param evaluation silhouette strategy
     * @param seed       seed of the silhouette sample
     */
    public static Metrics compute(Matrix x, ClusterFit fit, Labels truth, Integer requestedK, Evaluation evaluation,
                                  long seed) {
        int[] labels = fit.labels();
        Metrics m = new Metrics().put("n", x.rows()).put("d", x.cols());
        if (requestedK != null) {
            m.put("k", requestedK.longValue());
        }
        int clusters = (int) Arrays.stream(labels).filter(l -> l != Clustering.NOISE).distinct().count();
        int clustered = (int) Arrays.stream(labels).filter(l -> l != Clustering.NOISE).count();
        m.put("n_clusters", clusters);
        if (truth != null && Arrays.stream(truth.codes()).anyMatch(c -> c != Labels.UNKNOWN)) {
            ExternalScores s = ExternalScores.of(ContingencyTable.of(truth.codes(), labels));
            m.put("acc", s.accuracy()).put("nmi", s.nmi()).put("ari", s.ari()).put("ami", s.ami())
                    .put("homogeneity", s.homogeneity()).put("completeness", s.completeness())
                    .put("v_measure", s.vMeasure()).put("purity", s.purity());
        }
        if (clusters >= 2 && clusters <= clustered - 1) {
            silhouette(m, x, labels, clustered, evaluation, seed);
            m.put("calinski_harabasz", CalinskiHarabasz.score(x, labels));
            m.put("davies_bouldin", DaviesBouldin.score(x, labels));
        }
        if (clusters >= 1) {
            m.put("inertia", Inertia.score(x, labels));
        }
        fit.modelMetrics().forEach(m::put);
        return m;
    }

    private static void silhouette(Metrics m, Matrix x, int[] labels, int clustered, Evaluation evaluation, long seed) {
        int sampleSize = evaluation.silhouetteSampleSize();
        switch (evaluation.silhouetteFor(clustered)) {
            case EXACT -> m.put("silhouette", Silhouette.score(x, labels)).put("silhouette_method", "exact");
            case SAMPLED -> m.put("silhouette", Silhouette.sampledScore(x, labels, sampleSize, seed))
                    .put("silhouette_method", "sampled")
                    .put("silhouette_sample_size", Math.min(sampleSize, clustered));
            default -> {
                // silhouette: none
            }
        }
    }
}
