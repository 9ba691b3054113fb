package io.latentkit.app.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The "input" section of a config: an {@link InputSpec} in snake_case, with paths relative to the config file. */
final class InputConfig {
    static final List<Param> PARAMS = List.of(
            Param.requiredText("path"), Param.text("format", null), Param.text("labels_path", null),
            Param.text("id_column", null), Param.text("label_column", null), Param.textList("feature_columns"),
            Param.textList("metadata_columns"), Param.text("vector_field", null), Param.bool("drop_non_finite", false),
            Param.textList("class_names"));

    private InputConfig() {
    }

    static InputSpec read(JsonNode node, String source, Path baseDir) {
        Params p = Params.read(node, source, "input", PARAMS, List.of());
        String labels = p.text("labels_path");
        return new InputSpec(baseDir.resolve(p.text("path")).normalize(), p.text("format"), p.text("id_column"),
                p.text("label_column"), p.textList("feature_columns"), p.textList("metadata_columns"),
                p.text("vector_field"), labels == null ? null : baseDir.resolve(labels).normalize(),
                p.bool("drop_non_finite"), p.textList("class_names"));
    }

    /** The section as recorded in run.json: absolute paths, the format named even when it was inferred. */
    static Map<String, Object> toConfig(InputSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", spec.path().toAbsolutePath().toString());
        m.put("format", spec.format() != null ? spec.format() : DatasetFormats.forPath(spec.path()).name());
        m.put("labels_path", spec.labelsPath() == null ? null : spec.labelsPath().toAbsolutePath().toString());
        m.put("id_column", spec.idColumn());
        m.put("label_column", spec.labelColumn());
        m.put("feature_columns", spec.featureColumns());
        m.put("metadata_columns", spec.metadataColumns());
        m.put("vector_field", spec.vectorField());
        m.put("drop_non_finite", spec.dropNonFinite());
        m.put("class_names", spec.classNames());
        return m;
    }
}
