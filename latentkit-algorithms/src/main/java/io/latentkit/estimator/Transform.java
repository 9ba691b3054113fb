package io.latentkit.estimator;

import io.latentkit.data.Dataset;

/** A fitted transform (scaler, reducer, encoder): maps any dataset with the fitted width to new features. */
public interface Transform {
    /** The same items with transformed features; ids, labels and metadata are kept. */
    Dataset transform(Dataset data);
}
