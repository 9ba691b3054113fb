package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormat;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delimited text with a header row (CSV, TSV), gzip-compressed or not. Columns get their role (id, label,
 * feature, metadata) by header name; the writer emits {@code id,label,<features>,<metadata>} with floats as
 * {@link Float#toString} so that reading the file back gives bit-identical features.
 */
public abstract class DelimitedFormat implements DatasetFormat {
    private final String name;
    private final char delimiter;

    protected DelimitedFormat(String name, char delimiter) {
        this.name = name;
        this.delimiter = delimiter;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> extensions() {
        return List.of("." + name, "." + name + ".gz");
    }

    @Override
    public ReadResult read(InputSpec spec) {
        Path file = spec.path();
        DataFiles.requireNonEmpty(file);
        try (InputStream in = DataFiles.open(file)) {
            DelimitedReader reader = new DelimitedReader(
                    new InputStreamReader(in, StandardCharsets.UTF_8), delimiter, file);
            if (!reader.next()) {
                throw new DataException(file, null, null, "no header row: the file holds only blank lines");
            }
            return readRows(reader, DelimitedColumns.resolve(file, header(reader), spec), spec);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
    }

    private static List<String> header(DelimitedReader reader) {
        List<String> names = new ArrayList<>(reader.fieldCount());
        for (int i = 0; i < reader.fieldCount(); i++) {
            String text = reader.text(i);
            names.add(text == null ? "" : text);
        }
        return names;
    }

    private static ReadResult readRows(DelimitedReader reader, DelimitedColumns columns, InputSpec spec)
            throws IOException {
        Path file = spec.path();
        int[] featureIndex = columns.features();
        int[] metadataIndex = columns.metadata();
        RowCollector rows = new RowCollector(file, spec.dropNonFinite(), columns.id() >= 0, columns.label() >= 0,
                metadataIndex.length);
        float[] values = new float[featureIndex.length];
        while (reader.next()) {
            String location = "line " + reader.recordLine();
            if (reader.fieldCount() != columns.header().size()) {
                throw new DataException(file, location, null, reader.fieldCount() + " values, expected "
                        + columns.header().size() + " as in the header");
            }
            for (int j = 0; j < featureIndex.length; j++) {
                try {
                    values[j] = reader.number(featureIndex[j]);
                } catch (NumberFormatException e) {
                    String text = reader.text(featureIndex[j]);
                    throw new DataException(file, location, columns.header().get(featureIndex[j]),
                            (text == null ? "an empty value" : "'" + text + "'") + " is not a number");
                }
            }
            if (rows.addRow(values, values.length, location, j -> columns.header().get(featureIndex[j]))) {
                if (columns.id() >= 0) {
                    String id = reader.text(columns.id());
                    rows.addId(id == null ? "" : id);
                }
                if (columns.label() >= 0) {
                    rows.addLabel(reader.text(columns.label()));
                }
                for (int k = 0; k < metadataIndex.length; k++) {
                    rows.addMetadata(k, reader.text(metadataIndex[k]));
                }
            }
        }
        List<String> featureNames = columns.names(featureIndex);
        Dataset dataset = rows.builder(featureIndex.length, featureNames, columns.names(metadataIndex),
                "the file has a header row but no data rows").build();
        return rows.result(dataset);
    }

    @Override
    public void write(Dataset data, Path path) {
        Optional<Labels> labels = data.labels();
        List<String> header = new ArrayList<>();
        header.add("id");
        labels.ifPresent(l -> header.add("label"));
        header.addAll(data.featureNames());
        header.addAll(data.metadata().keySet());
        requireUniqueNames(header);
        List<List<String>> metadata = new ArrayList<>(data.metadata().values());
        Matrix features = data.features();
        DataFiles.write(path, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writeRecord(w, header);
            for (int i = 0; i < data.rows(); i++) {
                writeField(w, data.ids().get(i));
                if (labels.isPresent()) {
                    w.write(delimiter);
                    writeField(w, labels.get().name(i));
                }
                for (int j = 0; j < features.cols(); j++) {
                    w.write(delimiter);
                    w.write(Float.toString(features.get(i, j)));
                }
                for (List<String> column : metadata) {
                    w.write(delimiter);
                    writeField(w, column.get(i));
                }
                w.write('\n');
            }
            w.flush();
        });
    }

    private static void requireUniqueNames(List<String> header) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String column : header) {
            if (seen.merge(column, 1, Integer::sum) > 1) {
                throw new IllegalArgumentException("column name '" + column
                        + "' would appear twice in the header (id, label, features and metadata share it)");
            }
        }
    }

    private void writeRecord(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(delimiter);
            }
            writeField(w, fields.get(i));
        }
        w.write('\n');
    }

    /** Null is written as an empty field, the empty string as {@code ""}, so the reader tells them apart. */
    private void writeField(Writer w, String value) throws IOException {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || needsQuotes(value)) {
            w.write('"');
            w.write(value.replace("\"", "\"\""));
            w.write('"');
        } else {
            w.write(value);
        }
    }

    private boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return value.charAt(0) == '\uFEFF';
    }
}
