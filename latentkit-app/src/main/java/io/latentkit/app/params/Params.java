package io.latentkit.app.params;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated values of one config section or step, every default filled in, in declaration order.
 * Absent optional values without a default are held as null.
 */
public final class Params {
    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Reads {@code node} (a mapping, or null for "all defaults") against the declared parameters.
     *
     * @param source    the config file, or null
     * @param path      the section's key path, e.g. "cluster[0]"; empty for the top level
     * @param declared  the parameters of the section
     * @param otherKeys keys the caller reads itself (such as "method"); accepted here and listed as known
     */
    public static Params read(JsonNode node, String source, String path, List<Param> declared, List<String> otherKeys) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new ConfigException(source, path.isEmpty() ? null : path, "must be a mapping of keys to values");
        }
        if (node != null && node.isObject()) {
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (otherKeys.contains(key) || declared.stream().anyMatch(p -> p.name().equals(key))) {
                    continue;
                }
                List<String> known = new ArrayList<>(declared.stream().map(Param::name).toList());
                known.addAll(otherKeys);
                throw new ConfigException(source, null, "unknown key '" + key + "' "
                        + (path.isEmpty() ? "at the top level" : "in " + path) + " (known: " + String.join(", ", known) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : declared) {
            JsonNode value = node == null ? null : node.get(p.name());
            values.put(p.name(), p.read(value, source, path.isEmpty() ? p.name() : path + "." + p.name()));
        }
        return new Params(values);
    }

    /** All values by key, in declaration order (nulls for absent optional values). */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public int integer(String name) {
        return (Integer) require(name);
    }

    public double real(String name) {
        return (Double) require(name);
    }

    /** Whether a {@link Param.Kind#REAL_OR_AUTO} value asks the step to choose. */
    public boolean isAuto(String name) {
        return Param.AUTO.equals(values.get(name));
    }

    public boolean bool(String name) {
        return (Boolean) require(name);
    }

    /** A text or choice value, or null when absent. */
    public String text(String name) {
        return (String) values.get(name);
    }

    /** A whole-number value, or {@code fallback} when absent. */
    public long longOr(String name, long fallback) {
        Object v = values.get(name);
        return v == null ? fallback : ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    public List<String> textList(String name) {
        return (List<String>) require(name);
    }

    @SuppressWarnings("unchecked")
    public List<Integer> integerList(String name) {
        return (List<Integer>) require(name);
    }

    @SuppressWarnings("unchecked")
    public List<List<Integer>> integerLists(String name) {
        return (List<List<Integer>>) require(name);
    }

    /** A copy with one value replaced (e.g. an inherited seed made explicit). */
    public Params with(String name, Object value) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Params(copy);
    }

    /** A copy where a declared but absent value takes {@code value}, e.g. a step seed taken from the pipeline. */
    public Params withDefault(String name, Object value) {
        return values.containsKey(name) && values.get(name) == null ? with(name, value) : this;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("parameter '" + name + "' has no value");
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
