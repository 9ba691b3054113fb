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
 * @param embedding write embedding.npy, the clustered space
 */
public record OutputOptions(boolean figures, boolean embedding) {
    /** The config section's parameters. */
    public static final List<Param> PARAMS = List.of(Param.bool("figures", true), Param.bool("embedding", true));

    public static OutputOptions defaults() {
        return new OutputOptions(true, true);
    }

    public static OutputOptions of(Params p) {
        return new OutputOptions(p.bool("figures"), p.bool("embedding"));
    }

    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("figures", figures);
        m.put("embedding", embedding);
        return m;
    }
}
