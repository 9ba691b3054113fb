package io.latentkit.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One file format. Implementations are found with {@link java.util.ServiceLoader} (register them in
 * META-INF/services/io.latentkit.data.DatasetFormat), so a module with a heavy dependency (Parquet) plugs in
 * without the data module knowing it.
 */
public interface DatasetFormat {
    /** The name used in configs and on the command line, e.g. "csv". */
    String name();

    /** File name endings this format claims, lower case, e.g. ".csv", ".csv.gz". */
    List<String> extensions();

    /**
     * Reads a whole dataset or fails with a {@link DataException} naming file, location and field;
     * never returns a partly read result.
     */
    ReadResult read(InputSpec spec);

    /** Writes ids, labels, features and metadata so that {@link #read} gives them back unchanged; atomically. */
    void write(Dataset data, Path path);
}
