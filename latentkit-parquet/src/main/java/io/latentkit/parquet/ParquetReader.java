package io.latentkit.parquet;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;
import io.latentkit.data.ReadResult.DroppedRow;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Parquet file for {@link ParquetFormat}: checks the column roles of the {@link InputSpec} against the
 * file's schema, then streams the rows once into a single float array sized from the record count.
 */
final class ParquetReader {
    /** The largest float array the JVM reliably allocates. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final Connection connection;
    private final InputSpec spec;
    private final Path file;
    private final Map<String, ColumnType> schema;
    private final List<String> featureColumns;

    ParquetReader(Connection connection, InputSpec spec) throws SQLException {
        this.connection = connection;
        this.spec = spec;
        this.file = spec.path();
        this.schema = describe();
        spec.metadataColumns().forEach(this::require);
        if (spec.idColumn() != null) {
            require(spec.idColumn());
        }
        if (spec.labelColumn() != null) {
            ColumnType type = require(spec.labelColumn());
            if (!type.isText() && !type.isInteger()) {
                throw error(null, spec.labelColumn(), "a label column must be text or integer, found " + type);
            }
        }
        this.featureColumns = spec.vectorField() != null ? vectorColumn() : numberColumns();
    }

    ReadResult read() throws SQLException {
        long records = count();
        if (records == 0) {
            throw error(null, null, "the file holds no records");
        }
        String sql = "SELECT " + selectList() + " FROM " + Sql.parquetScan(file);
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return new Scan(records).run(rs);
        }
    }

    private Map<String, ColumnType> describe() throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + Sql.parquetScan(file))) {
            while (rs.next()) {
                columns.put(rs.getString("column_name"), ColumnType.of(rs.getString("column_type")));
            }
        }
        return columns;
    }

    private long count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + Sql.parquetScan(file))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private ColumnType require(String column) {
        ColumnType type = schema.get(column);
        if (type == null) {
            throw error(null, column, "no such column; the file has " + available());
        }
        return type;
    }

    private String available() {
        List<String> described = new ArrayList<>();
        schema.forEach((name, type) -> described.add("'" + name + "' " + type));
        return String.join(", ", described);
    }

    private List<String> vectorColumn() {
        if (!spec.featureColumns().isEmpty()) {
            throw error(null, spec.vectorField(), "give either a vector field or feature columns, not both");
        }
        ColumnType type = require(spec.vectorField());
        if (!type.isVector()) {
            throw error(null, spec.vectorField(), "a vector field must be a list or array of numbers, found " + type);
        }
        return List.of(spec.vectorField());
    }

    /** The named feature columns, or every numeric column that has no other role. */
    private List<String> numberColumns() {
        if (!spec.featureColumns().isEmpty()) {
            for (String column : spec.featureColumns()) {
                ColumnType type = require(column);
                if (!type.isNumber()) {
                    throw error(null, column, "a feature column must be numeric, found " + type);
                }
            }
            return spec.featureColumns();
        }
        List<String> columns = new ArrayList<>();
        schema.forEach((name, type) -> {
            if (type.isNumber() && !name.equals(spec.idColumn()) && !name.equals(spec.labelColumn())
                    && !spec.metadataColumns().contains(name)) {
                columns.add(name);
            }
        });
        if (columns.isEmpty()) {
            throw error(null, null, "no numeric columns to use as features; the file has " + available());
        }
        return columns;
    }

    /** Id, label, features, metadata, in this order; text columns cast to VARCHAR, scalar features to DOUBLE. */
    private String selectList() {
        List<String> items = new ArrayList<>();
        if (spec.idColumn() != null) {
            items.add(asText(spec.idColumn()));
        }
        if (spec.labelColumn() != null) {
            items.add(asText(spec.labelColumn()));
        }
        if (spec.vectorField() != null) {
            items.add(Sql.identifier(spec.vectorField()));
        } else {
            featureColumns.forEach(column -> items.add("CAST(" + Sql.identifier(column) + " AS DOUBLE)"));
        }
        spec.metadataColumns().forEach(column -> items.add(asText(column)));
        return String.join(", ", items);
    }

    private static String asText(String column) {
        return "CAST(" + Sql.identifier(column) + " AS VARCHAR)";
    }

    private DataException error(String location, String field, String problem) {
        return new DataException(file, location, field, problem);
    }

    /** Integer labels get their classes in numeric order, text labels in order of first appearance. */
    private Labels labels(List<String> values) {
        if (!schema.get(spec.labelColumn()).isInteger()) {
            return Labels.fromStrings(values);
        }
        List<String> classes = values.stream().filter(v -> v != null).distinct()
                .sorted(Comparator.comparing(BigInteger::new)).toList();
        Map<String, Integer> index = new HashMap<>();
        classes.forEach(c -> index.put(c, index.size()));
        int[] codes = values.stream().mapToInt(v -> v == null ? Labels.UNKNOWN : index.get(v)).toArray();
        return new Labels(codes, classes);
    }

