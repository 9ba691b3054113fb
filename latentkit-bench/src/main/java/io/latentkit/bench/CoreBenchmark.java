package io.latentkit.bench;

import static io.latentkit.bench.Runs.fields;
import static io.latentkit.bench.Runs.log;

import io.latentkit.bench.BenchData.Images;
import io.latentkit.bench.Runs.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * latentkit's side of the core benchmark (bench/core.sh runs it after bench/peers.py): fits the same models as
 * peers.py on the same Fashion-MNIST data and writes DIR/latentkit.json with the same measurement names and fields.
 *
 * <pre>
 * CoreBenchmark [--out DIR] [--only name1,name2] [--quick] [--repeat N]
 * </pre>
 *
 * All measurements run in one JVM after a warm-up on a small slice. The GMM and silhouette measurements read
 * pca50.npy, labels.npy and kmeans_pca50_labels.npy that peers.py saved in DIR.
 */
public final class CoreBenchmark {
    private static final int WARM_UP_ROWS = 2_000;
    private static final String USAGE = "usage: CoreBenchmark [--out DIR] [--only name1,name2] [--quick] [--repeat N]"
            + "\n  measurements: " + String.join(", ", Kernels.NAMES);

    private CoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args, Kernels.NAMES);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.out());
        Images images = BenchData.fashionMnist(options.quick());
        log("loaded " + images.pixels().rows() + "x" + images.pixels().cols()
                + (options.quick() ? " (quick: test set only)" : " (train+test)"));

        Map<String, Object> report = Runs.header(
                BenchData.describe(images.pixels().rows(), images.pixels().cols(), options.quick()), options.repeat());

        double warmUp = Kernels.warmUp(images, WARM_UP_ROWS);
        log(String.format("warm-up on the first %d rows: %.2f s (not counted)", WARM_UP_ROWS, warmUp));
        report.put("warm_up", fields("rows", WARM_UP_ROWS, "seconds", warmUp,
                "what", "every kernel once on a slice, before any timing, so JIT and engine start-up are not counted"));

        Kernels kernels = new Kernels(images, options.out());
        List<Map<String, Object>> measurements = new ArrayList<>();
        for (String name : options.names()) {
            log(name + " ...");
            Map<String, Object> result = Runs.measured(name, () -> kernels.run(name), options.repeat());
            log(String.format("%s: %.2f s", name, (double) result.get("seconds")));
            measurements.add(result);
        }
        report.put("measurements", measurements);
        report.put("peak_rss_mib", Machine.peakRssKib() / 1024.0);

        Path file = options.out().resolve("latentkit.json");
        Runs.writeJson(file, report);
        log("wrote " + file);
    }
}
