package io.latentkit.parquet;

import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes a dataset for {@link ParquetFormat}: appends the rows into a table of a private in-memory database,
 * then lets DuckDB copy the table into a Parquet file.
 */
final class ParquetWriter {
    static final String ID = "id";
    static final String LABEL = "label";
    static final String VECTOR = "vector";
    private static final String TABLE = "dataset";

    private ParquetWriter() {
    }

    /** Writes {@code data} to {@code file}, replacing it; {@link ParquetFormat} passes a temporary name. */
    static void write(Dataset data, Path file) throws SQLException {
        List<String> metadata = new ArrayList<>(data.metadata().keySet());
        Labels labels = data.labels().orElse(null);
        checkNames(metadata, labels != null);
        try (DuckDBConnection connection = Sql.open().unwrap(DuckDBConnection.class);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (" + columnDefinitions(metadata, labels != null) + ")");
            append(connection, data, metadata, labels);
            statement.execute("COPY " + TABLE + " TO " + Sql.literal(file.toAbsolutePath().toString())
                    + " (FORMAT PARQUET)");
        }
    }

    /** DuckDB column names ignore case, so metadata names must differ from each other and the fixed columns that way. */
    private static void checkNames(List<String> metadata, boolean hasLabels) {
        Set<String> taken = new HashSet<>(hasLabels ? List.of(ID, LABEL, VECTOR) : List.of(ID, VECTOR));
        for (String name : metadata) {
            if (!taken.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("metadata column '" + name
                        + "' clashes with another column of the Parquet file (names are compared ignoring case)");
            }
        }
    }

    private static String columnDefinitions(List<String> metadata, boolean hasLabels) {
        List<String> columns = new ArrayList<>();
        columns.add(ID + " VARCHAR NOT NULL");
        if (hasLabels) {
            columns.add(LABEL + " VARCHAR");
        }
        columns.add(VECTOR + " FLOAT[] NOT NULL");
        metadata.forEach(name -> columns.add(Sql.identifier(name) + " VARCHAR"));
        return String.join(", ", columns);
    }

    private static void append(DuckDBConnection connection, Dataset data, List<String> metadata, Labels labels)
            throws SQLException {
        List<List<String>> metadataValues = metadata.stream().map(data.metadata()::get).toList();
        float[] values = data.features().data();
        float[] row = new float[data.cols()];
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, TABLE)) {
            for (int i = 0; i < data.rows(); i++) {
                appender.beginRow().append(data.ids().get(i));
                if (labels != null) {
                    appender.append(labels.name(i));
                }
                System.arraycopy(values, i * row.length, row, 0, row.length);
                appender.append(row);
                for (List<String> column : metadataValues) {
                    appender.append(column.get(i));
                }
                appender.endRow();
            }
        }
    }
}
