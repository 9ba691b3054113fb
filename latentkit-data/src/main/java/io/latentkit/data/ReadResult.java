package io.latentkit.data;

import java.util.List;

/**
 * A loaded dataset and the rows that were dropped on the way (only when
 * {@link InputSpec#dropNonFinite()} asked for it; otherwise such rows are an error).
 */
public record ReadResult(Dataset dataset, List<DroppedRow> dropped) {
    public ReadResult {
        dropped = List.copyOf(dropped);
    }

    public static ReadResult of(Dataset dataset) {
        return new ReadResult(dataset, List.of());
    }

    /**
     * One dropped row.
     *
     * @param location where it was, e.g. "line 12" or "record 7"
     * @param field    the field that held the bad value
     * @param reason   what was wrong, e.g. "NaN"
     */
    public record DroppedRow(String location, String field, String reason) {
    }
}
