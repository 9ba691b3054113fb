package io.latentkit.app.step;

import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import io.latentkit.deep.Activation;
import io.latentkit.deep.Autoencoder;
import io.latentkit.deep.ConvNetwork;
import io.latentkit.deep.CrossValidation;
import io.latentkit.deep.DenseNetwork;
import io.latentkit.deep.EarlyStopping;
import io.latentkit.deep.NetworkSpec;
import io.latentkit.deep.Noise;
import io.latentkit.deep.Objective;
import io.latentkit.deep.OutputActivation;
import io.latentkit.deep.ProgressBar;
import io.latentkit.deep.ReduceLrOnPlateau;
import io.latentkit.deep.Training;
import io.latentkit.deep.Triplet;
import io.latentkit.estimator.Estimator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The encode steps: autoencoders whose latent space is the step's output. {@code ae} (plain), {@code dae}
 * (denoising), {@code vae} (variational; the code is the mean) use a dense network; {@code convae} a convolutional one
 * on rows that are images or spectrograms of the given shape. Any of them can add a triplet term. Defaults follow
 * Keras and PyTorch habits: no validation split, no early stopping, no learning-rate schedule unless asked.
 */
final class EncoderSteps {
    private EncoderSteps() {
    }

    static List<TransformType> all() {
        return List.of(type("ae"), type("dae"), type("vae"), type("convae"));
    }

    private static TransformType type(String method) {
        List<Param> params = new ArrayList<>();
        if (method.equals("convae")) {
            // latent: required for a dense embedding; global average pooling gives the last filter count
            params.addAll(List.of(Param.optionalInteger("latent", 1), Param.requiredInteger("channels", 1), Param.requiredInteger("height", 1),
                    Param.requiredInteger("width", 1), Param.integerList("filters", List.of(32, 64), 1),
                    Param.integer("kernel", 3, 1), Param.choice("embedding", "dense", "dense", "global_average_pool"),
                    Param.choice("downsample", "max_pool", "max_pool", "stride")));
        } else {
            params.addAll(List.of(Param.integer("latent", 10, 1), Param.integerList("hidden", List.of(500, 500, 2000), 1),
                    Param.real("dropout", 0, 0),
                    // 000's k-fold cross-validation: candidate hidden layers, the best of which is trained on all items
                    Param.integerLists("cv_hidden", 1), Param.integer("cv_folds", 5, 2)));
        }
        params.addAll(List.of(
                Param.choice("activation", "relu", "relu", "leaky_relu", "elu", "selu", "tanh", "sigmoid", "gelu"),
                Param.bool("batch_norm", false),
                Param.choice("output", method.equals("convae") ? "sigmoid" : "linear", "linear", "sigmoid"),
                Param.integer("epochs", 50, 1), Param.integer("batch_size", 256, 1),
                Param.real("learning_rate", 1e-3, 0), Param.real("weight_decay", 0, 0),
                Param.choice("weight_decay_mode", "l2", "l2", "decoupled"),
                Param.real("validation_split", 0, 0),
                Param.integer("early_stopping", 0, 0), Param.real("min_delta", 0, 0), Param.bool("restore_best", true),
                Param.integer("reduce_lr_patience", 0, 0), Param.real("reduce_lr_factor", 0.1, 0),
                Param.real("min_lr", 0, 0),
                Param.real("loss_scale", 1, 0)));
        if (method.equals("dae")) {
            params.addAll(List.of(Param.choice("noise", "gaussian", "gaussian", "masking", "salt_and_pepper"),
                    Param.real("noise_level", 0.1, 0)));
        }
        if (method.equals("vae")) {
            params.add(Param.real("beta", 1, 0));
        }
        params.addAll(List.of(Param.real("triplet_weight", 0, 0), Param.real("triplet_margin", 1, 0),
                Param.choice("triplet_labels", "kmeans", "kmeans", "labels"),
                Param.choice("triplet_mining", "batch_all", "batch_all", "batch_hard"),
                Param.integer("triplet_clusters", 10, 2),
                Param.integer("triplet_pretrain_epochs", 10, 1),
                Param.text("checkpoint", null),
                Param.optionalLong(StepTypes.SEED)));
        return new TransformType(StepKind.ENCODE, method, params, p -> estimator(method, p));
    }

