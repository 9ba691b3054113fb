package io.latentkit.persist;

/**
 * How one fitted model type is saved: its {@code type} name in model.json, and how its fields map to scalar
 * params and arrays. Supporting a new model type is one codec in {@link ModelCodecs}, or, for a model defined in a
 * module above this one, one codec returned by a {@link ModelCodecProvider}.
 *
 * @param type       the model.json type name
 * @param modelClass the fitted model's class
 * @param writer     writes a model's params and arrays
 * @param reader     rebuilds the model from them
 * @param <M>        the fitted model
 */
public record ModelCodec<M>(String type, Class<M> modelClass, Writer<M> writer, Reader<M> reader) {
    @FunctionalInterface
    public interface Writer<M> {
        void write(M model, ModelWriter out);
    }

    @FunctionalInterface
    public interface Reader<M> {
        M read(ModelReader in);
    }

    /** Writes {@code model}, which must be of this codec's class. */
    void write(Object model, ModelWriter out) {
        writer.write(modelClass.cast(model), out);
    }
}
