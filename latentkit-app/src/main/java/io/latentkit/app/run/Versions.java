package io.latentkit.app.run;

import ai.djl.engine.Engine;
import io.latentkit.persist.ModelStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of everything that can change a result, for run.json and {@code --version}. */
public final class Versions {
    private Versions() {
    }

    /** latentkit's version (the one recorded in saved models). */
    public static String latentkit() {
        return ModelStore.latentkitVersion();
    }

    /** latentkit, Java, DJL, PyTorch and OS versions. Loads the engine. */
    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("latentkit", latentkit());
        v.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        v.put("djl", Engine.getDjlVersion());
        v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return v;
    }
}
