package io.latentkit.app.run;

import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reconstruction-error analysis of a space whose steps include a model that reconstructs (an autoencoder):
 * which items count as poorly reconstructed, and how many of the worst to list and plot.
 *
 * @param enabled   run the analysis when a space has such a model
 * @param threshold "mean+K*std" (e.g. {@code mean+2std}), a percentile ({@code p95}) or a number ({@code 0.025})
 * @param worst     items listed in worst.csv, highest error first
 * @param plots     of those, how many get a per-dimension original-vs-reconstruction plot
 */
public record ReconstructionOptions(boolean enabled, String threshold, int worst, int plots) {
    private static final Pattern MEAN_STD = Pattern.compile("mean\\s*\\+\\s*([0-9.]+)\\s*\\*?\\s*(std|sd|sigma)");
    private static final Pattern PERCENTILE = Pattern.compile("p([0-9.]+)");

    /** The config section's parameters. */
    public static final List<Param> PARAMS = List.of(Param.bool("enabled", true), Param.text("threshold", "mean+2std"),
            Param.integer("worst", 20, 0), Param.integer("plots", 5, 0));

    public ReconstructionOptions {
        thresholdOf(new double[] {0}, threshold);
        if (worst < 0 || plots < 0) {
            throw new IllegalArgumentException("worst and plots must be >= 0");
        }
    }

    public static ReconstructionOptions defaults() {
        return new ReconstructionOptions(true, "mean+2std", 20, 5);
    }

    public static ReconstructionOptions of(Params p) {
        return new ReconstructionOptions(p.bool("enabled"), p.text("threshold"), p.integer("worst"), p.integer("plots"));
    }

    /** The threshold's value for these errors. */
    public double thresholdFor(double[] errors) {
        return thresholdOf(errors, threshold);
    }

    private static double thresholdOf(double[] errors, String rule) {
        String r = rule.trim().toLowerCase(Locale.ROOT);
        Matcher m = MEAN_STD.matcher(r);
        if (m.matches()) {
            return Moments.mean(errors) + Double.parseDouble(m.group(1)) * Moments.std(errors);
        }
        m = PERCENTILE.matcher(r);
        if (m.matches()) {
            double q = Double.parseDouble(m.group(1));
            if (q < 0 || q > 100) {
                throw new IllegalArgumentException("threshold percentile must be in 0..100, got " + rule);
            }
            return Moments.percentile(errors, q);
        }
        try {
            return Double.parseDouble(r);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold must be mean+Kstd (e.g. mean+2std), a percentile (e.g. p95) "
                    + "or a number, got '" + rule + "'");
        }
    }

    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled);
        m.put("threshold", threshold);
        m.put("worst", worst);
        m.put("plots", plots);
        return m;
    }
}
