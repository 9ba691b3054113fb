package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A triplet term on the codes, added to the reconstruction loss: weight x the triplet loss with Euclidean distances,
 * over all the batch's triplets (batch-all) or each anchor's hardest (batch-hard; Hermans, Beyer and Leibe 2017; see
 * {@link Losses}). Triplets are mined within each batch from labels: the dataset's true labels (items
 * without a label, code -1, only reconstruct), or pseudo-labels: the first {@code pretrainEpochs} epochs train a plain
 * autoencoder, then k-means with {@code clusters} clusters on the codes labels every item for the remaining epochs.
 *
 * @param weight         weight of the triplet term, > 0
 * @param margin         margin, > 0
 * @param source         where labels come from
 * @param clusters       k of the k-means pseudo-labels (pseudo-labels only; 0 otherwise)
 * @param pretrainEpochs epochs of plain training before the pseudo-labels (pseudo-labels only; 0 otherwise)
 * @param mining         which triplets of a batch count
 */
public record Triplet(double weight, double margin, Source source, int clusters, int pretrainEpochs, Mining mining) {
    /** Which triplets of a batch count: all of them (the default; stable from a random start) or each anchor's hardest. */
    public enum Mining {
        BATCH_ALL, BATCH_HARD;

        public String id() {
            return Specs.id(this);
        }
    }

    public enum Source {
        LABELS, KMEANS;

        public String id() {
            return Specs.id(this);
        }
    }

    public Triplet {
        if (!(weight > 0 && Double.isFinite(weight))) {
            throw new IllegalArgumentException("triplet weight must be > 0 and finite, got " + weight);
        }
        if (!(margin > 0 && Double.isFinite(margin))) {
            throw new IllegalArgumentException("triplet margin must be > 0 and finite, got " + margin);
        }
        if (source == null || mining == null) {
            throw new IllegalArgumentException("triplet source and mining must be given");
        }
        if (source == Source.KMEANS && (clusters < 2 || pretrainEpochs < 1)) {
            throw new IllegalArgumentException("k-means pseudo-labels need clusters >= 2 and pretrainEpochs >= 1, got "
                    + clusters + " and " + pretrainEpochs);
        }
        if (source == Source.LABELS && (clusters != 0 || pretrainEpochs != 0)) {
            throw new IllegalArgumentException("clusters and pretrainEpochs apply to k-means pseudo-labels only");
        }
    }

    /** Triplets from the dataset's true labels. */
    public static Triplet fromLabels(double weight, double margin) {
        return new Triplet(weight, margin, Source.LABELS, 0, 0, Mining.BATCH_ALL);
    }

    /** Triplets from k-means pseudo-labels computed on the codes after {@code pretrainEpochs} epochs. */
    public static Triplet fromKMeans(double weight, double margin, int clusters, int pretrainEpochs) {
        return new Triplet(weight, margin, Source.KMEANS, clusters, pretrainEpochs, Mining.BATCH_ALL);
    }

    /** Whether the term is active in epoch {@code epoch} (0-based). */
    boolean activeIn(int epoch) {
        return source == Source.LABELS || epoch >= pretrainEpochs;
    }

    public Triplet withMining(Mining m) {
        return new Triplet(weight, margin, source, clusters, pretrainEpochs, m);
    }

    /** The triplet term of one batch's codes and labels, by this mining. */
    NDArray loss(NDArray codes, NDArray labels) {
        NDArray term = mining == Mining.BATCH_ALL ? Losses.tripletBatchAll(codes, labels, margin)
                : Losses.tripletBatchHard(codes, labels, margin);
        return term.mul(Scalars.of(term, weight));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weight", weight);
        m.put("margin", margin);
        m.put("source", source.id());
        m.put("clusters", clusters);
        m.put("pretrain_epochs", pretrainEpochs);
        m.put("mining", mining.id());
        return m;
    }

    static Triplet fromMap(Map<String, ?> m) {
        return new Triplet(Specs.real(m, "weight"), Specs.real(m, "margin"),
                Specs.parse(Source.class, Specs.text(m, "source"), "triplet.source"), Specs.integer(m, "clusters"),
                Specs.integer(m, "pretrain_epochs"),
                // models saved before mining was a choice used batch-hard
                m.get("mining") == null ? Mining.BATCH_HARD : Specs.parse(Mining.class, Specs.text(m, "mining"), "triplet.mining"));
    }
}
