package io.latentkit.app.params;

/**
 * A pipeline description that cannot be used: names the config file (when there is one) and the key path, e.g.
 * {@code demo.yaml, cluster[1].k: must be >= 1, got 0}. Meant to be shown as it is, without a stack trace.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source  the config file as the user named it, or null for a pipeline built in Java or on the command line
     * @param keyPath where the problem is, e.g. "cluster[1].k"; null when the problem text says it
     * @param problem what is wrong
     */
    public ConfigException(String source, String keyPath, String problem) {
        super((source == null ? "" : source + (keyPath == null ? ": " : ", "))
                + (keyPath == null ? "" : keyPath + ": ") + problem);
    }
}
