package io.latentkit.app.cli;

import io.latentkit.app.params.ConfigException;
import io.latentkit.app.params.Param;
import io.latentkit.app.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentkit cluster DATA --method M --k K --out DIR}: a one-step pipeline from the command line. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = LatentkitCommand.Version.class,
        description = "Cluster one data file: optional scaling, an optional autoencoder, an optional reduction, then one clusterer.")
final class ClusterCommand extends PipelineCommand {
    @Parameters(index = "0", paramLabel = "DATA", description = "Data file (csv, tsv, npy, jsonl, idx, parquet).")
    Path data;

    @Option(names = "--method", required = true, paramLabel = "METHOD", description = "Clusterer: kmeans, minibatch_kmeans, gmm, dbscan, hdbscan or agglomerative.")
    String method;

    @Option(names = "--k", paramLabel = "K", description = "Number of clusters (all but dbscan and hdbscan); a list (2,4,8)"
            + " or a range (2:20, or 2:20:2 by steps of 2) sweeps k and suggests one (elbow, silhouette, CH, DB, BIC).")
    String k;

    @Option(names = "--eps", paramLabel = "EPS", description = "dbscan neighbourhood radius, or auto: the knee of the k-distance curve (k = min samples).")
    String eps;

    @Option(names = "--min-cluster-size", paramLabel = "N", description = "hdbscan smallest cluster (default: 5).")
    Integer minClusterSize;

    @Option(names = "--allow-single-cluster", description = "hdbscan: let all items form one cluster.")
    boolean allowSingleCluster;

    @Option(names = "--scale", paramLabel = "METHOD", description = "standard, minmax, l2 or none (default: none).")
    String scale;

    @Option(names = "--reduce", paramLabel = "METHOD:N", description = "Reduction before clustering, e.g. pca:50.")
    String reduce;

    @Option(names = "--encoder", paramLabel = "TYPE", description = "Train an autoencoder and cluster its latent space: ae, dae, vae or convae.")
    String encoder;

    @Option(names = "--latent", paramLabel = "N", description = "Latent size of the autoencoder (default: 10).")
    Integer latent;

    @Option(names = "--layers", paramLabel = "N,N,...", split = ",", description = "Encoder hidden layer sizes, e.g. 500,500,2000 (the decoder mirrors them); convae: filters per stage.")
    List<Integer> layers;

    @Option(names = "--epochs", paramLabel = "E", description = "Autoencoder training epochs.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "Autoencoder mini-batch size.")
    Integer batchSize;

    @Option(names = "--image", paramLabel = "CxHxW", description = "convae: the shape of each row, e.g. 1x28x28.")
    String image;

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
        if (encoder != null) {
            b.encode(encoder, encoderParams());
        } else if (latent != null || layers != null || epochs != null || batchSize != null || image != null) {
            throw new ConfigException(null, "--encoder", "is required with --latent, --layers, --epochs, --batch-size or --image");
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
            params.put("k", kValue(k));
        }
        if (eps != null) {
            params.put("eps", eps.equals(Param.AUTO) ? eps : number("--eps", eps));
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

    private static double number(String option, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(null, option, "expected a number or auto, got '" + text + "'");
        }
    }

    /** A number as a number, a comma list as a list of numbers; a range stays text for the config parser. */
    private static Object kValue(String text) {
        if (text.matches("\\d+")) {
            return Integer.parseInt(text);
        }
        if (text.matches("\\d+(,\\d+)+")) {
            return Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
        }
        if (text.matches("\\d+:\\d+(:\\d+)?")) {
            return text;
        }
        throw new ConfigException(null, "--k", "expected a number (10), a list (2,4,8) or a range (2:20 or 2:20:2), got '"
                + text + "'");
    }

    private Map<String, Object> encoderParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (latent != null) {
            p.put("latent", latent);
        }
        if (layers != null) {
            p.put(encoder.equals("convae") ? "filters" : "hidden", layers);
        }
        if (epochs != null) {
            p.put("epochs", epochs);
        }
        if (batchSize != null) {
            p.put("batch_size", batchSize);
        }
        if (image != null) {
            String[] dims = image.split("x", -1);
            if (dims.length != 3 || !image.matches("\\d+x\\d+x\\d+")) {
                throw new ConfigException(null, "--image", "expected CHANNELSxHEIGHTxWIDTH such as 1x28x28, got '" + image + "'");
            }
            p.put("channels", Integer.parseInt(dims[0]));
            p.put("height", Integer.parseInt(dims[1]));
            p.put("width", Integer.parseInt(dims[2]));
        }
        return p;
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
