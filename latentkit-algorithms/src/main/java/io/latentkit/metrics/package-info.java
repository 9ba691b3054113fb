/**
 * Clustering quality metrics, checked against scikit-learn 1.2.1.
 *
 * <p>Internal metrics ({@link io.latentkit.metrics.Silhouette}, {@link io.latentkit.metrics.CalinskiHarabasz},
 * {@link io.latentkit.metrics.DaviesBouldin}, {@link io.latentkit.metrics.Inertia}) score features against predicted
 * labels; external metrics ({@link io.latentkit.metrics.ExternalMetrics}) compare true labels with predicted labels
 * through a {@link io.latentkit.metrics.ContingencyTable}. Label values are arbitrary integers, encoded in ascending
 * order as scikit-learn's {@code LabelEncoder} does.
 *
 * <h2>Noise and unknown labels</h2>
 * <ul>
 *   <li>Internal metrics: items whose predicted label is {@link io.latentkit.estimator.Clustering#NOISE} (-1) are
 *       excluded entirely, both as scored items and as neighbours or cluster members; the metric is that of the
 *       clustering restricted to the other items.</li>
 *   <li>External metrics: items whose true label is unknown (-1, {@link io.latentkit.data.Labels#UNKNOWN}) are
 *       excluded. Predicted noise (-1) is by default one more cluster, exactly as scikit-learn treats the label -1;
 *       with {@link io.latentkit.metrics.ContingencyTable.NoisePolicy#EXCLUDE} the noise items are dropped instead.</li>
 * </ul>
 */
package io.latentkit.metrics;
