package io.latentkit.app.run;

import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How clusterings are judged.
 *
 * @param silhouette           auto (exact up to {@link #EXACT_LIMIT} items, sampled above), exact, sampled or none
 * @param silhouetteSampleSize items scored when the silhouette is sampled
 */
public record Evaluation(Silhouette silhouette, int silhouetteSampleSize) {
    /** Largest item count for which {@code auto} computes the exact silhouette (O(n^2 d) time). */
    public static final int EXACT_LIMIT = 100_000;

    /** The config section's parameters. */
    public static final List<Param> PARAMS = List.of(
            Param.choice("silhouette", "auto", "auto", "exact", "sampled", "none"),
            Param.integer("silhouette_sample_size", 10_000, 1));

    /** Silhouette strategies. */
    public enum Silhouette { AUTO, EXACT, SAMPLED, NONE }

    public Evaluation {
        if (silhouetteSampleSize < 1) {
            throw new IllegalArgumentException("silhouette sample size must be >= 1, got " + silhouetteSampleSize);
        }
    }

    public static Evaluation defaults() {
        return new Evaluation(Silhouette.AUTO, 10_000);
    }

    public static Evaluation of(Params p) {
        return new Evaluation(Silhouette.valueOf(p.text("silhouette").toUpperCase(Locale.ROOT)),
                p.integer("silhouette_sample_size"));
    }

    /** The silhouette strategy actually used for {@code n} items: EXACT, SAMPLED or NONE. */
    public Silhouette silhouetteFor(int n) {
        if (silhouette != Silhouette.AUTO) {
            return silhouette;
        }
        return n <= EXACT_LIMIT ? Silhouette.EXACT : Silhouette.SAMPLED;
    }

    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("silhouette", silhouette.name().toLowerCase(Locale.ROOT));
        m.put("silhouette_sample_size", silhouetteSampleSize);
        return m;
    }
}
