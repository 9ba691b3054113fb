package io.latentkit.app.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML document into a Jackson tree with anchors ({@code &name}), aliases ({@code *name}) and merge keys
 * ({@code <<: *name}) resolved, so a config can define a step once and reuse it. Jackson's own tree reader does not
 * resolve them: it reads an alias as the anchor's name. Scalars are typed as in YAML 1.2's core schema (only
 * true/false are booleans, so {@code no} stays a string; dates stay strings), and a key repeated in one mapping is an
 * error.
 */
final class YamlTree {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

    private YamlTree() {
    }

    /** The document's tree; throws SnakeYAML's exceptions (with line and column) for text that is not YAML. */
    static JsonNode read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new CoreSchema());
        return JSON.valueToTree(yaml.load(text));
    }

    /** YAML 1.1's implicit types without yes/no/on/off booleans and timestamps. */
    private static final class CoreSchema extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}
