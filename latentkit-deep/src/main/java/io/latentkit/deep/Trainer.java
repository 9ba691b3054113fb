package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.latentkit.cluster.KMeans;
import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop shared by every objective. The data is copied to the engine once; each step gathers its batch by
 * index into a per-step manager (freed after the step), runs forward and backward under a gradient collector, and
 * applies {@link Adam}. Every random choice comes from a stream derived from the seed: weights (Java), the split and
 * the batch order (Java, per epoch), and the engine's generator (dropout, noise, sampling), reseeded per step from
 * the epoch and step numbers, so a run resumed from a checkpoint continues exactly as an uninterrupted one.
 */
final class Trainer {
    /** What training produced: the kept weights and the history. */
    record Result(float[][] values, TrainingHistory history) {
    }

    private static final long INIT_STREAM = 0;
    private static final long SPLIT_STREAM = 1;
    private static final long SHUFFLE_STREAM = 2;
    private static final long ENGINE_STREAM = 3;
    private static final long KMEANS_STREAM = 4;
    private static final long VALIDATION_STREAM = 5;

    private final Autoencoder config;
    private final Training training;
    private final Net net;
    private final Matrix x;
    private final int[] labels;
    private final int[] trainRows;
    private final int[] valRows;
    private final TrainingListener listener;
    private final Path checkpoints;
    private final Map<String, Object> identity;
    private final float low;
    private final float high;
    private final int batches;

    /**
     * @param labels      true labels of every item for a triplet term from labels (-1: none), else null
     * @param trainRows   the items trained on
     * @param valRows     the items of the validation loss (may be empty)
     * @param checkpoints folder of the checkpoint, or null for none
     * @param identity    what a checkpoint must match to be resumed (configuration without epochs, and the data)
     */
    Trainer(Autoencoder config, Net net, Matrix x, int[] labels, int[] trainRows, int[] valRows,
            TrainingListener listener, Path checkpoints, Map<String, Object> identity) {
        if (trainRows.length == 0) {
            throw new IllegalArgumentException("no items left to train on");
        }
        this.config = config;
        this.training = config.training();
        this.net = net;
        this.x = x;
        this.labels = labels;
        this.trainRows = trainRows;
        this.valRows = valRows;
        this.listener = listener;
        this.checkpoints = checkpoints;
        this.identity = identity;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : x.data()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        this.low = lo;
        this.high = hi;
        this.batches = (trainRows.length + training.batchSize() - 1) / training.batchSize();
    }

