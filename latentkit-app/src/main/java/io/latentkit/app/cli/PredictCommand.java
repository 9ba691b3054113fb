package io.latentkit.app.cli;

import io.latentkit.app.run.Assignments;
import io.latentkit.app.run.RunFolder;
import io.latentkit.app.step.ClusterFit;
import io.latentkit.cluster.Hdbscan;
import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.Labels;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.estimator.SoftClusterPredictor;
import io.latentkit.metrics.ContingencyTable;
import io.latentkit.metrics.ExternalScores;
import io.latentkit.persist.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentkit predict MODEL_DIR DATA --out FILE.csv}: assigns new data with a saved model. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = LatentkitCommand.Version.class,
        description = "Assign new data to the clusters of a saved model: its transforms, then its clusterer.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "A run folder or its model/ folder.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "Data file with the model's input features (csv, tsv, npy, jsonl, idx, parquet).")
    Path data;


    @Mixin
    InputOptions input;


    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write id, cluster(, label, probability, outlier_score).")
    Path out;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path folder = RunFolder.modelIn(model);
            FittedPipeline pipeline = ModelStore.load(folder, FittedPipeline.class);
            Dataset items = DatasetFormats.read(input.spec(data)).dataset();
            Prediction p;
            try {
                p = Prediction.of(pipeline, items);
            } catch (IllegalArgumentException e) {
                throw new DataException(data, null, null, "does not fit the model in " + folder + ": " + e.getMessage(), e);
            }
            Labels truth = items.labels().orElse(null);
            Assignments.write(out, items.ids(), p.clusters(), truth, p.probability(), p.outlierScore());
            print(truth, p.clusters());
            return ExitCodes.OK;
        } catch (DataException e) {
            return ExitCodes.fail(err, e, ExitCodes.USAGE, debug);
        } catch (RuntimeException e) {
            return ExitCodes.fail(err, e, ExitCodes.FAILURE, debug);
        }
    }

    /**
     * Cluster per item; for soft clusterers the largest posterior per item; for HDBSCAN the membership probability
     * and outlier score of {@link Hdbscan.Model#approximatePredict} (else null).
     */
    private record Prediction(int[] clusters, float[] probability, float[] outlierScore) {
        /** @throws IllegalArgumentException when the items do not fit the model, e.g. another number of features */
        static Prediction of(FittedPipeline pipeline, Dataset items) {
            Dataset space = pipeline.transform(items);
            if (pipeline.clusterer() instanceof Hdbscan.Model hdbscan) {
                Hdbscan.Prediction p = hdbscan.approximatePredict(space);
                return new Prediction(p.labels(), ClusterFit.column(p.probabilities()),
                        ClusterFit.column(p.outlierScores()));
            }
            return new Prediction(pipeline.clusterer().predict(space),
                    pipeline.clusterer() instanceof SoftClusterPredictor soft
                            ? ClusterFit.largestPerRow(soft.predictProba(space)) : null, null);
        }
    }

    private void print(Labels truth, int[] clusters) {
        PrintWriter o = spec.commandLine().getOut();
        if (truth != null && Arrays.stream(truth.codes()).anyMatch(c -> c != Labels.UNKNOWN)) {
            ExternalScores s = ExternalScores.of(ContingencyTable.of(truth.codes(), clusters));
            o.println(String.format(Locale.ROOT, "ACC %.4f  NMI %.4f", s.accuracy(), s.nmi()));
        }
        o.println("predicted " + clusters.length + " items: " + out);
        o.flush();
    }
}
