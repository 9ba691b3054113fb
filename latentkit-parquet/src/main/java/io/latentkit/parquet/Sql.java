package io.latentkit.parquet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Quoting and connection helpers, so that no column or file name can change the meaning of a statement. */
final class Sql {
    private Sql() {
    }

    /** A private in-memory DuckDB database; closing the connection frees it. */
    static Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /** A double-quoted identifier: {@code my "col"} becomes {@code "my ""col"""}. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A single-quoted string literal. */
    static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    /**
     * A string literal naming exactly this file. DuckDB expands glob patterns in file names, so each of the
     * characters *, ?, [ and &#123; is put into a one-character class (as in {@code [[]}) and matches only itself.
     */
    static String fileLiteral(Path file) {
        String path = file.toAbsolutePath().toString();
        StringBuilder exact = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if ("*?[{".indexOf(c) >= 0) {
                exact.append('[').append(c).append(']');
            } else {
                exact.append(c);
            }
        }
        return literal(exact.toString());
    }

    /** The table expression that scans one Parquet file. */
    static String parquetScan(Path file) {
        return "read_parquet(" + fileLiteral(file) + ")";
    }

    /**
     * DuckDB's reason for a failure, on one line: its messages repeat the statement with a caret below it
     * and sometimes wrap the real error in a generic one.
     */
    static String reason(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("LINE ") && !line.equals("^")
                        && !line.contains("unsuccessful or closed pending query result"))
                .map(line -> line.startsWith("Error: ") ? line.substring("Error: ".length()) : line)
                .findFirst()
                .orElse(message.strip());
    }
}
