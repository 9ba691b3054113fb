package io.latentkit.deep;

/**
 * Observes training: a progress display, a log, or a test that interrupts training by throwing (the checkpoint of the
 * last completed epoch stays in place). Every method has an empty default.
 */
public interface TrainingListener {
    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() { };

    /**
     * Training starts (or resumes) at epoch {@code firstEpoch} (1-based) of {@code epochs}, with {@code batches}
     * steps per epoch.
     */
    default void onStart(int firstEpoch, int epochs, int batches) {
    }

    /** Step {@code batch} (1-based) of epoch {@code epoch} (1-based) ended with this batch's loss. */
    default void onBatch(int epoch, int batch, double loss) {
    }

    /** The validation pass of an epoch starts (only when there is a validation set). */
    default void onValidation(int epoch) {
    }

    /** An epoch ended; its row is already in the history and, with a checkpoint folder, in the checkpoint. */
    default void onEpoch(TrainingHistory.Row row) {
    }

    /** Training ended normally (also by early stopping). */
    default void onEnd(TrainingHistory history) {
    }
}