    /** One pass over the result rows; holds the growing columns. */
    private final class Scan {
        private final long records;
        private final List<String> ids = new ArrayList<>();
        private final List<String> labelValues = new ArrayList<>();
        private final List<List<String>> metadata = new ArrayList<>();
        private final List<DroppedRow> dropped = new ArrayList<>();
        private final int labelCol;
        private final int featureCol;
        private final int metadataCol;
        private int dim;
        private float[] values;
        private int rows;

        Scan(long records) {
            this.records = records;
            int col = spec.idColumn() != null ? 2 : 1;
            labelCol = spec.labelColumn() != null ? col++ : 0;
            featureCol = col;
            metadataCol = col + (spec.vectorField() != null ? 1 : featureColumns.size());
            spec.metadataColumns().forEach(name -> metadata.add(new ArrayList<>()));
            if (spec.vectorField() == null) {
                allocate(featureColumns.size());
            } else if (schema.get(spec.vectorField()).fixedSize() > 0) {
                allocate(schema.get(spec.vectorField()).fixedSize());
            }
        }

        ReadResult run(ResultSet rs) throws SQLException {
            long record = 0;
            while (rs.next()) {
                record++;
                String location = "record " + record;
                DroppedRow bad = spec.vectorField() != null ? readVector(rs, location) : readColumns(rs, location);
                if (bad != null) {
                    if (!spec.dropNonFinite()) {
                        throw error(location, bad.field(), bad.reason());
                    }
                    dropped.add(bad);
                    continue;
                }
                keepRow(rs, record, location);
            }
            return new ReadResult(build(), dropped);
        }

        /** Fills the next row from a list column; returns the first non-finite value, or null. */
        private DroppedRow readVector(ResultSet rs, String location) throws SQLException {
            String field = spec.vectorField();
            Array array = rs.getArray(featureCol);
            if (array == null) {
                throw error(location, field, "the vector is null");
            }
            Object[] elements = (Object[]) array.getArray();
            if (values == null) {
                if (elements.length == 0) {
                    throw error(location, field, "the vector is empty");
                }
                allocate(elements.length);
            }
            if (elements.length != dim) {
                throw error(location, field, elements.length + " values, expected " + dim);
            }
            DroppedRow bad = null;
            int base = rows * dim;
            for (int j = 0; j < dim; j++) {
                if (!(elements[j] instanceof Number number)) {
                    throw error(location, field, "null value at index " + j);
                }
                float value = number.floatValue();
                values[base + j] = value;
                if (bad == null && !Float.isFinite(value)) {
                    bad = new DroppedRow(location, field, nonFinite(number.doubleValue()) + " at index " + j);
                }
            }
            return bad;
        }

        /** Fills the next row from scalar columns; returns the first non-finite value, or null. */
        private DroppedRow readColumns(ResultSet rs, String location) throws SQLException {
            DroppedRow bad = null;
            int base = rows * dim;
            for (int j = 0; j < dim; j++) {
                double source = rs.getDouble(featureCol + j);
                if (rs.wasNull()) {
                    throw error(location, featureColumns.get(j), "null value");
                }
                float value = (float) source;
                values[base + j] = value;
                if (bad == null && !Float.isFinite(value)) {
                    bad = new DroppedRow(location, featureColumns.get(j), nonFinite(source));
                }
            }
            return bad;
        }

        private void keepRow(ResultSet rs, long record, String location) throws SQLException {
            if (spec.idColumn() != null) {
                String id = rs.getString(1);
                if (id == null) {
                    throw error(location, spec.idColumn(), "the id is null");
                }
                ids.add(id);
            } else {
                ids.add(Long.toString(record - 1));
            }
            if (labelCol > 0) {
                labelValues.add(rs.getString(labelCol));
            }
            for (int m = 0; m < metadata.size(); m++) {
                metadata.get(m).add(rs.getString(metadataCol + m));
            }
            rows++;
        }

        private void allocate(int dimension) {
            if (records * dimension > MAX_VALUES) {
                throw error(null, spec.vectorField(), records + " records of " + dimension
                        + " values do not fit in one float matrix (at most " + MAX_VALUES + " values)");
            }
            dim = dimension;
            values = new float[(int) (records * dimension)];
        }

        private Dataset build() {
            float[] data = rows == records ? values : Arrays.copyOf(values, rows * dim);
            Dataset.Builder builder = Dataset.builder(new Matrix(rows, dim, data)).ids(ids);
            if (spec.vectorField() == null) {
                builder.featureNames(featureColumns);
            }
            if (labelCol > 0) {
                builder.labels(labels(labelValues));
            }
            for (int m = 0; m < metadata.size(); m++) {
                builder.metadata(spec.metadataColumns().get(m), metadata.get(m));
            }
            return builder.build();
        }
    }

    private static String nonFinite(double source) {
        if (Double.isNaN(source)) {
            return "NaN";
        }
        if (Double.isInfinite(source)) {
            return source > 0 ? "Infinity" : "-Infinity";
        }
        return "value " + source + " is outside the float32 range";
    }
}
