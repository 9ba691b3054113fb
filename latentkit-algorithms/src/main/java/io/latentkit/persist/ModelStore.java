package io.latentkit.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentkit.data.AtomicFiles;
import io.latentkit.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Saves fitted models to folders and loads them back, never by Java serialization: a folder holds
 * {@code model.json} (format, version, type, scalar params, the array files) and one {@code .npy} file per array,
 * in the arrays' own precision, so a loaded model transforms and predicts exactly like the saved one.
 * The format is described in docs/model-format.md.
 */
public final class ModelStore {
    /** The value of model.json's "format". */
    public static final String FORMAT = "latentkit-model";
    /** The newest format version this code reads, and the one it writes. */
    public static final int FORMAT_VERSION = 1;
    /** The file that describes a model folder. */
    public static final String MODEL_JSON = "model.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Properties BUILD = readBuild();
    private static final String VERSION = BUILD.getProperty("version", "unknown");

    private ModelStore() {
    }

    /** latentkit's version, recorded in every model.json (and shown by {@code --version}). */
    public static String latentkitVersion() {
        return VERSION;
    }

    /**
     * latentkit's version and when it was built: results computed by another build (another version, or the same
     * development version rebuilt after a change) must not be reused for this one.
     */
    public static String latentkitBuild() {
        return VERSION + " built " + BUILD.getProperty("build", "unknown");
    }

    /**
     * Saves a fitted model to {@code dir}, atomically: the folder is built under a temporary sibling name and
     * renamed into place, replacing an earlier folder only once complete.
     *
     * @throws IllegalArgumentException when the model's type has no codec
     */
    public static void save(Object fitted, Path dir) {
        codecFor(fitted); // an unsavable model fails before any folder is made
        AtomicFiles.writeDirectory(dir, tmp -> write(fitted, tmp));
    }

    /** Loads the model saved in {@code dir}, whatever its type. */
    public static Object load(Path dir) {
        Path json = dir.resolve(MODEL_JSON);
        JsonNode root = readJson(json);
        checkFormat(json, root);
        String type = root.path("type").asText("");
        ModelCodec<?> codec = ModelCodecs.all().stream().filter(c -> c.type().equals(type)).findFirst()
                .orElseThrow(() -> new DataException(json, null, "type", "unknown model type '" + type + "' (known: "
                        + String.join(", ", ModelCodecs.all().stream().map(ModelCodec::type).toList()) + ")"));
        return codec.reader().read(new ModelReader(dir, json, root));
    }

    /** Loads the model saved in {@code dir}, which must be a {@code type}. */
    public static <M> M load(Path dir, Class<M> type) {
        Object model = load(dir);
        if (!type.isInstance(model)) {
            throw new DataException(dir.resolve(MODEL_JSON), null, "type", "holds a " + codecFor(model).type()
                    + " model, not a " + type.getSimpleName());
        }
        return type.cast(model);
    }

    /** Writes the model's files into {@code dir} (created if needed); sub-models of a pipeline go below it. */
    static void write(Object fitted, Path dir) {
        ModelCodec<?> codec = codecFor(fitted);
        try {
            Files.createDirectories(dir);
            ModelWriter out = new ModelWriter(dir);
            codec.write(fitted, out);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT);
            json.put("format_version", FORMAT_VERSION);
            json.put("type", codec.type());
            json.put("latentkit_version", VERSION);
            json.put("params", out.params);
            json.put("arrays", out.arrays);
            if (!out.parts.isEmpty()) {
                json.put("parts", out.parts);
            }
            Files.writeString(dir.resolve(MODEL_JSON), MAPPER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ModelCodec<?> codecFor(Object fitted) {
        return ModelCodecs.all().stream().filter(c -> c.modelClass() == fitted.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cannot save a " + fitted.getClass().getName()
                        + "; savable models: " + String.join(", ", ModelCodecs.all().stream().map(ModelCodec::type).toList())));
    }

    private static JsonNode readJson(Path json) {
        try {
            JsonNode root = MAPPER.readTree(Files.readString(json, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new DataException(json, null, null, "not a JSON object");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new DataException(json, null, null, "no saved model here (the file is missing)");
        } catch (JsonProcessingException e) {
            throw new DataException(json, "line " + e.getLocation().getLineNr(), null,
                    "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DataException(json, null, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkFormat(Path json, JsonNode root) {
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new DataException(json, null, "format", "expected \"" + FORMAT + "\", got " + root.path("format"));
        }
        JsonNode version = root.path("format_version");
        if (!version.isIntegralNumber() || version.intValue() < 1) {
            throw new DataException(json, null, "format_version", "expected a positive integer, got " + version);
        }
        if (version.intValue() > FORMAT_VERSION) {
            throw new DataException(json, null, "format_version", "version " + version.intValue()
                    + " is newer than this latentkit reads (up to " + FORMAT_VERSION + "); use a newer latentkit");
        }
    }

    private static Properties readBuild() {
        Properties p = new Properties();
        try (InputStream in = ModelStore.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
