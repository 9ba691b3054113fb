package io.latentkit.persist;

/**
 * How one fitted model type is saved: its {@code type} name in model.json, and how its fields map to scalar
 * params and arrays. Supporting a new model type is one codec in {@link ModelCodecs}.
 *
 * @param type       the model.json type name
 * @param modelClass the fitted model's class
 * @param writer     writes a model's params and arrays
 * @param reader     rebuilds the model from them
 * @param <M>        the fitted model
 */
record ModelCodec<M>(String type, Class<M> modelClass, Writer<M> writer, Reader<M> reader) {
    @FunctionalInterface
    interface Writer<M> {
        void write(M model, ModelWriter out);
    }

    @FunctionalInterface
    interface Reader<M> {
        M read(ModelReader in);
    }

    /** Writes {@code model}, which must be of this codec's class. */
    void write(Object model, ModelWriter out) {
        writer.write(modelClass.cast(model), out);
    }
}
