package io.latentkit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentkit.bench.BenchData.Images;
import io.latentkit.data.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

    record Options(Path out, List<String> names, boolean quick, int repeat) {
        static Options parse(String[] args) {
            Path out = Path.of("bench", "out");
            List<String> names = Kernels.NAMES;
            boolean quick = false;
            int repeat = 1;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--only" -> names = Arrays.stream(value(args, ++i).split(","))
                            .map(String::strip).filter(s -> !s.isEmpty()).toList();
                    case "--quick" -> quick = true;
                    case "--repeat" -> repeat = Integer.parseInt(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            List<String> unknown = names.stream().filter(n -> !Kernels.NAMES.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown measurement(s) " + unknown);
            }
            if (repeat < 1) {
                throw new IllegalArgumentException("--repeat must be >= 1");
            }
            return new Options(out, names, quick, repeat);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.out());
        Images images = BenchData.fashionMnist(options.quick());
        log("loaded " + images.pixels().rows() + "x" + images.pixels().cols()
                + (options.quick() ? " (quick: test set only)" : " (train+test)"));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", now());
        report.put("data", Kernels.fields("name", "fashion-mnist", "rows", images.pixels().rows(),
                "cols", images.pixels().cols(), "features", "pixels / 255 as float32", "quick", options.quick()));
        report.put("versions", Machine.versions());
        report.put("threads", Machine.threads());
        report.put("machine", Machine.describe());
        report.put("repeat", options.repeat());

        double warmUp = Kernels.warmUp(images, WARM_UP_ROWS);
        log(String.format("warm-up on the first %d rows: %.2f s (not counted)", WARM_UP_ROWS, warmUp));
        report.put("warm_up", Kernels.fields("rows", WARM_UP_ROWS, "seconds", warmUp,
                "what", "every kernel once on a slice, before any timing, so JIT and engine start-up are not counted"));

        Kernels kernels = new Kernels(images, options.out());
        List<Map<String, Object>> measurements = new ArrayList<>();
        for (String name : options.names()) {
            log(name + " ...");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", name);
            result.put("date", now());
            // Load before the run: other work on the machine skews the timing.
            result.put("loadavg_1min_before", Machine.loadAverage());
            result.putAll(repeated(() -> kernels.run(name), options.repeat()));
            log(String.format("%s: %.2f s", name, (double) result.get("seconds")));
            measurements.add(result);
        }
        report.put("measurements", measurements);
        report.put("peak_rss_mib", Machine.peakRssKib() / 1024.0);

        Path file = options.out().resolve("latentkit.json");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.writeString(file, json.writeValueAsString(report) + "\n");
        log("wrote " + file);
    }

    /**
     * Runs a measurement n times; every "...seconds" field becomes the median of the runs (all runs are kept next
     * to it), the other fields are those of the last run.
     */
    static Map<String, Object> repeated(Supplier<Map<String, Object>> measurement, int n) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(measurement.get());
        }
        Map<String, Object> result = new LinkedHashMap<>(runs.getLast());
        if (n > 1) {
            for (String key : List.copyOf(result.keySet())) {
                if (key.endsWith("seconds")) {
                    double[] all = runs.stream().mapToDouble(r -> (double) r.get(key)).toArray();
                    result.put(key, median(all));
                    result.put(key + "_runs", all);
                }
            }
        }
        result.put("repeat", n);
        return result;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void log(String message) {
        System.err.printf("[latentkit %s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), message);
    }
}
