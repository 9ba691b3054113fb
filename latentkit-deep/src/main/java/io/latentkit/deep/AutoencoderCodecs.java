package io.latentkit.deep;

import io.latentkit.persist.ModelCodec;
import io.latentkit.persist.ModelCodecProvider;
import io.latentkit.persist.ModelReader;
import io.latentkit.persist.ModelWriter;
import java.util.List;

/**
 * Registers the "autoencoder" model type with {@link io.latentkit.persist.ModelStore} (found by ServiceLoader), so a
 * saved autoencoder, alone or as a transform of a pipeline, loads wherever this module is on the class path.
 */
public final class AutoencoderCodecs implements ModelCodecProvider {
    @Override
    public List<ModelCodec<?>> codecs() {
        return List.of(new ModelCodec<>("autoencoder", Autoencoder.Model.class, AutoencoderCodecs::write,
                AutoencoderCodecs::read));
    }

    private static void write(Autoencoder.Model m, ModelWriter out) {
        out.param("n_features", m.inputWidth()).param("latent", m.latentWidth())
                .param("estimator", m.estimator().toMap()).param("history", m.history().toMap());
        List<Net.Tensor> tensors = m.net().tensors();
        for (int t = 0; t < tensors.size(); t++) {
            out.floats(tensors.get(t).name(), m.values()[t], tensors.get(t).shape());
        }
    }

    private static Autoencoder.Model read(ModelReader in) {
        int width = in.size("n_features");
        Autoencoder estimator;
        TrainingHistory history;
        try {
            estimator = Autoencoder.fromMap(in.object("estimator"));
            history = TrainingHistory.fromMap(in.object("history"));
        } catch (IllegalArgumentException e) {
            throw in.invalid("params", e.getMessage());
        }
        Net net;
        try {
            net = Net.of(estimator.network(), width, estimator.objective().variational());
        } catch (IllegalArgumentException e) {
            throw in.invalid("params.n_features", e.getMessage());
        }
        if (net.latent != in.size("latent")) {
            throw in.invalid("params.latent", "the network gives " + net.latent + ", the file says " + in.size("latent"));
        }
        List<Net.Tensor> tensors = net.tensors();
        float[][] values = new float[tensors.size()][];
        for (int t = 0; t < tensors.size(); t++) {
            values[t] = in.floats(tensors.get(t).name(), tensors.get(t).shape());
        }
        return new Autoencoder.Model(estimator, width, values, history);
    }
}
