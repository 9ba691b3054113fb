package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.data.format.NpyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Transform-step outputs stored by content hash, so a re-run with the same input and parameters skips the work.
 * A key is sha256(upstream key, method, resolved parameters), and the first upstream key is the input's
 * fingerprint, so a key names the whole chain that produced the output. Each entry is {@code <key>.npy} (float32
 * features, written last, so its presence marks a complete entry) and {@code <key>.names} (feature names).
 */
public final class StepCache {
    private final Path dir;

    /** A cache in {@code dir} (created on first write). */
    public StepCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The default location: system property {@code latentkit.cache}, else environment variable
     * {@code LATENTKIT_CACHE}, else {@code ~/.cache/latentkit}; entries live in its {@code steps/} folder.
     */
    public static Path defaultDir() {
        String root = System.getProperty("latentkit.cache", System.getenv("LATENTKIT_CACHE"));
        Path base = root != null && !root.isBlank() ? Path.of(root)
                : Path.of(System.getProperty("user.home"), ".cache", "latentkit");
        return base.resolve("steps");
    }

    /** The key of a step's output from its upstream key and its description (method and resolved parameters). */
    public static String key(String upstreamKey, String stepDescription) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(upstreamKey.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(stepDescription.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached output for {@code key} applied to {@code upstream}'s items, if present and readable. */
    public Optional<Dataset> get(String key, Dataset upstream) {
        Path features = dir.resolve(key + ".npy");
        Path names = dir.resolve(key + ".names");
        if (!Files.isRegularFile(features) || !Files.isRegularFile(names)) {
            return Optional.empty();
        }
        try {
            Matrix m = NpyFormat.readMatrix(features);
            List<String> featureNames = Files.readAllLines(names, StandardCharsets.UTF_8);
            if (m.rows() != upstream.rows() || featureNames.size() != m.cols()) {
                return Optional.empty();
            }
            return Optional.of(upstream.withFeatures(m, featureNames));
        } catch (DataException | IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    public void put(String key, Dataset output) {
        AtomicFiles.writeString(dir.resolve(key + ".names"), String.join("\n", output.featureNames()) + "\n");
        NpyFormat.writeMatrix(dir.resolve(key + ".npy"), output.features());
    }
}
