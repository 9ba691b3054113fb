package io.latentkit.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a dataset comes from and which of its columns mean what. The same record is the "input" section of a
 * pipeline config. Fields that do not apply to a format are ignored by it; null or empty means "not given".
 *
 * @param path            the data file (for IDX: the image file)
 * @param format          format name ("csv", "tsv", "npy", "jsonl", "idx", "parquet"), or null to infer it from the file name
 * @param idColumn        column or field holding item ids; when absent ids are row numbers 0..n-1
 * @param labelColumn     column or field holding true labels (optional)
 * @param featureColumns  numeric columns or fields that form the feature vector; empty means every column that is not
 *                        the id, the label or metadata (CSV, Parquet) or must be replaced by {@code vectorField}
 * @param metadataColumns columns or fields kept as text next to each item (title, category, ...)
 * @param vectorField     a field holding the whole feature vector as a list (JSON Lines, Parquet)
 * @param labelsPath      a separate label file (IDX label file paired with the image file); optional
 * @param dropNonFinite   when true, rows with NaN or infinite features are dropped and listed; when false they are an error
 * @param classNames      names for the label classes in the order the reader numbers them (e.g. Fashion-MNIST's
 *                        "T-shirt/top", "Trouser", ... for IDX labels 0, 1, ...); empty keeps the names in the file
 */
public record InputSpec(Path path, String format, String idColumn, String labelColumn, List<String> featureColumns,
                        List<String> metadataColumns, String vectorField, Path labelsPath, boolean dropNonFinite,
                        List<String> classNames) {
    public InputSpec {
        featureColumns = featureColumns == null ? List.of() : List.copyOf(featureColumns);
        metadataColumns = metadataColumns == null ? List.of() : List.copyOf(metadataColumns);
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    /** A spec that keeps the class names found in the file. */
    public InputSpec(Path path, String format, String idColumn, String labelColumn, List<String> featureColumns,
                     List<String> metadataColumns, String vectorField, Path labelsPath, boolean dropNonFinite) {
        this(path, format, idColumn, labelColumn, featureColumns, metadataColumns, vectorField, labelsPath, dropNonFinite,
                List.of());
    }

    /** A file whose format is inferred from its name, with default column roles. */
    public static InputSpec of(Path path) {
        return new InputSpec(path, null, null, null, List.of(), List.of(), null, null, false, List.of());
    }

    public InputSpec withFormat(String newFormat) {
        return new InputSpec(path, newFormat, idColumn, labelColumn, featureColumns, metadataColumns, vectorField, labelsPath,
                dropNonFinite, classNames);
    }

    public InputSpec withLabelColumn(String column) {
        return new InputSpec(path, format, idColumn, column, featureColumns, metadataColumns, vectorField, labelsPath,
                dropNonFinite, classNames);
    }

    public InputSpec withLabelsPath(Path labels) {
        return new InputSpec(path, format, idColumn, labelColumn, featureColumns, metadataColumns, vectorField, labels,
                dropNonFinite, classNames);
    }

    public InputSpec withClassNames(List<String> names) {
        return new InputSpec(path, format, idColumn, labelColumn, featureColumns, metadataColumns, vectorField, labelsPath,
                dropNonFinite, names);
    }
}
