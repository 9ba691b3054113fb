package io.latentkit.deep;

import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Reconstructor;
import io.latentkit.persist.ModelStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An autoencoder: a network, an objective (plain, denoising or variational), an optional triplet term and a training
 * schedule. {@code fit} trains on the engine and returns a {@link Model} whose {@code transform} is the encoder.
 *
 * <p>The seed drives every random choice: the initial weights (PyTorch's default initialisation, drawn in Java), the
 * validation split, the batch order, the engine's dropout, noise and sampling, and k-means pseudo-labels. Equal seeds
 * give equal models at a given engine thread count, and dense networks at any thread count (matrix products are
 * bit-reproducible and every reduction has a fixed order); convolutional ones differ in the last bits between thread
 * counts, because the engine's convolutions (oneDNN) sum in thread-dependent order.
 *
 * <p>The engine records one gradient tape at a time, so one {@code fit} runs at a time per JVM; fitted models encode
 * concurrently.
 *
 * @param network   the architecture
 * @param objective what is minimised
 * @param triplet   a triplet term on the codes, or null for none
 * @param training  optimiser, schedule and loss scale
 * @param seed      the seed
 */
public record Autoencoder(NetworkSpec network, Objective objective, Triplet triplet, Training training, long seed)
        implements Estimator<Autoencoder.Model> {
    public Autoencoder {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(training, "training");
        if (objective.variational() && network instanceof ConvNetwork c
                && c.embedding() == ConvNetwork.Embedding.GLOBAL_AVERAGE_POOL) {
            throw new IllegalArgumentException("a variational objective needs a dense embedding, not global average "
                    + "pooling (it gives no mean and variance to sample from)");
        }
        if (triplet != null && triplet.source() == Triplet.Source.KMEANS && triplet.pretrainEpochs() >= training.epochs()) {
            throw new IllegalArgumentException("triplet.pretrainEpochs (" + triplet.pretrainEpochs()
                    + ") must be below training.epochs (" + training.epochs() + ")");
        }
    }

    /** A plain autoencoder with default training and seed 0. */
    public Autoencoder(NetworkSpec network) {
        this(network, Objective.reconstruction(), null, Training.defaults(), 0);
    }

    public Autoencoder withNetwork(NetworkSpec n) {
        return new Autoencoder(n, objective, triplet, training, seed);
    }

    public Autoencoder withObjective(Objective o) {
        return new Autoencoder(network, o, triplet, training, seed);
    }

    public Autoencoder withTriplet(Triplet t) {
        return new Autoencoder(network, objective, t, training, seed);
    }

    public Autoencoder withTraining(Training t) {
        return new Autoencoder(network, objective, triplet, t, seed);
    }

    public Autoencoder withSeed(long s) {
        return new Autoencoder(network, objective, triplet, training, s);
    }

    /** Trains without checkpoints, with a progress bar on stderr when a console is attached. */
    @Override
    public Model fit(Dataset data) {
        return fit(data, null, ProgressBar.auto());
    }

    /**
     * Trains, checkpointing every epoch into {@code checkpoints} when it is not null; if that folder already holds a
     * checkpoint of this configuration (any number of epochs) and of the same data, training resumes from it.
     *
     * @throws IllegalArgumentException   for data the network cannot take, non-finite values, or a checkpoint of
     *                                    another configuration
     * @throws TrainingDivergedException if a loss becomes NaN or infinite
     */
    public Model fit(Dataset data, Path checkpoints, TrainingListener listener) {
        Matrix x = data.features();
        Net net = Net.of(network, x.cols(), objective.variational());
        checkFinite(x);
        int[][] split = Trainer.split(x.rows(), training.validationFraction(), seed);
        Map<String, Object> identity = null;
        if (checkpoints != null) {
            identity = toMap();
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) identity.get("training");
            t.remove("epochs");
            identity.put("data", Map.of("rows", x.rows(), "cols", x.cols(), "sha256", data.fingerprint()));
        }
        Trainer.Result r = new Trainer(this, net, x, tripletLabels(data), split[0], split[1],
                Objects.requireNonNull(listener, "listener"), checkpoints, identity).run();
        return new Model(this, x.cols(), r.values(), r.history());
    }

    /** Trains on {@code train} rows and reports the loss on {@code validation} rows (cross-validation). */
    Model fit(Dataset data, int[] train, int[] validation, TrainingListener listener) {
        Matrix x = data.features();
        Net net = Net.of(network, x.cols(), objective.variational());
        checkFinite(x);
        Trainer.Result r = new Trainer(this, net, x, tripletLabels(data), train, validation, listener, null, null).run();
        return new Model(this, x.cols(), r.values(), r.history());
    }

    private int[] tripletLabels(Dataset data) {
        if (triplet == null || triplet.source() != Triplet.Source.LABELS) {
            return null;
        }
        int[] codes = data.labels().map(Labels::codes).orElseThrow(() -> new IllegalArgumentException(
                "triplet from labels needs a dataset with labels; use k-means pseudo-labels otherwise"));
        for (int c : codes) {
            if (c >= 0) {
                return codes;
            }
        }
        throw new IllegalArgumentException("triplet from labels: every item's label is unknown");
    }

    private static void checkFinite(Matrix x) {
        if (x.rows() == 0) {
            throw new IllegalArgumentException("features: the dataset has no rows");
        }
        x.requireFinite();
    }

    /** The configuration as plain data (the seed as a decimal string: it is a 64-bit integer). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", network.toMap());
        m.put("objective", objective.toMap());
        m.put("triplet", triplet == null ? null : triplet.toMap());
        m.put("training", training.toMap());
        m.put("seed", Long.toString(seed));
        return m;
    }

    public static Autoencoder fromMap(Map<String, ?> m) {
        String seed = Specs.text(m, "seed");
        try {
            return new Autoencoder(NetworkSpec.fromMap(Specs.object(m, "network")),
                    Objective.fromMap(Specs.object(m, "objective")),
                    m.get("triplet") == null ? null : Triplet.fromMap(Specs.object(m, "triplet")),
                    Training.fromMap(Specs.object(m, "training")), Long.parseLong(seed));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed: expected a 64-bit integer, got '" + seed + "'");
        }
    }

    /**
     * A trained autoencoder: the estimator that made it, the input width, the weights and the training history.
     * Inference runs on the engine in blocks of rows, so memory stays bounded for millions of rows. Immutable.
     */
    public static final class Model implements Reconstructor {
        private final Autoencoder estimator;
        private final int inputWidth;
        private final float[][] values;
        private final TrainingHistory history;
        private final CrossValidation.Result selection;
        private final Net net;

        Model(Autoencoder estimator, int inputWidth, float[][] values, TrainingHistory history) {
            this(estimator, inputWidth, values, history, null);
        }

        private Model(Autoencoder estimator, int inputWidth, float[][] values, TrainingHistory history,
                      CrossValidation.Result selection) {
            this.selection = selection;
            this.estimator = estimator;
            this.inputWidth = inputWidth;
            this.net = Net.of(estimator.network(), inputWidth, estimator.objective().variational());
            List<Net.Tensor> tensors = net.tensors();
            if (values.length != tensors.size()) {
                throw new IllegalArgumentException(values.length + " weight arrays for " + tensors.size() + " tensors");
            }
            for (int t = 0; t < values.length; t++) {
                if (values[t].length != tensors.get(t).size()) {
                    throw new IllegalArgumentException(tensors.get(t).name() + ": " + values[t].length
                            + " values, expected " + tensors.get(t).size());
                }
            }
            this.values = values;
            this.history = history;
        }

        /** The estimator (configuration) this model was trained with. */
        public Autoencoder estimator() {
            return estimator;
        }

        public int inputWidth() {
            return inputWidth;
        }

        public int latentWidth() {
            return net.latent;
        }

        public TrainingHistory history() {
            return history;
        }

        /** The cross-validation that chose this model's network, if one did (kept in memory only, not saved). */
        public Optional<CrossValidation.Result> selection() {
            return Optional.ofNullable(selection);
        }

        /** The same model, remembering the cross-validation that chose its network. */
        Model withSelection(CrossValidation.Result result) {
            return new Model(estimator, inputWidth, values, history, result);
        }

        /** Names of the network's tensors (weights, biases, batch-norm parameters and statistics), in order. */
        public List<String> parameterNames() {
            List<String> names = new ArrayList<>();
            for (Net.Tensor t : net.tensors()) {
                names.add(t.name());
            }
            return names;
        }

        /** A copy of one tensor's values (row-major). */
        public float[] parameter(String name) {
            List<Net.Tensor> tensors = net.tensors();
            for (int t = 0; t < tensors.size(); t++) {
                if (tensors.get(t).name().equals(name)) {
                    return values[t].clone();
                }
            }
            throw new IllegalArgumentException("no tensor named '" + name + "'; known: " + parameterNames());
        }

        /** The shape of one tensor. */
        public int[] parameterShape(String name) {
            for (Net.Tensor t : net.tensors()) {
                if (t.name().equals(name)) {
                    return t.shape().clone();
                }
            }
            throw new IllegalArgumentException("no tensor named '" + name + "'; known: " + parameterNames());
        }

        /** The codes (for a variational model, the means), one row per item. */
        public Matrix encode(Matrix x) {
            return Inference.run(net, values, x, Inference.Output.EMBEDDING);
        }

        /** The reconstructions of the clean inputs (no noise, no sampling, batch norm with running statistics). */
        @Override
        public Matrix reconstruct(Matrix x) {
            return Inference.run(net, values, x, Inference.Output.RECONSTRUCTION);
        }

        /** Per item, the mean squared error of its reconstruction over features, without the loss scale. */
        @Override
        public double[] reconstructionErrors(Matrix x) {
            float[] e = Inference.run(net, values, x, Inference.Output.ERRORS).data();
            double[] out = new double[e.length];
            for (int i = 0; i < e.length; i++) {
                out[i] = e[i];
            }
            return out;
        }

        /** The same items with their codes as features, named z0, z1, ... */
        @Override
        public Dataset transform(Dataset data) {
            return data.withFeatures(encode(data.features()), "z");
        }

        /** Saves to a model folder (type "autoencoder", see docs/model-format.md). */
        public void save(Path dir) {
            ModelStore.save(this, dir);
        }

        public static Model load(Path dir) {
            return ModelStore.load(dir, Model.class);
        }

        float[][] values() {
            return values;
        }

        Net net() {
            return net;
        }
    }
}
