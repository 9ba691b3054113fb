package io.latentkit.data.format;

/** Tab-separated values ({@code .tsv}, {@code .tsv.gz}) with a header row; quoting as in CSV. */
public final class TsvFormat extends DelimitedFormat {
    public TsvFormat() {
        super("tsv", '\t');
    }
}
