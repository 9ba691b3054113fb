package io.latentkit.app.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.regex.Pattern;

/** Turns one step entry (from a config file, the Java builder or the command line) into a validated step. */
final class StepParser {
    /** What "no scaling" is called; it adds no step. */
    static final String NO_SCALING = "none";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Param METHOD = Param.requiredText("method");
    private static final Param RUN_NAME = Param.text("name", null);

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

    /** A clusterer such as {method: kmeans, k: 10}; its name defaults to the method. */
    static ClusterStep cluster(JsonNode node, String source, String path) {
        if (node == null || !node.isObject()) {
            throw new ConfigException(source, path, "must be a mapping such as {method: kmeans, k: 10}");
        }
        String method = (String) METHOD.read(node.get("method"), source, path + ".method");
        ClustererType type = StepTypes.clusterer(method).orElseThrow(() -> new ConfigException(source, path + ".method",
                "unknown method '" + method + "' (known: " + String.join(", ", StepTypes.clustererNames()) + ")"));
        String name = (String) RUN_NAME.read(node.get("name"), source, path + ".name");
        if (name != null) {
            checkName(name, source, path + ".name");
        }
        Params params = Params.read(node, source, path, type.params(), List.of("method", "name"));
        check(() -> type.factory().apply(params.withDefault(StepTypes.SEED, 0L)), source, path);
        return new ClusterStep(name != null ? name : method, type, params);
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
