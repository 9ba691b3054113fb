package io.latentkit.deep;

/** Training stopped because a loss became NaN or infinite; the checkpoint of the last completed epoch is kept. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;

    TrainingDivergedException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The 1-based epoch in which the loss diverged. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based batch of that epoch, or 0 when the validation loss diverged. */
    public int batch() {
        return batch;
    }
}
