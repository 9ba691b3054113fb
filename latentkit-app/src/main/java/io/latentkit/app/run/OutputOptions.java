package io.latentkit.app.run;

import io.latentkit.app.params.Param;
import io.latentkit.app.params.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optional outputs of a run folder.
 *
 * @param figures   write figures/clusters.png (and figures/labels.png when labels exist)
 * @param embedding         write embedding.npy, the clustered space
 * @param samplesPerCluster items drawn at random from each cluster into cluster_samples.csv/.md (0: none)
 */
public record OutputOptions(boolean figures, boolean embedding, int samplesPerCluster) {
    /** The config section's parameters. */
    public static final List<Param> PARAMS = List.of(Param.bool("figures", true), Param.bool("embedding", true),
            Param.integer("samples_per_cluster", 2, 0));

    public static OutputOptions defaults() {
        return new OutputOptions(true, true, 2);
    }

    public static OutputOptions of(Params p) {
        return new OutputOptions(p.bool("figures"), p.bool("embedding"), p.integer("samples_per_cluster"));
    }

    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("figures", figures);
        m.put("embedding", embedding);
        m.put("samples_per_cluster", samplesPerCluster);
        return m;
    }
}
