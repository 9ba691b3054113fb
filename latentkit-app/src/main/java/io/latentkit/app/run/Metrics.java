package io.latentkit.app.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flat key-value record behind metrics.json. A metric that does not apply is absent; a non-finite value is a
 * bug upstream, so {@link #put(String, double)} refuses it instead of writing NaN.
 */
public final class Metrics {
    private final Map<String, Object> values = new LinkedHashMap<>();

    public Metrics put(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("metric '" + key + "' is not finite (" + value + "); refusing to record it");
        }
        values.put(key, value);
        return this;
    }

    public Metrics put(String key, long value) {
        values.put(key, value);
        return this;
    }

    public Metrics put(String key, String value) {
        values.put(key, value);
        return this;
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
