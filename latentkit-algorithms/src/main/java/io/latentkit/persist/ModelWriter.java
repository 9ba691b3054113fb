package io.latentkit.persist;

import io.latentkit.data.Matrix;
import io.latentkit.persist.NpyArrays.Dtype;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a codec writes into a model folder: scalar params for model.json, arrays as .npy files, sub-models. */
public final class ModelWriter {
    private final Path dir;
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, String> arrays = new LinkedHashMap<>();
    final List<String> parts = new ArrayList<>();

    ModelWriter(Path dir) {
        this.dir = dir;
    }

    /** A parameter: number, boolean, text, or a map or list of these (written as nested JSON). */
    public ModelWriter param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** A float64 array of the given shape (row-major). */
    public ModelWriter doubles(String name, double[] values, int... shape) {
        ByteBuffer b = NpyArrays.buffer(Dtype.F8, values.length);
        b.asDoubleBuffer().put(values);
        return array(name, Dtype.F8, shape, b);
    }

    /** A float32 matrix (rows x cols). */
    public ModelWriter matrix(String name, Matrix m) {
        ByteBuffer b = NpyArrays.buffer(Dtype.F4, m.data().length);
        b.asFloatBuffer().put(m.data());
        return array(name, Dtype.F4, new int[] {m.rows(), m.cols()}, b);
    }

    /** A float32 array of the given shape (row-major), e.g. a layer's weights. */
    public ModelWriter floats(String name, float[] values, int... shape) {
        ByteBuffer b = NpyArrays.buffer(Dtype.F4, values.length);
        b.asFloatBuffer().put(values);
        return array(name, Dtype.F4, shape, b);
    }

    /** An int32 vector. */
    public ModelWriter ints(String name, int[] values) {
        ByteBuffer b = NpyArrays.buffer(Dtype.I4, values.length);
        b.asIntBuffer().put(values);
        return array(name, Dtype.I4, new int[] {values.length}, b);
    }

    /** A fitted model saved in its own sub-folder {@code name}; parts are kept in the order they are added. */
    public ModelWriter part(String name, Object model) {
        ModelStore.write(model, dir.resolve(name));
        parts.add(name);
        return this;
    }

    private ModelWriter array(String name, Dtype dtype, int[] shape, ByteBuffer values) {
        String file = name + ".npy";
        NpyArrays.write(dir.resolve(file), dtype, shape, values);
        arrays.put(name, file);
        return this;
    }
}