    /** A seeded split of n items into training and validation items (validation: round(n x fraction), if any). */
    static int[][] split(int n, double fraction, long seed) {
        int nVal = (int) Math.min(n - 1L, Math.round(n * fraction));
        if (nVal <= 0) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return new int[][] {all, new int[0]};
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        int[] order = shuffle(all, new SplittableRandom(Seeds.derive(seed, SPLIT_STREAM)));
        int[] val = Arrays.copyOfRange(order, 0, nVal);
        int[] train = Arrays.copyOfRange(order, nVal, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new int[][] {train, val};
    }

    /** A shuffled copy of {@code items} (Fisher-Yates). */
    static int[] shuffle(int[] items, SplittableRandom rng) {
        int[] order = items.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    Result run() {
        Checkpoint.State saved = checkpoints == null ? null : Checkpoint.read(checkpoints, identity, net, x.rows());
        EarlyStopping rule = training.earlyStopping();
        EarlyStopping.Tracker stop = rule == null ? null : new EarlyStopping.Tracker(rule);
        ReduceLrOnPlateau.Tracker plateau = training.reduceLrOnPlateau() == null ? null
                : new ReduceLrOnPlateau.Tracker(training.reduceLrOnPlateau());
        List<TrainingHistory.Row> rows = new ArrayList<>();
        float[][] values = saved != null ? saved.values()
                : net.initialValues(Seeds.derive(config.seed(), INIT_STREAM));
        float[][] best = null;
        int[] pseudo = null;
        int start = 0;
        boolean stopped = false;
        if (saved != null) {
            rows.addAll(saved.rows());
            best = saved.best();
            pseudo = saved.pseudoLabels();
            start = saved.epochsDone();
            stopped = saved.stopped();
            if (stop != null) {
                stop.best = saved.stopBest();
                stop.bestEpoch = saved.stopBestEpoch();
                stop.wait = saved.stopWait();
            }
            if (plateau != null) {
                plateau.best = saved.plateauBest();
                plateau.wait = saved.plateauWait();
                plateau.cooldownLeft = saved.plateauCooldown();
            }
        }
        try (NDManager manager = Tensors.newManager()) {
            NDArray data = Tensors.toTensor(manager, x);
            NDArray[] p = net.upload(manager, values);
            Adam adam = new Adam(training, recordGradients(net, p), manager);
            if (saved != null) {
                adam.step = saved.adamStep();
                adam.learningRate = saved.learningRate();
                for (int i = 0; i < adam.m.length; i++) {
                    adam.m[i].set(saved.m()[i]);
                    adam.v[i].set(saved.v()[i]);
                }
            }
            Triplet triplet = config.triplet();
            NDArray labelArray = null;
            if (labels != null) {
                labelArray = manager.create(toLongs(labels));
            } else if (pseudo != null) {
                labelArray = manager.create(toLongs(pseudo));
            }
            listener.onStart(start + 1, training.epochs(), batches);
            for (int epoch = start; epoch < training.epochs() && !stopped; epoch++) {
                if (triplet != null && triplet.source() == Triplet.Source.KMEANS && epoch == triplet.pretrainEpochs()
                        && pseudo == null) {
                    pseudo = pseudoLabels(download(p), triplet.clusters());
                    labelArray = manager.create(toLongs(pseudo));
                }
                NDArray epochLabels = triplet != null && triplet.activeIn(epoch) ? labelArray : null;
                long started = System.nanoTime();
                double lr = adam.learningRate;
                int[] order = shuffle(trainRows, new SplittableRandom(
                        Seeds.derive(Seeds.derive(config.seed(), SHUFFLE_STREAM), epoch)));
                double sum = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * training.batchSize();
                    int to = Math.min(order.length, from + training.batchSize());
                    double loss;
                    try (NDManager step = manager.newSubManager()) {
                        NDIndex index = new NDIndex("{}", step.create(toLongs(Arrays.copyOfRange(order, from, to))));
                        NDArray batch = data.get(step, index);
                        NDArray batchLabels = epochLabels == null ? null : epochLabels.get(step, index);
                        if (usesEngineRandomness()) {
                            JniUtils.setSeed(Seeds.derive(Seeds.derive(config.seed(), ENGINE_STREAM),
                                    (long) epoch * batches + b));
                        }
                        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                            NDArray l = loss(p, batch, batchLabels, true);
                            collector.backward(l);
                            loss = l.getFloat();
                        }
                    }
                    if (!Double.isFinite(loss)) {
                        throw diverged(loss, epoch + 1, b + 1, lr, rows.size());
                    }
                    adam.update();
                    sum += loss * (to - from);
                    listener.onBatch(epoch + 1, b + 1, loss);
                }
                double trainLoss = sum / trainRows.length;
                double valLoss = Double.NaN;
                if (valRows.length > 0) {
                    listener.onValidation(epoch + 1);
                    valLoss = validate(manager, p, data, epochLabels);
                    if (!Double.isFinite(valLoss)) {
                        throw diverged(valLoss, epoch + 1, 0, lr, rows.size());
                    }
                }
                double monitored = valRows.length > 0 ? valLoss : trainLoss;
                TrainingHistory.Row row = new TrainingHistory.Row(epoch + 1, trainLoss, valLoss, lr,
                        (System.nanoTime() - started) / 1e9);
                rows.add(row);
                if (stop != null) {
                    EarlyStopping.Decision d = stop.update(epoch, monitored);
                    if (d == EarlyStopping.Decision.IMPROVED && rule.restoreBestWeights()) {
                        best = download(p);
                    }
                    stopped = d == EarlyStopping.Decision.STOP;
                }
                if (plateau != null) {
                    adam.learningRate = plateau.update(monitored, lr);
                }
                if (checkpoints != null) {
                    Checkpoint.write(checkpoints, identity, net, new Checkpoint.State(epoch + 1, stopped, adam.step,
                            adam.learningRate, stop == null ? Double.POSITIVE_INFINITY : stop.best,
                            stop == null ? -1 : stop.bestEpoch, stop == null ? 0 : stop.wait,
                            plateau == null ? Double.POSITIVE_INFINITY : plateau.best, plateau == null ? 0 : plateau.wait,
                            plateau == null ? 0 : plateau.cooldownLeft, rows, download(p), download(adam.m),
                            download(adam.v), best, pseudo));
                }
                listener.onEpoch(row);
            }
            boolean restore = rule != null && rule.restoreBestWeights() && best != null;
            float[][] kept = restore ? best : download(p);
            int bestEpoch = restore ? stop.bestEpoch + 1 : rows.getLast().epoch();
            TrainingHistory history = new TrainingHistory(rows, bestEpoch, stopped);
            listener.onEnd(history);
            return new Result(kept, history);
        }
    }

