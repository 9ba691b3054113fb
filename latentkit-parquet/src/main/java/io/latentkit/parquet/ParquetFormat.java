package io.latentkit.parquet;

import io.latentkit.data.AtomicFiles;
import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormat;
import io.latentkit.data.InputSpec;
import io.latentkit.data.ReadResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Parquet files, read and written by an in-process DuckDB database (one private in-memory database per call).
 *
 * <p>Reading takes the features either from one list or array column ({@link InputSpec#vectorField()}) or from
 * numeric columns ({@link InputSpec#featureColumns()}; when neither is given, every numeric column without
 * another role). Ids and metadata may be columns of any type and are kept as text; without an id column the ids are
 * the 0-based record numbers, also when rows were dropped. Labels are text (classes in order of first appearance)
 * or integers (classes in numeric order). The values are streamed into one float array sized from the record count.
 *
 * <p>Writing produces the columns {@code id} (VARCHAR), {@code label} (VARCHAR, only when the dataset has labels),
 * {@code vector} (FLOAT list) and one VARCHAR column per metadata column, so reading with vector field "vector",
 * id column "id" and label column "label" gives the dataset back; feature names are not stored.
 */
public final class ParquetFormat implements DatasetFormat {
    @Override
    public String name() {
        return "parquet";
    }

    @Override
    public List<String> extensions() {
        return List.of(".parquet");
    }

    @Override
    public ReadResult read(InputSpec spec) {
        Path file = spec.path();
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, null, null, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new DataException(file, null, null, "the file is empty");
            }
        } catch (IOException e) {
            throw new DataException(file, null, null, "cannot read: " + e.getMessage(), e);
        }
        try (Connection connection = Sql.open()) {
            return new ParquetReader(connection, spec).read();
        } catch (SQLException e) {
            throw new DataException(file, null, null, "cannot read as Parquet: " + Sql.reason(e), e);
        }
    }

    /** Writes under a temporary name in the target directory, then renames it into place. */
    @Override
    public void write(Dataset data, Path path) {
        AtomicFiles.writeFile(path, tmp -> {
            try {
                ParquetWriter.write(data, tmp);
            } catch (SQLException e) {
                throw new IOException(Sql.reason(e), e);
            }
        });
    }
}
