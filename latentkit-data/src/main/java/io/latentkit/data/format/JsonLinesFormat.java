package io.latentkit.data.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormat;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON Lines: one JSON object per line, the feature vector in one array field or spread over numeric fields.
 * The writer emits {@code {"id":..,"label":..,"vector":[..],<metadata>..}}, floats as {@link Float#toString},
 * so reading back with vectorField "vector" gives the same dataset.
 */
public final class JsonLinesFormat implements DatasetFormat {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    public List<String> extensions() {
        return List.of(".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz");
    }

    @Override
    public ReadResult read(InputSpec spec) {
        Path file = spec.path();
        DataFiles.requireNonEmpty(file);
        JsonRecordReader records = JsonRecordReader.forSpec(spec, MAPPER);
        RowCollector rows = new RowCollector(file, spec.dropNonFinite(), spec.idColumn() != null,
                spec.labelColumn() != null, spec.metadataColumns().size());
        int firstLine = 0;
        try (InputStream in = DataFiles.open(file);
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            int lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                JsonRecordReader.Record record = records.parse(file, lineNumber, line);
                if (firstLine == 0) {
                    firstLine = lineNumber;
                } else {
                    records.requireLength(file, lineNumber, record, firstLine);
                }
                if (rows.addRow(record.values(), record.length(), "line " + lineNumber, records::fieldOf)) {
                    if (spec.idColumn() != null) {
                        rows.addId(record.id());
                    }
                    if (spec.labelColumn() != null) {
                        rows.addLabel(record.label());
                    }
                    for (int k = 0; k < spec.metadataColumns().size(); k++) {
                        rows.addMetadata(k, record.metadata()[k]);
                    }
                }
            }
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
        int cols = records.length();
        Dataset dataset = rows.builder(cols, records.featureNames(), spec.metadataColumns(),
                "no JSON records: the file holds only blank lines").build();
        return rows.result(dataset);
    }

    @Override
    public void write(Dataset data, Path path) {
        for (String name : data.metadata().keySet()) {
            if (name.equals("id") || name.equals("label") || name.equals("vector")) {
                throw new IllegalArgumentException("metadata column '" + name + "' clashes with the field "
                        + "the writer uses for " + name + "s");
            }
        }
        Optional<Labels> labels = data.labels();
        Matrix features = data.features();
        DataFiles.write(path, out -> {
            try (JsonGenerator json = MAPPER.createGenerator(out)) {
                json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                for (int i = 0; i < data.rows(); i++) {
                    json.writeStartObject();
                    json.writeStringField("id", data.ids().get(i));
                    if (labels.isPresent()) {
                        json.writeStringField("label", labels.get().name(i));
                    }
                    json.writeArrayFieldStart("vector");
                    for (int j = 0; j < features.cols(); j++) {
                        json.writeNumber(Float.toString(features.get(i, j)));
                    }
                    json.writeEndArray();
                    for (Map.Entry<String, List<String>> column : data.metadata().entrySet()) {
                        json.writeStringField(column.getKey(), column.getValue().get(i));
                    }
                    json.writeEndObject();
                }
                json.writeRaw('\n');
            }
        });
    }
}
