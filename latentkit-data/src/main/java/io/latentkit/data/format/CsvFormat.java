package io.latentkit.data.format;

/** Comma-separated values ({@code .csv}, {@code .csv.gz}) with a header row. */
public final class CsvFormat extends DelimitedFormat {
    public CsvFormat() {
        super("csv", ',');
    }
}
