package io.latentkit.preprocess;

import io.latentkit.data.Dataset;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Transform;

/**
 * Removes each column's mean and divides by its standard deviation (population, ddof 0, as scikit-learn).
 * Constant columns are centred and left unscaled.
 */
public record StandardScaler(boolean withMean, boolean withStd) implements Estimator<StandardScaler.Model> {
    public StandardScaler() {
        this(true, true);
    }

    @Override
    public Model fit(Dataset data) {
        ColumnStats s = ColumnStats.of(data.features());
        int d = s.mean().length;
        double[] mean = withMean ? s.mean() : new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = withStd ? AffineColumns.safeScale(Math.sqrt(s.variance()[j])) : 1.0;
        }
        return new Model(mean, scale);
    }

    /** Fitted: per-column mean and scale. */
    public record Model(double[] mean, double[] scale) implements Transform {
        @Override
        public Dataset transform(Dataset data) {
            return AffineColumns.apply(data, mean, scale);
        }
    }
}
