package io.latentkit.app.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of everything that can change a result, for run.json and {@code --version}. */
public final class Versions {
    private Versions() {
    }

    /** latentkit's version, from a resource filled in by the build. */
    public static String latentkit() {
        try (InputStream in = Versions.class.getResourceAsStream("/io/latentkit/app/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
