package io.latentkit.estimator;

import io.latentkit.data.Dataset;

/**
 * An estimator holds only its parameters (an immutable record with defaults and validation).
 * {@code fit} learns from data and returns an immutable fitted model; the estimator itself never changes,
 * so one estimator can fit many datasets. Every random choice is driven by the estimator's seed.
 *
 * @param <M> the fitted model
 */
@FunctionalInterface
public interface Estimator<M> {
    M fit(Dataset data);
}
