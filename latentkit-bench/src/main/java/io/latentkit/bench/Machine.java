package io.latentkit.bench;

import ai.djl.engine.Engine;
import io.latentkit.compute.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a timing depends on besides the code: versions, threads, the machine and its load. Linux only. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        v.put("djl", Engine.getDjlVersion());
        v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        return v;
    }

    /** The engine's thread pools as configured for this run (loads the engine). */
    static Map<String, Object> threads() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("intra_op", Tensors.threads());
        t.put("inter_op", System.getProperty("ai.djl.pytorch.num_interop_threads"));
        t.put("omp_wait_policy", System.getenv("OMP_WAIT_POLICY"));
        t.put("gomp_spincount", System.getenv("GOMP_SPINCOUNT"));
        t.put("results_thread_invariant", Tensors.threadInvariant());
        return t;
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", procField("/proc/cpuinfo", "model name").orElse(null));
        m.put("mem_total_kib", procField("/proc/meminfo", "MemTotal").map(Machine::kib).orElse(null));
        // The JVM's heap limit (by default a quarter of RAM) bounds what a fit may allocate on the Java side.
        m.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return m;
    }

    /** One-minute load average; a value above the core count means the timings share the CPU with other work. */
    static double loadAverage() {
        String first = read("/proc/loadavg").split("\\s+")[0];
        return Double.parseDouble(first);
    }

    /**
     * Cores that other processes kept busy over one second, read from /proc/stat while this process waits: unlike
     * the load average it does not count the benchmark's own previous stage.
     */
    static double busyCores() {
        long[] before = cpuJiffies();
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the CPU load", e);
        }
        long[] after = cpuJiffies();
        long total = after[1] - before[1];
        return total == 0 ? 0 : Runtime.getRuntime().availableProcessors() * (double) (after[0] - before[0]) / total;
    }

    /** Busy and total jiffies of all CPUs: user nice system idle iowait irq softirq steal (idle and iowait idle). */
    private static long[] cpuJiffies() {
        String[] f = read("/proc/stat").lines().findFirst().orElseThrow().trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new long[] {total - idle, total};
    }

    /** Peak resident set size of this process so far (engine memory included, unlike the Java heap). */
    static long peakRssKib() {
        return procField("/proc/self/status", "VmHWM").map(Machine::kib).orElseThrow();
    }

    private static long kib(String value) {
        return Long.parseLong(value.replace("kB", "").trim());
    }

    /** The value after "name:" on the first line of a /proc file that starts with the name. */
    private static Optional<String> procField(String file, String name) {
        return read(file).lines()
                .filter(line -> line.startsWith(name) && line.indexOf(':') > 0)
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
