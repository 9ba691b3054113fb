package io.latentkit.parquet;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type as DuckDB names it ({@code INTEGER}, {@code DECIMAL(9,2)}, {@code FLOAT[]}, {@code DOUBLE[384]}),
 * sorted into the kinds the reader cares about.
 *
 * @param sqlName   the type as DuckDB spells it
 * @param fixedSize the length of a fixed-size array type, or -1
 */
record ColumnType(String sqlName, int fixedSize) {
    private static final String INTEGER = "TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT";
    private static final String NUMBER = INTEGER + "|FLOAT|DOUBLE|DECIMAL\\(\\d+,\\s*\\d+\\)";
    private static final Pattern INTEGER_TYPE = Pattern.compile(INTEGER);
    private static final Pattern NUMBER_TYPE = Pattern.compile(NUMBER);
    private static final Pattern VECTOR_TYPE = Pattern.compile("(?:" + NUMBER + ")\\[(\\d*)]");

    static ColumnType of(String sqlName) {
        Matcher vector = VECTOR_TYPE.matcher(sqlName);
        int size = vector.matches() && !vector.group(1).isEmpty() ? Integer.parseInt(vector.group(1)) : -1;
        return new ColumnType(sqlName, size);
    }

    boolean isNumber() {
        return NUMBER_TYPE.matcher(sqlName).matches();
    }

    boolean isInteger() {
        return INTEGER_TYPE.matcher(sqlName).matches();
    }

    boolean isText() {
        return sqlName.equals("VARCHAR");
    }

    /** A variable-length list or a fixed-size array of numbers. */
    boolean isVector() {
        return VECTOR_TYPE.matcher(sqlName).matches();
    }

    @Override
    public String toString() {
        return sqlName;
    }
}
