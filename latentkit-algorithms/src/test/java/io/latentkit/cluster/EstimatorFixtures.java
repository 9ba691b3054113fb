package io.latentkit.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the scikit-learn reference values made by tools/fixtures/estimator_fixtures.py. */
public final class EstimatorFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EstimatorFixtures() {
    }

    public static JsonNode load(String name) {
        String path = "/fixtures/estimators/" + name + ".json";
        try (InputStream in = EstimatorFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The named reference cases of a fixture file (every entry but the version record), in file order. */
    public static Map<String, JsonNode> cases(String name) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        load(name).fields().forEachRemaining(e -> {
            if (!e.getKey().equals("versions")) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    public static Dataset dataset(String name) {
        JsonNode node = load("data_" + name);
        JsonNode x = node.get("x");
        double[][] rows = new double[x.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = doubles(x.get(i));
        }
        Dataset.Builder b = Dataset.builder(Matrix.ofRows(rows));
        if (!node.get("labels").isNull()) {
            int[] labels = new int[rows.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = node.get("labels").get(i).asInt();
            }
            b.labels(Labels.fromInts(labels));
        }
        return b.build();
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
