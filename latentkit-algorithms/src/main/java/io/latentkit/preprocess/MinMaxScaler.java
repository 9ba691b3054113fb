package io.latentkit.preprocess;

import io.latentkit.data.Dataset;
import io.latentkit.estimator.Estimator;
import io.latentkit.estimator.Transform;

/** Maps each column linearly onto [min, max] (default [0, 1]) using the fitted column range; constant columns map to min. */
public record MinMaxScaler(double min, double max) implements Estimator<MinMaxScaler.Model> {
    public MinMaxScaler {
        if (!(min < max)) {
            throw new IllegalArgumentException("feature range must have min < max, got [" + min + ", " + max + "]");
        }
    }

    public MinMaxScaler() {
        this(0, 1);
    }

    @Override
    public Model fit(Dataset data) {
        ColumnStats s = ColumnStats.of(data.features());
        int d = s.min().length;
        double[] offset = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = AffineColumns.safeScale((s.max()[j] - s.min()[j]) / (max - min));
            offset[j] = s.min()[j] - min * scale[j];
        }
        return new Model(offset, scale);
    }

    /** Fitted: x' = (x - offset) / scale. */
    public record Model(double[] offset, double[] scale) implements Transform {
        @Override
        public Dataset transform(Dataset data) {
            return AffineColumns.apply(data, offset, scale);
        }
    }
}
