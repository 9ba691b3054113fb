package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Gathers the rows every reader produces into one growable float array plus the text columns, and applies the
 * non-finite policy in one place: such a row is either an error naming where it was or dropped and reported.
 */
final class RowCollector {
    private final Path file;
    private final boolean dropNonFinite;
    private final FloatAccumulator features = new FloatAccumulator();
    private final List<String> ids;
    private final List<String> labels;
    private final List<List<String>> metadata = new ArrayList<>();
    private final List<ReadResult.DroppedRow> dropped = new ArrayList<>();
    private int[] keptRows = new int[256];
    private int rows;
    private int seen;

    /**
     * @param keepIds       whether the caller will {@link #addId} for every kept row
     * @param keepLabels    whether the caller will {@link #addLabel} for every kept row
     * @param metadataCount how many metadata columns the caller fills with {@link #addMetadata}
     */
    RowCollector(Path file, boolean dropNonFinite, boolean keepIds, boolean keepLabels, int metadataCount) {
        this.file = file;
        this.dropNonFinite = dropNonFinite;
        this.ids = keepIds ? new ArrayList<>() : null;
        this.labels = keepLabels ? new ArrayList<>() : null;
        for (int k = 0; k < metadataCount; k++) {
            metadata.add(new ArrayList<>());
        }
    }

    /**
     * Offers the next source row. A row with a NaN or infinite value fails with a DataException or, when dropping
     * was asked for, is recorded as dropped; only a kept row returns true, and only then may its text be added.
     *
     * @param location     where the row is, e.g. "line 12" or "row 7"
     * @param columnField  the field name to report for a column
     */
    boolean addRow(float[] values, int count, String location, IntFunction<String> columnField) {
        int source = seen++;
        for (int j = 0; j < count; j++) {
            if (!Float.isFinite(values[j])) {
                String reason = Float.toString(values[j]);
                if (!dropNonFinite) {
                    throw new DataException(file, location, columnField.apply(j), reason
                            + " is not a finite number (set dropNonFinite to drop such rows)");
                }
                dropped.add(new ReadResult.DroppedRow(location, columnField.apply(j), reason));
                return false;
            }
        }
        try {
            features.add(values, count);
        } catch (IllegalStateException e) {
            throw new DataException(file, location, null, e.getMessage());
        }
        if (rows == keptRows.length) {
            keptRows = Arrays.copyOf(keptRows, rows + (rows >> 1));
        }
        keptRows[rows++] = source;
        return true;
    }

    void addId(String id) {
        ids.add(id);
    }

    void addLabel(String label) {
        labels.add(label);
    }

    void addMetadata(int column, String value) {
        metadata.get(column).add(value);
    }

    int rows() {
        return rows;
    }

    /** Source row numbers (0-based, counting dropped rows) of the kept rows, in order. */
    int[] keptRows() {
        return Arrays.copyOf(keptRows, rows);
    }

    /**
     * A builder holding the features, ids (source row numbers when none were read) and string labels; fails when
     * no row is left.
     *
     * @param emptyProblem the message for a source that held no rows at all
     */
    Dataset.Builder builder(int cols, List<String> featureNames, List<String> metadataNames, String emptyProblem) {
        if (rows == 0) {
            throw new DataException(file, null, null, seen == 0 ? emptyProblem
                    : "all " + seen + " rows were dropped for non-finite values");
        }
        Dataset.Builder builder = Dataset.builder(new Matrix(rows, cols, features.toArray()))
                .featureNames(featureNames)
                .ids(ids != null ? ids : rowNumbers());
        if (labels != null) {
            builder.labels(Labels.fromStrings(labels));
        }
        for (int k = 0; k < metadataNames.size(); k++) {
            builder.metadata(metadataNames.get(k), metadata.get(k));
        }
        return builder;
    }

    ReadResult result(Dataset dataset) {
        return new ReadResult(dataset, dropped);
    }

    private List<String> rowNumbers() {
        List<String> numbers = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            numbers.add(Integer.toString(keptRows[i]));
        }
        return numbers;
    }

    /** Names "prefix0".."prefix{count-1}" for features that have no names of their own. */
    static List<String> numberedNames(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            names.add(prefix + j);
        }
        return names;
    }
}
