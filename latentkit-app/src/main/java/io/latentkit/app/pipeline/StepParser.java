package io.latentkit.app.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentkit.app.params.ConfigException;
import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import io.latentkit.app.step.ClustererType;
import io.latentkit.app.step.StepKind;
import io.latentkit.app.step.StepTypes;
import io.latentkit.app.step.TransformType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one step entry (from a config file, the Java builder or the command line) into a validated step. */
final class StepParser {
    /** What "no scaling" is called; it adds no step. */
    static final String NO_SCALING = "none";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Param METHOD = Param.requiredText("method");
    private static final Param RUN_NAME = Param.text("name", null);
    private static final Param SWEEP = Param.text("sweep", null);
    private static final Pattern RANGE = Pattern.compile("(\\d+):(\\d+)(?::(\\d+))?");
    /** Values one range may name; a longer sweep is listed value by value. */
    private static final int MAX_SWEEP = 4096;

    private StepParser() {
    }

    /** A transform step such as {reduce: pca, n_components: 50}; null for {scale: none}. */
    static TransformStep transform(JsonNode node, String source, String path) {
        if (node == null || !node.isObject()) {
            throw new ConfigException(source, path, "must be a mapping such as {scale: minmax} or {reduce: pca, n_components: 50}");
        }
        List<StepKind> kinds = Arrays.stream(StepKind.values()).filter(k -> node.has(k.key())).toList();
        if (kinds.size() != 1) {
            throw new ConfigException(source, path, "must have exactly one of the keys "
                    + String.join(", ", Arrays.stream(StepKind.values()).map(StepKind::key).toList()));
        }
        StepKind kind = kinds.getFirst();
        String methodPath = path + "." + kind.key();
        String method = (String) Param.requiredText(kind.key()).read(node.get(kind.key()), source, methodPath);
        if (kind == StepKind.SCALE && method.equals(NO_SCALING)) {
            Params.read(node, source, path, List.of(), List.of(kind.key()));
            return null;
        }
        TransformType type = StepTypes.transform(kind, method).orElseThrow(() -> {
            List<String> known = new ArrayList<>(StepTypes.transformNames(kind));
            if (kind == StepKind.SCALE) {
                known.add(NO_SCALING);
            }
            return new ConfigException(source, methodPath, "unknown method '" + method + "' (known: " + String.join(", ", known) + ")");
        });
        Params params = Params.read(node, source, path, type.params(), List.of(kind.key()));
        TransformStep step = new TransformStep(type, params);
        check(() -> step.estimator(0), source, path);
        return step;
    }

    /**
     * A clusterer such as {method: kmeans, k: 10}, whose name defaults to the method; or a sweep over k, one clusterer
     * per value, when k is a list ({@code k: [2, 4, 8]}) or a range ({@code k: "2:20"}, {@code k: "2:20:2"}, ends
     * included). Sweep members are named NAME-kK and grouped under NAME, or under the entry's {@code sweep} key.
     */
    static List<ClusterStep> clusters(JsonNode node, String source, String path) {
        if (node == null || !node.isObject()) {
            throw new ConfigException(source, path, "must be a mapping such as {method: kmeans, k: 10}");
        }
        String sweep = (String) SWEEP.read(node.get("sweep"), source, path + ".sweep");
        if (sweep != null) {
            checkName(sweep, source, path + ".sweep");
        }
        JsonNode k = node.get("k");
        if (!isSweep(k)) {
            return List.of(cluster(node, source, path, sweep));
        }
        List<ClusterStep> members = new ArrayList<>();
        for (int value : sweepValues(k, source, path + ".k")) {
            ObjectNode member = node.deepCopy();
            member.put("k", value);
            ClusterStep c = cluster(member, source, path, null);
            members.add(c.inSweep(sweep != null ? sweep : c.name()));
        }
        return members;
    }

    /** Whether a k value names several: a list, or text with a ':' (other text gets the usual number error). */
    static boolean isSweep(JsonNode k) {
        return k != null && (k.isArray() || k.isTextual() && k.asText().contains(":"));
    }

    /** The values of k a sweep names: a list of distinct whole numbers, or "FROM:TO[:STEP]"; ascending. */
    private static List<Integer> sweepValues(JsonNode k, String source, String path) {
        TreeSet<Integer> values = new TreeSet<>();
        if (k.isArray()) {
            for (int i = 0; i < k.size(); i++) {
                JsonNode v = k.get(i);
                if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                    throw new ConfigException(source, path + "[" + i + "]", "must be a whole number >= 1, got " + v);
                }
                if (!values.add(v.asInt())) {
                    throw new ConfigException(source, path + "[" + i + "]", "repeats k = " + v.asInt());
                }
            }
            if (values.isEmpty()) {
                throw new ConfigException(source, path, "lists no value of k");
            }
            return List.copyOf(values);
        }
        Matcher m = RANGE.matcher(k.asText().strip());
        if (!m.matches()) {
            throw new ConfigException(source, path, "expected a whole number, a list such as [2, 4, 8] or a range "
                    + "FROM:TO[:STEP] such as \"2:20\", got '" + k.asText() + "'");
        }
        try {
            int from = Integer.parseInt(m.group(1));
            int to = Integer.parseInt(m.group(2));
            int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            if (from < 1 || to < from || step < 1) {
                throw new ConfigException(source, path, "range '" + k.asText() + "' needs 1 <= FROM <= TO and STEP >= 1");
            }
            if ((to - from) / step >= MAX_SWEEP) {
                throw new ConfigException(source, path, "range '" + k.asText() + "' has more than " + MAX_SWEEP
                        + " values; raise STEP or list the values");
            }
            for (long v = from; v <= to; v += step) {
                values.add((int) v);
            }
            return List.copyOf(values);
        } catch (NumberFormatException e) {
            throw new ConfigException(source, path, "range '" + k.asText() + "' has a number too large");
        }
    }

    private static ClusterStep cluster(JsonNode node, String source, String path, String sweep) {
        String method = (String) METHOD.read(node.get("method"), source, path + ".method");
        ClustererType type = StepTypes.clusterer(method).orElseThrow(() -> new ConfigException(source, path + ".method",
                "unknown method '" + method + "' (known: " + String.join(", ", StepTypes.clustererNames()) + ")"));
        String given = (String) RUN_NAME.read(node.get("name"), source, path + ".name");
        if (given != null) {
            checkName(given, source, path + ".name");
        }
        Params params = Params.read(node, source, path, type.params(), List.of("method", "name", "sweep"));
        check(() -> type.factory().apply(params.withDefault(StepTypes.SEED, 0L)), source, path);
        return new ClusterStep(given != null ? given : method, type, params, sweep);
    }

    /** A name that becomes a folder: letters, digits, '.', '_' or '-'. */
    static void checkName(String name, String source, String path) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(source, path, "must be letters, digits, '.', '_' or '-' (it names a folder), got '" + name + "'");
        }
    }

    /** Lets the estimator's own validation speak, with the step's path. */
    private static void check(Runnable construct, String source, String path) {
        try {
            construct.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, path, e.getMessage());
        }
    }
}
