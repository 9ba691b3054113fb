package io.latentkit.deep;

import io.latentkit.data.Dataset;
import io.latentkit.estimator.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * k-fold cross-validation of network architectures (000's procedure): for each candidate, k autoencoders are trained,
 * each on k - 1 folds with the remaining fold as its validation set, and the best (lowest) validation loss of each
 * run is recorded. Folds are a seeded shuffle cut into k near-equal parts (the first n mod k folds one item larger),
 * the same for every candidate; everything but the network comes from {@code base} (its validation fraction is not
 * used: the held-out fold is the validation set).
 *
 * @param candidates the architectures to compare
 * @param folds      k, >= 2
 * @param base       objective, triplet term, training and seed shared by all runs
 */
public record CrossValidation(List<NetworkSpec> candidates, int folds, Autoencoder base) {
    private static final long FOLD_STREAM = 6;

    public CrossValidation {
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must list at least one network");
        }
        candidates = List.copyOf(candidates);
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, got " + folds);
        }
        if (base == null) {
            throw new IllegalArgumentException("base must be given");
        }
    }

    /**
     * One candidate's scores.
     *
     * @param network    the architecture
     * @param foldLosses best validation loss of each fold's run
     * @param mean       their mean
     * @param std        their standard deviation (population, ddof 0, as numpy.std)
     */
    public record Score(NetworkSpec network, List<Double> foldLosses, double mean, double std) {
        public Score {
            foldLosses = List.copyOf(foldLosses);
        }
    }

    /**
     * Scores in the order of the candidates, and the best one (lowest mean; the first on ties).
     */
    public record Result(List<Score> scores, Score best) {
        public Result {
            scores = List.copyOf(scores);
        }
    }

    public Result run(Dataset data) {
        return run(data, TrainingListener.NONE);
    }

    public Result run(Dataset data, TrainingListener listener) {
        int n = data.rows();
        if (n < folds) {
            throw new IllegalArgumentException(folds + " folds need at least " + folds + " items, got " + n);
        }
        int[][] foldRows = folds(n);
        List<Score> scores = new ArrayList<>();
        Score best = null;
        for (NetworkSpec network : candidates) {
            List<Double> losses = new ArrayList<>();
            for (int f = 0; f < folds; f++) {
                int[] train = trainRows(foldRows, f, n);
                Autoencoder run = base.withNetwork(network).withSeed(Seeds.derive(base.seed(), f));
                losses.add(run.fit(data, train, foldRows[f], listener).history().bestValLoss());
            }
            double mean = losses.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double var = losses.stream().mapToDouble(l -> (l - mean) * (l - mean)).sum() / losses.size();
            Score score = new Score(network, losses, mean, Math.sqrt(var));
            scores.add(score);
            if (best == null || mean < best.mean()) {
                best = score;
            }
        }
        return new Result(scores, best);
    }

    /**
     * 000's whole procedure: cross-validates the candidates, then trains the best one on all the data (with
     * {@code base}'s training, including its validation fraction); the model remembers the scores.
     */
    public Autoencoder.Model fitBest(Dataset data, TrainingListener listener) {
        Result result = run(data, listener);
        return base.withNetwork(result.best().network()).fit(data, null, listener).withSelection(result);
    }

    /** The items of each fold, sorted. */
    private int[][] folds(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        int[] order = Trainer.shuffle(all, new SplittableRandom(Seeds.derive(base.seed(), FOLD_STREAM)));
        int[][] out = new int[folds][];
        int start = 0;
        for (int f = 0; f < folds; f++) {
            int size = n / folds + (f < n % folds ? 1 : 0);
            out[f] = Arrays.copyOfRange(order, start, start + size);
            Arrays.sort(out[f]);
            start += size;
        }
        return out;
    }

    private int[] trainRows(int[][] foldRows, int held, int n) {
        int[] train = new int[n - foldRows[held].length];
        int k = 0;
        for (int f = 0; f < folds; f++) {
            if (f != held) {
                System.arraycopy(foldRows[f], 0, train, k, foldRows[f].length);
                k += foldRows[f].length;
            }
        }
        Arrays.sort(train);
        return train;
    }
}
