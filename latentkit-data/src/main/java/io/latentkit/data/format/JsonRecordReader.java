package io.latentkit.data.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.latentkit.data.DataException;
import io.latentkit.data.InputSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pulls the fields an {@link InputSpec} asks for out of one JSON Lines record with Jackson's streaming parser:
 * the vector (one array field or several numeric fields), the id, the label and metadata rendered as text.
 */
final class JsonRecordReader {
    private final JsonMapper mapper;
    private final String vectorField;
    private final List<String> featureFields;
    private final Map<String, Integer> featureIndex = new HashMap<>();
    private final String idField;
    private final String labelField;
    private final Map<String, Integer> metadataIndex = new HashMap<>();
    private final int metadataCount;
    private float[] values;
    private int length = -1;

    /** One parsed record; {@code values} is a buffer reused for the next record. */
    record Record(float[] values, int length, String id, String label, String[] metadata) {
    }

    private JsonRecordReader(InputSpec spec, JsonMapper mapper) {
        this.mapper = mapper;
        this.vectorField = spec.vectorField();
        this.featureFields = spec.featureColumns();
        this.idField = spec.idColumn();
        this.labelField = spec.labelColumn();
        for (int j = 0; j < featureFields.size(); j++) {
            featureIndex.put(featureFields.get(j), j);
        }
        for (int k = 0; k < spec.metadataColumns().size(); k++) {
            metadataIndex.put(spec.metadataColumns().get(k), k);
        }
        this.metadataCount = spec.metadataColumns().size();
        this.values = new float[Math.max(16, featureFields.size())];
    }

    static JsonRecordReader forSpec(InputSpec spec, JsonMapper mapper) {
        boolean hasVector = spec.vectorField() != null && !spec.vectorField().isEmpty();
        if (hasVector == !spec.featureColumns().isEmpty()) {
            throw new DataException(spec.path(), null, null, "say where the feature vector is: give either"
                    + " vectorField (an array field) or featureColumns (numeric fields), not "
                    + (hasVector ? "both" : "neither"));
        }
        return new JsonRecordReader(spec, mapper);
    }

    /** The number of features, known after the first record (0 before). */
    int length() {
        return Math.max(length, 0);
    }

    /** The field to name in messages about feature {@code j}. */
    String fieldOf(int j) {
        return vectorField != null ? vectorField + "[" + j + "]" : featureFields.get(j);
    }

    List<String> featureNames() {
        return vectorField != null ? RowCollector.numberedNames("f", length()) : featureFields;
    }

    /** Fails unless the record's vector has as many values as the first record's. */
    void requireLength(Path file, int line, Record record, int firstLine) {
        if (record.length() != length) {
            throw new DataException(file, "line " + line, vectorField, record.length() + " values, expected "
                    + length + " as on line " + firstLine);
        }
    }

    Record parse(Path file, int line, String text) {
        String location = "line " + line;
        try (JsonParser p = mapper.createParser(text)) {
            JsonToken start = p.nextToken();
            if (start != JsonToken.START_OBJECT) {
                throw new DataException(file, location, null, "expected a JSON object, found " + describe(p));
            }
            List<String> names = new ArrayList<>();
            boolean[] seen = new boolean[featureFields.size()];
            int vectorLength = -1;
            String id = null;
            String label = null;
            boolean idSeen = false;
            boolean labelSeen = false;
            String[] metadata = new String[metadataCount];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                names.add(name);
                p.nextToken();
                Integer feature = featureIndex.get(name);
                if (name.equals(vectorField)) {
                    vectorLength = readVector(p, file, location);
                } else if (feature != null) {
                    values[feature] = number(p, file, location, name);
                    seen[feature] = true;
                } else if (name.equals(idField) || name.equals(labelField) || metadataIndex.containsKey(name)) {
                    String value = text(p);
                    if (name.equals(idField)) {
                        id = value;
                        idSeen = true;
                    }
                    if (name.equals(labelField)) {
                        label = value;
                        labelSeen = true;
                    }
                    Integer k = metadataIndex.get(name);
                    if (k != null) {
                        metadata[k] = value;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new DataException(file, location, null, "more than one JSON value on the line");
            }
            requirePresent(file, location, vectorField, vectorLength >= 0, names);
            for (int j = 0; j < seen.length; j++) {
                requirePresent(file, location, featureFields.get(j), seen[j], names);
            }
            requirePresent(file, location, idField, idSeen || idField == null, names);
            requirePresent(file, location, labelField, labelSeen || labelField == null, names);
            int recordLength = vectorField != null ? vectorLength : featureFields.size();
            if (length < 0) {
                length = recordLength;
            }
            return new Record(values, recordLength, id == null && idField != null ? "" : id, label, metadata);
        } catch (JsonProcessingException e) {
            throw new DataException(file, location + ", column " + e.getLocation().getColumnNr(), null,
                    "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
    }

    private int readVector(JsonParser p, Path file, String location) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new DataException(file, location, vectorField, "expected an array of numbers, found " + describe(p));
        }
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n] = number(p, file, location, fieldOf(n));
            n++;
        }
        if (n == 0) {
            throw new DataException(file, location, vectorField, "the vector is empty");
        }
        return n;
    }

    private static float number(JsonParser p, Path file, String location, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                || token == JsonToken.VALUE_STRING) {
            try {
                return NumberText.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            } catch (NumberFormatException e) {
                throw new DataException(file, location, field, "'" + p.getText() + "' is not a number");
            }
        }
        throw new DataException(file, location, field, describe(p) + " is not a number");
    }

    /** Scalars as their text, null as null, objects and arrays as compact JSON. */
    private static String text(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isStructStart()) {
            return p.readValueAsTree().toString();
        }
        return p.getText();
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NULL -> "null";
            case VALUE_STRING -> "the string '" + p.getText() + "'";
            default -> p.getText();
        };
    }

    private static void requirePresent(Path file, String location, String field, boolean present, List<String> names) {
        if (field != null && !present) {
            throw new DataException(file, location, field, "missing; the record has "
                    + (names.isEmpty() ? "no fields" : "fields " + String.join(", ", names)));
        }
    }
}
