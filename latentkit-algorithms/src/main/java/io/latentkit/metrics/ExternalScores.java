package io.latentkit.metrics;

/**
 * All external metrics of one clustering, for reports; see {@link ExternalMetrics} for each definition and the
 * package documentation for the noise rule. NMI and AMI use the arithmetic mean.
 */
public record ExternalScores(double accuracy, double nmi, double ami, double ari, double homogeneity,
        double completeness, double vMeasure, double purity) {

    public static ExternalScores of(ContingencyTable t) {
        return new ExternalScores(ExternalMetrics.accuracy(t).accuracy(), ExternalMetrics.nmi(t),
                ExternalMetrics.ami(t), ExternalMetrics.ari(t), ExternalMetrics.homogeneity(t),
                ExternalMetrics.completeness(t), ExternalMetrics.vMeasure(t), ExternalMetrics.purity(t));
    }
}
