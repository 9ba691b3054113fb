package io.latentkit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.util.Map;
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
}
