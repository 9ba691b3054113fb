package io.latentkit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentkit.data.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every benchmark run shares, as bench/benchlib.py does for the peers: timing, repetition, the header of a
 * result file (date, data, versions, threads, machine) and writing it as JSON.
 */
final class Runs {
    private Runs() {
    }

    /** Command-line options of a benchmark: {@code [--out DIR] [--only name1,name2] [--quick] [--repeat N]}. */
    record Options(Path out, List<String> names, boolean quick, int repeat) {
        /** Parses the options; {@code known} lists the measurements, all of which run when --only is not given. */
        static Options parse(String[] args, List<String> known) {
            Path out = Path.of("bench", "out");
            List<String> names = known;
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
            List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown measurement(s) " + unknown + "; choose from " + known);
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

    /** The start of a result file: date, data, versions, threads, machine and repeat count. */
    static Map<String, Object> header(Map<String, Object> data, int repeat) {
        Map<String, Object> report = header(data);
        report.put("repeat", repeat);
        return report;
    }

    /** The start of a result file without a repeat count: date, data, versions, threads and machine. */
    static Map<String, Object> header(Map<String, Object> data) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", now());
        report.put("data", data);
        report.put("versions", Machine.versions());
        report.put("threads", Machine.threads());
        report.put("machine", Machine.describe());
        return report;
    }

    /** A named measurement run n times (see {@link #repeated}), with its start time and the load average before it. */
    static Map<String, Object> measured(String name, Supplier<Map<String, Object>> measurement, int n) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("date", now());
        // Load before the run: other work on the machine skews the timing.
        result.put("loadavg_1min_before", Machine.loadAverage());
        result.put("busy_cores_before", Machine.busyCores());
        result.putAll(repeated(measurement, n));
        return result;
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

    /** An ordered JSON object from alternating keys and values, so the output reads in a stable order. */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** A measurement's time and parameters, the first fields of every result. */
    static Map<String, Object> result(double seconds, Map<String, Object> params) {
        return fields("seconds", seconds, "params", params);
    }

    record Timed<T>(T value, double seconds) {
    }

    static <T> Timed<T> timed(Supplier<T> work) {
        long start = System.nanoTime();
        T value = work.get();
        return new Timed<>(value, seconds(start));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void writeJson(Path file, Map<String, Object> report) {
        try {
            String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
            AtomicFiles.writeString(file, text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of a file's bytes in hex, as Python's hashlib computes it. */
    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static void log(String message) {
        System.err.printf("[latentkit %s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), message);
    }
}
