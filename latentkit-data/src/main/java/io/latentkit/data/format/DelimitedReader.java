package io.latentkit.data.format;

import io.latentkit.data.DataException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A streaming RFC 4180 tokenizer: one record at a time, quoted fields spanning lines, doubled quotes, a leading
 * UTF-8 byte order mark, CRLF or LF line ends. Field text is kept in one reusable char array, so numeric fields
 * are parsed without creating strings. Blank lines are skipped.
 */
final class DelimitedReader {
    private static final char QUOTE = '"';

    private final Reader in;
    private final char delimiter;
    private final Path file;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean atStart = true;

    private char[] text = new char[1024];
    private int textLength;
    private int[] fieldEnds = new int[64];
    private boolean[] quoted = new boolean[64];
    private int fieldCount;
    private int line = 1;
    private int recordLine;

    DelimitedReader(Reader in, char delimiter, Path file) {
        this.in = in;
        this.delimiter = delimiter;
        this.file = file;
    }

    /** Reads the next record; false at the end of the input. */
    boolean next() throws IOException {
        int c;
        do {
            recordLine = line;
            c = read();
            if (c == '\r' && peek() == '\n') {
                read();
            }
            if (c == '\n' || c == '\r') {
                line++;
            }
        } while (c == '\n' || c == '\r');
        if (c < 0) {
            return false;
        }
        textLength = 0;
        fieldCount = 0;
        while (true) {
            boolean isQuoted = c == QUOTE;
            c = isQuoted ? readQuoted() : readPlain(c);
            endField(isQuoted);
            if (c == delimiter) {
                c = read();
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            if (c == '\n' || c == '\r') {
                line++;
            }
            return true;
        }
    }

    /** The physical line (1-based) where the current record starts. */
    int recordLine() {
        return recordLine;
    }

    int fieldCount() {
        return fieldCount;
    }

    /** The field's text; an empty field that was not quoted is null (missing), a quoted one "" (empty). */
    String text(int field) {
        int start = start(field);
        if (start == fieldEnds[field] && !quoted[field]) {
            return null;
        }
        return new String(text, start, fieldEnds[field] - start);
    }

    /** The field parsed as a number, see {@link NumberText}. */
    float number(int field) {
        int start = start(field);
        return NumberText.parse(text, start, fieldEnds[field] - start);
    }

    private int start(int field) {
        return field == 0 ? 0 : fieldEnds[field - 1];
    }

    /** Reads an unquoted field starting with {@code c}; returns the character that ended it (or -1). */
    private int readPlain(int c) throws IOException {
        while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
            append((char) c);
            copyPlainRun();
            c = read();
        }
        return c;
    }

    /** Copies the buffered characters up to the next delimiter or line end in one go (the common, fast case). */
    private void copyPlainRun() {
        int end = position;
        while (end < limit) {
            char ch = buffer[end];
            if (ch == delimiter || ch == '\n' || ch == '\r') {
                break;
            }
            end++;
        }
        int count = end - position;
        if (textLength + count > text.length) {
            text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + count));
        }
        System.arraycopy(buffer, position, text, textLength, count);
        textLength += count;
        position = end;
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int readQuoted() throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw new DataException(file, "line " + startLine, null, "quoted field " + (fieldCount + 1)
                        + " starting on this line is not closed before the end of the file");
            }
            if (c == QUOTE) {
                c = read();
                if (c != QUOTE) {
                    if (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                        throw new DataException(file, "line " + line, null, "unexpected text after the closing quote"
                                + " of field " + (fieldCount + 1) + " (double a quote inside a quoted field: \"\")");
                    }
                    return c;
                }
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            append((char) c);
        }
    }

    private void append(char c) {
        if (textLength == text.length) {
            text = Arrays.copyOf(text, text.length * 2);
        }
        text[textLength++] = c;
    }

    private void endField(boolean isQuoted) {
        if (fieldCount == fieldEnds.length) {
            fieldEnds = Arrays.copyOf(fieldEnds, fieldCount * 2);
            quoted = Arrays.copyOf(quoted, fieldCount * 2);
        }
        quoted[fieldCount] = isQuoted;
        fieldEnds[fieldCount++] = textLength;
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit > 0 && atStart) {
            atStart = false;
            if (buffer[0] == '\uFEFF') {
                position = 1;
            }
        }
        if (limit > 0 && position == limit) {
            return fill();
        }
        return limit > 0;
    }
}