    private static Estimator<Autoencoder.Model> estimator(String method, Params p) {
        Autoencoder autoencoder = new Autoencoder(network(method, p), objective(method, p), triplet(p), training(p),
                p.longOr(StepTypes.SEED, 0));
        if (!method.equals("convae") && !p.integerLists("cv_hidden").isEmpty()) {
            if (p.has("checkpoint")) {
                throw new IllegalArgumentException("checkpoint cannot be combined with cv_hidden");
            }
            List<NetworkSpec> candidates = p.integerLists("cv_hidden").stream()
                    .map(hidden -> (NetworkSpec) network(method, p.with("hidden", hidden))).toList();
            CrossValidation cv = new CrossValidation(candidates, p.integer("cv_folds"), autoencoder);
            return data -> cv.fitBest(data, ProgressBar.auto());
        }
        if (!p.has("checkpoint")) {
            return autoencoder;
        }
        Path checkpoints = Path.of(p.text("checkpoint"));
        return data -> autoencoder.fit(data, checkpoints, ProgressBar.auto());
    }

    private static NetworkSpec network(String method, Params p) {
        Activation activation = Activation.of(p.text("activation"));
        OutputActivation output = OutputActivation.of(p.text("output"));
        if (method.equals("convae")) {
            ConvNetwork.Embedding embedding = ConvNetwork.Embedding.valueOf(p.text("embedding").toUpperCase(Locale.ROOT));
            List<Integer> filters = p.integerList("filters");
            int latent;
            if (p.has("latent")) {
                latent = p.integer("latent");
            } else if (embedding == ConvNetwork.Embedding.GLOBAL_AVERAGE_POOL) {
                latent = filters.getLast();
            } else {
                throw new IllegalArgumentException("latent is required with a dense embedding");
            }
            return new ConvNetwork(p.integer("channels"), p.integer("height"), p.integer("width"), filters,
                    p.integer("kernel"), embedding, latent, activation, p.bool("batch_norm"),
                    ConvNetwork.Downsample.valueOf(p.text("downsample").toUpperCase(Locale.ROOT)), output);
        }
        return new DenseNetwork(p.integerList("hidden"), p.integer("latent"), activation, p.bool("batch_norm"),
                p.real("dropout"), output);
    }

    private static Objective objective(String method, Params p) {
        return switch (method) {
            case "dae" -> Objective.denoising(switch (p.text("noise")) {
                case "masking" -> Noise.masking(p.real("noise_level"));
                case "salt_and_pepper" -> Noise.saltAndPepper(p.real("noise_level"));
                default -> Noise.gaussian(p.real("noise_level"));
            });
            case "vae" -> Objective.variational(p.real("beta"));
            default -> Objective.reconstruction();
        };
    }

    private static Triplet triplet(Params p) {
        double weight = p.real("triplet_weight");
        if (weight == 0) {
            return null;
        }
        Triplet t = p.text("triplet_labels").equals("labels") ? Triplet.fromLabels(weight, p.real("triplet_margin"))
                : Triplet.fromKMeans(weight, p.real("triplet_margin"), p.integer("triplet_clusters"),
                        p.integer("triplet_pretrain_epochs"));
        return t.withMining(Triplet.Mining.valueOf(p.text("triplet_mining").toUpperCase(Locale.ROOT)));
    }

    private static Training training(Params p) {
        Training t = Training.defaults().withEpochs(p.integer("epochs")).withBatchSize(p.integer("batch_size"))
                .withLearningRate(p.real("learning_rate"))
                .withWeightDecay(p.real("weight_decay"), Training.WeightDecay.valueOf(p.text("weight_decay_mode")
                        .toUpperCase(Locale.ROOT)))
                .withValidationFraction(p.real("validation_split"))
                .withLossScale(p.real("loss_scale"));
        if (p.integer("early_stopping") > 0) {
            t = t.withEarlyStopping(new EarlyStopping(p.integer("early_stopping"), p.real("min_delta"),
                    p.bool("restore_best")));
        }
        if (p.integer("reduce_lr_patience") > 0) {
            t = t.withReduceLrOnPlateau(new ReduceLrOnPlateau(p.real("reduce_lr_factor"), p.integer("reduce_lr_patience"),
                    p.real("min_delta"), 0, p.real("min_lr")));
        }
        return t;
    }
}
