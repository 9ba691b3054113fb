package io.latentkit.persist;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentkit.data.DataException;
import io.latentkit.data.Matrix;
import io.latentkit.persist.NpyArrays.Dtype;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a codec reads from a model folder. Every accessor checks presence, type and shape, and fails with a
 * {@link DataException} naming the file and the field.
 */
public final class ModelReader {
    private static final ObjectMapper OBJECTS = new ObjectMapper();

    private final Path dir;
    private final Path json;
    private final JsonNode root;

    ModelReader(Path dir, Path json, JsonNode root) {
        this.dir = dir;
        this.json = json;
        this.root = root;
    }

    public int integer(String name) {
        JsonNode v = param(name);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw wrong(name, "an integer", v);
        }
        return v.intValue();
    }

    /** A non-negative integer: a dimension or a count. */
    public int size(String name) {
        int v = integer(name);
        if (v < 0) {
            throw wrong(name, "a size >= 0", param(name));
        }
        return v;
    }

    /** A double exactly as written (Jackson writes the shortest text that reads back to the same double). */
    public double real(String name) {
        JsonNode v = param(name);
        if (!v.isNumber()) {
            throw wrong(name, "a number", v);
        }
        return v.doubleValue();
    }

    public boolean bool(String name) {
        JsonNode v = param(name);
        if (!v.isBoolean()) {
            throw wrong(name, "true or false", v);
        }
        return v.booleanValue();
    }

    public String text(String name) {
        JsonNode v = param(name);
        if (!v.isTextual()) {
            throw wrong(name, "a string", v);
        }
        return v.textValue();
    }

    /** The float64 array {@code name}, which must have exactly this shape. */
    public double[] doubles(String name, int... shape) {
        double[] out = new double[count(shape)];
        NpyArrays.read(arrayFile(name), name, Dtype.F8, shape).asDoubleBuffer().get(out);
        return out;
    }

    /** The float32 matrix {@code name} (rows x cols). */
    public Matrix matrix(String name, int rows, int cols) {
        float[] out = new float[count(new int[] {rows, cols})];
        NpyArrays.read(arrayFile(name), name, Dtype.F4, new int[] {rows, cols}).asFloatBuffer().get(out);
        return new Matrix(rows, cols, out);
    }

    /** The float32 array {@code name}, which must have exactly this shape. */
    public float[] floats(String name, int... shape) {
        float[] out = new float[count(shape)];
        NpyArrays.read(arrayFile(name), name, Dtype.F4, shape).asFloatBuffer().get(out);
        return out;
    }

    /** A parameter written as a JSON object: nested maps, lists, strings, booleans and numbers (Integer, Long or Double). */
    public Map<String, Object> object(String name) {
        JsonNode v = param(name);
        if (!v.isObject()) {
            throw wrong(name, "an object", v);
        }
        return OBJECTS.convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** The int32 vector {@code name} of length n. */
    public int[] ints(String name, int n) {
        int[] out = new int[n];
        NpyArrays.read(arrayFile(name), name, Dtype.I4, new int[] {n}).asIntBuffer().get(out);
        return out;
    }

    /** The sub-models, loaded in order. */
    public List<Object> parts() {
        JsonNode parts = root.path("parts");
        if (!parts.isArray() || parts.isEmpty()) {
            throw new DataException(json, null, "parts", "expected a non-empty list of sub-model folders");
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode p : parts) {
            if (!p.isTextual() || !isPlainName(p.textValue())) {
                throw new DataException(json, null, "parts", "'" + p + "' is not a sub-folder name");
            }
            out.add(ModelStore.load(dir.resolve(p.textValue())));
        }
        return out;
    }

    /** An error about this model as a whole, e.g. a sub-model of the wrong kind. */
    public DataException invalid(String field, String problem) {
        return new DataException(json, null, field, problem);
    }

    private JsonNode param(String name) {
        JsonNode v = root.path("params").get(name);
        if (v == null || v.isNull()) {
            throw new DataException(json, null, "params." + name, "missing");
        }
        return v;
    }

    private DataException wrong(String name, String expected, JsonNode found) {
        return new DataException(json, null, "params." + name, "expected " + expected + ", got " + found);
    }

    private Path arrayFile(String name) {
        JsonNode file = root.path("arrays").get(name);
        if (file == null || !file.isTextual()) {
            throw new DataException(json, null, "arrays." + name, "missing");
        }
        if (!isPlainName(file.textValue())) {
            throw new DataException(json, null, "arrays." + name, "'" + file.textValue() + "' is not a file name in the model folder");
        }
        return dir.resolve(file.textValue());
    }

    /** A file or folder name inside the model folder: no separators, no "..". */
    private static boolean isPlainName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }
}