    /** Marks the trainable tensors among the net's uploaded tensors {@code p} for gradients and returns them in order. */
    static NDArray[] recordGradients(Net net, NDArray[] p) {
        List<NDArray> trainable = new ArrayList<>();
        for (int t = 0; t < p.length; t++) {
            if (net.tensors().get(t).role().trainable()) {
                p[t].setRequiresGradient(true);
                trainable.add(p[t]);
            }
        }
        return trainable.toArray(NDArray[]::new);
    }

    private boolean usesEngineRandomness() {
        return config.objective().kind() != Objective.Kind.RECONSTRUCTION
                || config.network() instanceof DenseNetwork d && d.dropout() > 0;
    }

    /** The loss of one batch: reconstruction (scaled), plus beta KL, plus the weighted triplet term. */
    NDArray loss(NDArray[] p, NDArray batch, NDArray batchLabels, boolean train) {
        Objective objective = config.objective();
        NDArray input = objective.kind() == Objective.Kind.DENOISING ? objective.noise().corrupt(batch, low, high) : batch;
        Net.Pass pass = net.forward(p, input, train);
        NDArray rows = Losses.rowMse(pass.reconstruction(), batch);
        NDArray loss = rows.mul(Scalars.of(rows, training.lossScale())).mean();
        if (objective.variational() && objective.beta() > 0) {
            NDArray kl = Losses.kl(pass.mu(), pass.logVar());
            loss = loss.add(kl.mul(Scalars.of(kl, objective.beta())));
        }
        if (batchLabels != null) {
            loss = loss.add(config.triplet().loss(pass.code(), batchLabels));
        }
        return loss;
    }

    /**
     * The mean loss over the validation items in inference mode, without recording a graph; denoising draws the same
     * corruption every epoch.
     */
    private double validate(NDManager manager, NDArray[] p, NDArray data, NDArray labelArray) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return validationLoss(manager, p, data, labelArray);
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    private double validationLoss(NDManager manager, NDArray[] p, NDArray data, NDArray labelArray) {
        double sum = 0;
        for (int from = 0, b = 0; from < valRows.length; from += training.batchSize(), b++) {
            int to = Math.min(valRows.length, from + training.batchSize());
            try (NDManager step = manager.newSubManager()) {
                NDIndex index = new NDIndex("{}", step.create(toLongs(Arrays.copyOfRange(valRows, from, to))));
                NDArray batch = data.get(step, index);
                if (config.objective().kind() == Objective.Kind.DENOISING) {
                    JniUtils.setSeed(Seeds.derive(Seeds.derive(config.seed(), VALIDATION_STREAM), b));
                }
                sum += loss(p, batch, labelArray == null ? null : labelArray.get(step, index), false).getFloat()
                        * (to - from);
            }
        }
        return sum / valRows.length;
    }

    /** k-means on the codes of the training items labels every item. */
    private int[] pseudoLabels(float[][] values, int k) {
        if (trainRows.length < k) {
            throw new IllegalArgumentException("triplet.clusters = " + k + " needs at least " + k
                    + " training items, got " + trainRows.length);
        }
        Matrix codes = Inference.run(net, values, x, Inference.Output.EMBEDDING);
        KMeans.Model model = new KMeans(k).withSeed(Seeds.derive(config.seed(), KMEANS_STREAM))
                .fit(Dataset.of(codes.selectRows(trainRows)));
        return model.predict(Dataset.of(codes));
    }

    private TrainingDivergedException diverged(double loss, int epoch, int batch, double lr, int savedEpochs) {
        String where = batch > 0 ? "epoch " + epoch + ", batch " + batch : "the validation pass of epoch " + epoch;
        String message = String.format(Locale.ROOT, "training diverged: the loss is %s in %s (learning rate %.3g); "
                + "lower the learning rate or the loss scale, or scale the data", loss, where, lr);
        if (checkpoints != null) {
            message += savedEpochs > 0 ? "; the checkpoint of epoch " + savedEpochs + " in "
                    + checkpoints.resolve(Checkpoint.FOLDER) + " is kept" : "; no epoch completed, so no checkpoint";
        }
        return new TrainingDivergedException(message, epoch, batch);
    }

    private static float[][] download(NDArray[] arrays) {
        float[][] out = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = arrays[i].toFloatArray();
        }
        return out;
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
