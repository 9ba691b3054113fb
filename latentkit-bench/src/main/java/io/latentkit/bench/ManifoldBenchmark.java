package io.latentkit.bench;

import static io.latentkit.bench.Runs.fields;
import static io.latentkit.bench.Runs.log;

import io.latentkit.bench.Runs.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * latentkit's side of the manifold and density benchmark (bench/manifold.sh runs it, then bench/manifold_peers.py
 * for each measurement):
 *
 * <pre>
 * ManifoldBenchmark prepare [--out DIR] [--only name1,name2] [--quick]
 * ManifoldBenchmark measure [--out DIR] --only NAME [--quick] [--repeat N]
 * </pre>
 *
 * {@code prepare} writes the inputs both sides share into DIR ({@link Manifold#prepare}). {@code measure} runs one
 * measurement, after a warm-up on a slice, and writes DIR/latentkit/NAME.json; one measurement per JVM, so that the
 * peak resident memory it reports (VmHWM at the end) is that measurement's alone.
 */
public final class ManifoldBenchmark {
    private static final String USAGE = """
            usage: ManifoldBenchmark prepare [--out DIR] [--only name1,name2] [--quick]
                   ManifoldBenchmark measure [--out DIR] --only NAME [--quick] [--repeat N]
              measurements: """ + String.join(", ", Manifold.NAMES);

    private ManifoldBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "";
        Options options;
        try {
            if (!mode.equals("prepare") && !mode.equals("measure")) {
                throw new IllegalArgumentException("the first argument must be prepare or measure");
            }
            options = Options.parse(Arrays.copyOfRange(args, 1, args.length), Manifold.NAMES);
            if (mode.equals("measure") && options.names().size() != 1) {
                throw new IllegalArgumentException("measure needs exactly one measurement (--only NAME), got "
                        + options.names());
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.out());
        Manifold manifold = new Manifold(options.out(), options.quick());
        if (mode.equals("prepare")) {
            manifold.prepare(options.names());
        } else {
            measure(manifold, options.names().getFirst(), options);
        }
    }

    private static void measure(Manifold manifold, String name, Options options) {
        Map<String, Object> report = Runs.header(manifold.describeData(name), options.repeat());
        double warmUp = manifold.warmUp(name);
        log(String.format("%s: warm-up on a slice %.2f s (not counted)", name, warmUp));
        report.put("warm_up", fields("seconds", warmUp,
                "what", "the measurement's estimators once on a slice of its input, before any timing, so JIT and"
                        + " engine start-up are not counted"));
        log(name + " ...");
        Map<String, Object> result = Runs.measured(name, () -> manifold.run(name), options.repeat());
        // VmHWM covers the whole process: loading, the warm-up and every repeat.
        result.put("peak_rss_mib", Machine.peakRssKib() / 1024.0);
        log(String.format("%s: %.2f s, peak RSS %.0f MiB", name, (double) result.get("seconds"),
                (double) result.get("peak_rss_mib")));
        report.put("measurements", List.of(result));
        Path file = options.out().resolve("latentkit").resolve(name + ".json");
        Runs.writeJson(file, report);
        log("wrote " + file);
    }
}
