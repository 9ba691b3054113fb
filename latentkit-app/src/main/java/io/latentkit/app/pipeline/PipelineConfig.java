package io.latentkit.app.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentkit.app.params.ConfigException;
import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import io.latentkit.app.run.Evaluation;
import io.latentkit.app.run.OutputOptions;
import io.latentkit.app.run.ReconstructionOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a pipeline config (YAML, with anchors, aliases and merge keys, or JSON when the file ends in .json;
 * snake_case keys). Relative paths resolve against the config file's folder; every problem is reported with the file
 * and the key path.
 */
public final class PipelineConfig {
    private static final List<Param> TOP = List.of(
            Param.text("name", null), Param.longInteger("seed", 0), Param.optionalInteger("threads", 1));
    private static final List<String> SECTIONS = List.of("input", "steps", "spaces", "seeds", "cluster", "evaluation",
            "reconstruction", "output");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PipelineConfig() {
    }

    /** Loads and validates a config, returning a builder so callers can still override seed or threads. */
    public static Pipeline.Builder load(Path file) {
        String source = file.toString();
        JsonNode root = parse(file, source);
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, null, "must be a mapping with at least input and cluster");
        }
        Params top = Params.read(root, source, "", TOP, SECTIONS);
        Path base = file.toAbsolutePath().getParent();
        Pipeline.Builder b = new Pipeline.Builder(source)
                .name(top.has("name") ? top.text("name") : stem(file))
                .seed(top.longOr("seed", 0))
                .input(InputConfig.read(root.get("input"), source, base))
                .evaluation(Evaluation.of(Params.read(root.get("evaluation"), source, "evaluation", Evaluation.PARAMS, List.of())))
                .reconstruction(reconstruction(root, source))
                .output(OutputOptions.of(Params.read(root.get("output"), source, "output", OutputOptions.PARAMS, List.of())));
        if (top.has("threads")) {
            b.threads(top.integer("threads"));
        }
        for (JsonNode step : list(root.get("steps"), source, "steps")) {
            b.step(step);
        }
        JsonNode spaces = root.get("spaces");
        if (spaces != null && !spaces.isNull()) {
            if (!spaces.isObject()) {
                throw new ConfigException(source, "spaces", "must be a mapping of names to step lists, e.g. {latent: [{encode: ae}], original: []}");
            }
            spaces.properties().forEach(e -> b.space(e.getKey(), list(e.getValue(), source, "spaces." + e.getKey())));
        }
        if (root.has("seeds")) {
            b.seeds(list(root.get("seeds"), source, "seeds").stream().map(n -> {
                if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                    throw new ConfigException(source, "seeds", "must be a list of integers, got " + n);
                }
                return n.asLong();
            }).toList());
        }
        JsonNode cluster = root.get("cluster");
        for (JsonNode c : cluster != null && cluster.isObject() ? List.of(cluster) : list(cluster, source, "cluster")) {
            b.cluster(c);
        }
        return b;
    }

    private static ReconstructionOptions reconstruction(JsonNode root, String source) {
        Params p = Params.read(root.get("reconstruction"), source, "reconstruction", ReconstructionOptions.PARAMS, List.of());
        try {
            return ReconstructionOptions.of(p);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, "reconstruction.threshold", e.getMessage());
        }
    }

    private static JsonNode parse(Path file, String source) {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        try {
            byte[] bytes = Files.readAllBytes(file);
            return json ? JSON.readTree(bytes) : YamlTree.read(new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, null, "no such file");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new ConfigException(source, null, "cannot parse: " + e.getOriginalMessage() + where);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new ConfigException(source, null, "cannot parse: " + context + problem + where);
        } catch (YAMLException e) {
            throw new ConfigException(source, null, "cannot parse: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot read: " + e.getMessage());
        }
    }

    private static List<JsonNode> list(JsonNode node, String source, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException(source, path, "must be a list");
        }
        return node.valueStream().toList();
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
