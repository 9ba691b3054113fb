package io.latentkit.data;

import java.nio.file.Path;

/**
 * Bad input: names the file, where in it (line, record or byte offset) and the field, so a user can fix it.
 * The message is meant to be shown as it is, without a stack trace.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String location;
    private final String field;

    public DataException(Path file, String location, String field, String problem) {
        this(file, location, field, problem, null);
    }

    public DataException(Path file, String location, String field, String problem, Throwable cause) {
        super(format(file, location, field, problem), cause);
        this.file = file;
        this.location = location;
        this.field = field;
    }

    private static String format(Path file, String location, String field, String problem) {
        StringBuilder s = new StringBuilder();
        s.append(file == null ? "<input>" : file.toString());
        if (location != null) {
            s.append(", ").append(location);
        }
        if (field != null) {
            s.append(", field '").append(field).append('\'');
        }
        return s.append(": ").append(problem).toString();
    }

    /** The file that holds the bad input, or null when it did not come from a file. */
    public Path file() {
        return file;
    }

    /** Where in the file, e.g. "line 12", "record 3" or "byte 4096"; null when it concerns the whole file. */
    public String location() {
        return location;
    }

    /** The column or field name, or null when it concerns no single field. */
    public String field() {
        return field;
    }
}
