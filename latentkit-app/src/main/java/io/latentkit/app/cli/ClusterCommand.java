package io.latentkit.app.cli;

import io.latentkit.app.params.ConfigException;
import io.latentkit.app.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentkit cluster DATA --method M --k K --out DIR}: a one-step pipeline from the command line. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = LatentkitCommand.Version.class,
        description = "Cluster one data file: optional scaling and reduction, then one clusterer.")
final class ClusterCommand extends PipelineCommand {
    @Parameters(index = "0", paramLabel = "DATA", description = "Data file (csv, tsv, npy, jsonl, idx, parquet).")
    Path data;

    @Option(names = "--method", required = true, paramLabel = "METHOD", description = "Clusterer: kmeans, minibatch_kmeans, gmm, dbscan, hdbscan or agglomerative.")
    String method;

    @Option(names = "--k", paramLabel = "K", description = "Number of clusters (all but dbscan and hdbscan).")
    Integer k;

    @Option(names = "--eps", paramLabel = "EPS", description = "dbscan neighbourhood radius.")
    Double eps;

    @Option(names = "--min-cluster-size", paramLabel = "N", description = "hdbscan smallest cluster (default: 5).")
    Integer minClusterSize;

    @Option(names = "--allow-single-cluster", description = "hdbscan: let all items form one cluster.")
    boolean allowSingleCluster;

    @Option(names = "--scale", paramLabel = "METHOD", description = "standard, minmax, l2 or none (default: none).")
    String scale;

    @Option(names = "--reduce", paramLabel = "METHOD:N", description = "Reduction before clustering, e.g. pca:50.")
    String reduce;

    @Mixin
    InputOptions input;



    @Option(names = "--covariance", paramLabel = "TYPE", description = "gmm covariance: full, diag or spherical.")
    String covariance;

    @Option(names = "--n-init", paramLabel = "N", description = "Independent runs; the best is kept.")
    Integer nInit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must not exist or be empty).")
    Path out;

    @Override
    Pipeline pipeline() {
        Pipeline.Builder b = Pipeline.builder()
                .name(stem(data))
                .input(input.spec(data));
        if (scale != null) {
            b.scale(scale);
        }
        if (reduce != null) {
            String[] parts = reduce.split(":", -1);
            if (parts.length != 2 || !parts[1].matches("\\d+")) {
                throw new ConfigException(null, "--reduce", "expected METHOD:N_COMPONENTS such as pca:50, got '" + reduce + "'");
            }
            b.reduce(parts[0], Map.of("n_components", Integer.parseInt(parts[1])));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (k != null) {
            params.put("k", k);
        }
        if (eps != null) {
            params.put("eps", eps);
        }
        if (minClusterSize != null) {
            params.put("min_cluster_size", minClusterSize);
        }
        if (allowSingleCluster) {
            params.put("allow_single_cluster", true);
        }
        if (nInit != null) {
            params.put("n_init", nInit);
        }
        if (covariance != null) {
            params.put("covariance_type", covariance);
        }
        return b.cluster(method, params).build();
    }

    @Override
    Path out() {
        return out;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
