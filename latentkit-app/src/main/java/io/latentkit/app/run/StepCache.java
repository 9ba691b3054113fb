package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.estimator.Transform;
import io.latentkit.persist.ModelStore;
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
 * A key is sha256(upstream key, method, resolved parameters), and the first upstream key is that of the input's
 * fingerprint and latentkit's build, so a key names the whole chain that produced the output and the code that ran
 * it. Each entry is {@code <key>.names} (feature names), {@code <key>.model/} (the fitted transform, saved by
 * {@link ModelStore}, so a run that reuses the output still has the transform to save with its model) and
 * {@code <key>.npy} (float32 features, written last, so its presence marks a complete entry). An entry without its
 * model, e.g. from an earlier version, is a miss.
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

    /**
     * A step's result.
     *
     * @param output the transformed data
     * @param fitted the fitted transform that produced it
     */
    public record Entry(Dataset output, Transform fitted) {
    }

    /** The cached entry for {@code key} applied to {@code upstream}'s items, if complete and readable. */
    public Optional<Entry> get(String key, Dataset upstream) {
        Path features = dir.resolve(key + ".npy");
        Path names = dir.resolve(key + ".names");
        Path model = dir.resolve(key + ".model");
        if (!Files.isRegularFile(features) || !Files.isRegularFile(names) || !Files.isDirectory(model)) {
            return Optional.empty();
        }
        try {
            Matrix m = NpyFormat.readMatrix(features);
            List<String> featureNames = Files.readAllLines(names, StandardCharsets.UTF_8);
            if (m.rows() != upstream.rows() || featureNames.size() != m.cols()) {
                return Optional.empty();
            }
            return Optional.of(new Entry(upstream.withFeatures(m, featureNames), ModelStore.load(model, Transform.class)));
        } catch (DataException | IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    public void put(String key, Entry entry) {
        AtomicFiles.writeString(dir.resolve(key + ".names"), String.join("\n", entry.output().featureNames()) + "\n");
        ModelStore.save(entry.fitted(), dir.resolve(key + ".model"));
        NpyFormat.writeMatrix(dir.resolve(key + ".npy"), entry.output().features());
    }
}
