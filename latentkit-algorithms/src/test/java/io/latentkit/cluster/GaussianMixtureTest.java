package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {
    @Test
    void logLikelihoodIsNoLowerThanScikitLearnsWithTheSameNInitAndCriteriaMatch() {
        for (Map.Entry<String, JsonNode> c : EstimatorFixtures.cases("gmm").entrySet()) {
            JsonNode v = c.getValue();
            Dataset data = EstimatorFixtures.dataset(v.get("data").asText());
            GaussianMixture.Model m = new GaussianMixture(v.get("k").asInt())
                    .withCovarianceType(CovarianceType.parse(v.get("covariance_type").asText()))
                    .withNInit(v.get("n_init").asInt()).fit(data);
            double reference = v.get("mean_log_likelihood").asDouble();
            assertTrue(m.logLikelihood() >= reference - 1e-3,
                    c.getKey() + ": mean log-likelihood " + m.logLikelihood() + " < scikit-learn's " + reference);
            assertEquals(m.logLikelihood(), m.score(data), 1e-9);
            assertEquals(v.get("n_parameters").asLong(), m.nParameters(), c.getKey());
            // BIC and AIC follow from the likelihood; check the formulas at scikit-learn's own likelihood.
            double n = data.rows();
            assertEquals(v.get("bic").asDouble(), -2 * reference * n + m.nParameters() * Math.log(n), 1e-6);
            assertEquals(m.bic(data), -2 * m.logLikelihood() * n + m.nParameters() * Math.log(n), 1e-6);
        }
    }

    @Test
    void probabilitiesSumToOneAndAgreeWithPredict() {
        Dataset data = EstimatorFixtures.dataset("blobs");
        GaussianMixture.Model m = new GaussianMixture(5).fit(data);
        Matrix p = m.predictProba(data);
        int[] predicted = m.predict(data);
        assertArrayEquals(m.labels(), predicted);
        for (int i = 0; i < p.rows(); i++) {
            double sum = 0;
            int arg = 0;
            for (int c = 0; c < p.cols(); c++) {
                sum += p.get(i, c);
                if (p.get(i, c) > p.get(i, arg)) {
                    arg = c;
                }
            }
            assertEquals(1, sum, 1e-5);
            assertEquals(predicted[i], arg);
        }
    }

    @Test
    void quadraticExpansionGivesTheCentredPathsDensitiesAndStatistics() {
        int k = 3;
        int d = 6;
        int m = 200;
        SplittableRandom rng = new SplittableRandom(4);
        float[] points = new float[m * d];
        for (int i = 0; i < points.length; i++) {
            points[i] = (float) (rng.nextGaussian() * 2);
        }
        Matrix x = new Matrix(m, d, points);
        double[] means = new double[k * d];
        for (int i = 0; i < means.length; i++) {
            means[i] = rng.nextGaussian();
        }
        double[] weights = {0.2, 0.5, 0.3};
        for (CovarianceType type : CovarianceType.values()) {
            double[] covariances = switch (type) {
                case FULL -> randomCovariances(k, d, rng);
                case DIAG -> rng.doubles(k * d, 0.5, 3).toArray();
                case SPHERICAL -> rng.doubles(k, 0.5, 3).toArray();
            };
            MixtureParameters p = MixtureParameters.of(type, k, d, weights, means, covariances);
            try (NDManager manager = Tensors.newManager()) {
                NDArray chunk = Tensors.toTensor(manager, x);
                NDArray centred = p.centre(chunk);
                NDArray[] direct = p.responsibilities(centred);
                NDArray phi = QuadraticExpansion.features(manager, x, new double[d], 0, m);
                NDArray[] expanded = QuadraticExpansion.responsibilities(p, phi);
                assertArrayEquals(direct[0].toType(DataType.FLOAT64, false).toDoubleArray(),
                        expanded[0].toDoubleArray(), 1e-4, type + ": log-likelihoods");
                assertArrayEquals(direct[1].toType(DataType.FLOAT64, false).toDoubleArray(),
                        expanded[1].toDoubleArray(), 1e-5, type + ": responsibilities");

                MixtureStatistics aboutMeans = new MixtureStatistics(type, k, d, means);
                aboutMeans.add(chunk, centred, direct[1]);
                MixtureStatistics raw = new MixtureStatistics(type, k, d, new double[k * d]);
                QuadraticExpansion.add(raw, phi, expanded[1]);
                MixtureParameters a = MixtureParameters.fromStatistics(aboutMeans, 1e-6);
                MixtureParameters b = MixtureParameters.fromStatistics(raw, 1e-6);
                assertArrayEquals(a.weights(), b.weights(), 1e-6, type + ": weights");
                assertArrayEquals(a.means(), b.means(), 1e-5, type + ": means");
                assertArrayEquals(a.covariances(), b.covariances(), 1e-4, type + ": covariances");
            }
        }
    }

    /** k random symmetric positive definite d x d matrices, row-major. */
    private static double[] randomCovariances(int k, int d, SplittableRandom rng) {
        double[] out = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            double[] b = rng.doubles(d * d, -1, 1).toArray();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double s = i == j ? 0.5 : 0;
                    for (int t = 0; t < d; t++) {
                        s += b[i * d + t] * b[j * d + t];
                    }
                    out[c * d * d + i * d + j] = s;
                }
            }
        }
        return out;
    }
}
