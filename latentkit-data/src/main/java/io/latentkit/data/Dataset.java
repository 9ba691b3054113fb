package io.latentkit.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What travels through a pipeline: a float32 feature matrix (one row an item), item ids, optional true labels,
 * and named metadata columns (title, category, text, file, ...) that reports show next to each item.
 *
 * <p>Immutable: every step returns a new dataset and never changes the one it was given.
 */
public final class Dataset {
    private final Matrix features;
    private final List<String> featureNames;
    private final List<String> ids;
    private final Labels labels;
    private final Map<String, List<String>> metadata;

    private Dataset(Matrix features, List<String> featureNames, List<String> ids, Labels labels,
                    Map<String, List<String>> metadata) {
        int n = features.rows();
        if (featureNames.size() != features.cols()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + features.cols() + " columns");
        }
        if (ids.size() != n) {
            throw new IllegalArgumentException(ids.size() + " ids for " + n + " rows");
        }
        if (labels != null && labels.size() != n) {
            throw new IllegalArgumentException(labels.size() + " labels for " + n + " rows");
        }
        Map<String, List<String>> meta = new LinkedHashMap<>();
        metadata.forEach((name, column) -> {
            if (column.size() != n) {
                throw new IllegalArgumentException("metadata column '" + name + "' has " + column.size() + " values for " + n + " rows");
            }
            meta.put(name, Collections.unmodifiableList(new ArrayList<>(column)));
        });
        this.features = features;
        this.featureNames = List.copyOf(featureNames);
        this.ids = List.copyOf(ids);
        this.labels = labels;
        this.metadata = Collections.unmodifiableMap(meta);
    }

    /** A dataset with ids "0".."n-1", features named "f0".."f{d-1}", no labels and no metadata. */
    public static Dataset of(Matrix features) {
        return builder(features).build();
    }

    public static Builder builder(Matrix features) {
        return new Builder(features);
    }

    public Matrix features() {
        return features;
    }

    public int rows() {
        return features.rows();
    }

    public int cols() {
        return features.cols();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public List<String> ids() {
        return ids;
    }

    public Optional<Labels> labels() {
        return Optional.ofNullable(labels);
    }

    /** Metadata columns in their original order; each list holds one string per item (null when missing). */
    public Map<String, List<String>> metadata() {
        return metadata;
    }

    /** The same items with new features (for example a projection); ids, labels and metadata stay. */
    public Dataset withFeatures(Matrix newFeatures, List<String> names) {
        if (newFeatures.rows() != rows()) {
            throw new IllegalArgumentException("new features have " + newFeatures.rows() + " rows, dataset has " + rows());
        }
        return new Dataset(newFeatures, names, ids, labels, metadata);
    }

    /** The same items with new features named prefix0, prefix1, ... */
    public Dataset withFeatures(Matrix newFeatures, String namePrefix) {
        return withFeatures(newFeatures, Builder.numberedNames(namePrefix, newFeatures.cols()));
    }

    public Dataset withLabels(Labels newLabels) {
        return new Dataset(features, featureNames, ids, newLabels, metadata);
    }

    /** The given items, in the given order. */
    public Dataset selectRows(int[] items) {
        List<String> newIds = new ArrayList<>(items.length);
        for (int i : items) {
            newIds.add(ids.get(i));
        }
        Map<String, List<String>> meta = new LinkedHashMap<>();
        metadata.forEach((name, column) -> {
            List<String> values = new ArrayList<>(items.length);
            for (int i : items) {
                values.add(column.get(i));
            }
            meta.put(name, values);
        });
        return new Dataset(features.selectRows(items), featureNames, newIds,
                labels == null ? null : labels.select(items), meta);
    }

    /**
     * SHA-256 over the shape, the feature values (little-endian float32), the ids and the labels:
     * two datasets with equal fingerprints give equal results in every step.
     */
    public String fingerprint() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(rows()).putInt(cols());
        for (float v : features.data()) {
            if (buf.remaining() < Float.BYTES) {
                sha.update(buf.flip());
                buf.clear();
            }
            buf.putFloat(v);
        }
        sha.update(buf.flip());
        for (String id : ids) {
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        if (labels != null) {
            for (int i = 0; i < labels.size(); i++) {
                String name = labels.name(i);
                sha.update((name == null ? "" : name).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public String toString() {
        return "Dataset[" + rows() + "x" + cols() + (labels != null ? ", " + labels.classes().size() + " classes" : "")
                + (metadata.isEmpty() ? "" : ", metadata " + metadata.keySet()) + "]";
    }

    /** Assembles a dataset; everything but the features is optional. */
    public static final class Builder {
        private final Matrix features;
        private List<String> featureNames;
        private List<String> ids;
        private Labels labels;
        private final Map<String, List<String>> metadata = new LinkedHashMap<>();

        private Builder(Matrix features) {
            this.features = features;
        }

        static List<String> numberedNames(String prefix, int count) {
            List<String> names = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                names.add(prefix + i);
            }
            return names;
        }

        public Builder featureNames(List<String> names) {
            this.featureNames = names;
            return this;
        }

        public Builder ids(List<String> itemIds) {
            this.ids = itemIds;
            return this;
        }

        public Builder labels(Labels trueLabels) {
            this.labels = trueLabels;
            return this;
        }

        public Builder metadata(String name, List<String> column) {
            if (metadata.put(name, column) != null) {
                throw new IllegalArgumentException("metadata column '" + name + "' given twice");
            }
            return this;
        }

        public Dataset build() {
            return new Dataset(features,
                    featureNames != null ? featureNames : numberedNames("f", features.cols()),
                    ids != null ? ids : numberedNames("", features.rows()),
                    labels, metadata);
        }
    }
}
