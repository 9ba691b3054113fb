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

/**
 * Reads the scikit-learn reference values made by tools/fixtures/estimator_fixtures.py (folder "estimators", the
 * default) and tools/fixtures/density_fixtures.py (folder "density").
 */
public final class EstimatorFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EstimatorFixtures() {
    }

    public static JsonNode load(String name) {
        return load("estimators", name);
    }

    public static JsonNode load(String folder, String name) {
        String path = "/fixtures/" + folder + "/" + name + ".json";
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
        return cases("estimators", name);
    }

    public static Map<String, JsonNode> cases(String folder, String name) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        load(folder, name).fields().forEachRemaining(e -> {
            if (!e.getKey().equals("versions")) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    public static Dataset dataset(String name) {
        return dataset("estimators", name);
    }

    public static Dataset dataset(String folder, String name) {
        JsonNode node = load(folder, "data_" + name);
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

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
