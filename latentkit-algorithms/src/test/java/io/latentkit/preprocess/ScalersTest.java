package io.latentkit.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.cluster.EstimatorFixtures;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import org.junit.jupiter.api.Test;

class ScalersTest {
    @Test
    void standardAndMinMaxMatchScikitLearn() {
        JsonNode ref = EstimatorFixtures.load("scalers");
        Dataset data = EstimatorFixtures.dataset("correlated");
        StandardScaler.Model s = new StandardScaler().fit(data);
        Matrix standard = s.transform(data).features();
        Matrix minmax = new MinMaxScaler().fit(data).transform(data).features();
        for (int j = 0; j < data.cols(); j++) {
            assertEquals(ref.get("standard_mean").get(j).asDouble(), s.mean()[j], 1e-9);
            assertEquals(ref.get("standard_scale").get(j).asDouble(), s.scale()[j], 1e-9);
            for (int i = 0; i < 5; i++) {
                assertEquals(ref.get("standard_first_rows").get(i).get(j).asDouble(), standard.get(i, j), 1e-5);
                assertEquals(ref.get("minmax_first_rows").get(i).get(j).asDouble(), minmax.get(i, j), 1e-6);
            }
        }
    }

    @Test
    void constantColumnsAndZeroRowsStayFinite() {
        Dataset data = Dataset.of(new Matrix(3, 2, new float[] {5, 0, 5, 0, 5, 0}));
        Matrix standard = new StandardScaler().fit(data).transform(data).features();
        Matrix minmax = new MinMaxScaler().fit(data).transform(data).features();
        Matrix unit = new L2Normalizer().transform(data).features();
        for (int i = 0; i < 3; i++) {
            assertEquals(0, standard.get(i, 0));
            assertEquals(0, minmax.get(i, 0));
            assertEquals(1, unit.get(i, 0), 1e-7);
            assertEquals(0, unit.get(i, 1));
        }
    }
}
