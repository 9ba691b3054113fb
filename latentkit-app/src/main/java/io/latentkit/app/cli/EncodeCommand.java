package io.latentkit.app.cli;

import io.latentkit.app.run.RunFolder;
import io.latentkit.data.AtomicFiles;
import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.format.NpyFormat;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.estimator.Reconstructor;
import io.latentkit.estimator.Transform;
import io.latentkit.persist.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code latentkit encode MODEL_DIR DATA --out FILE.npy}: maps new data into a saved model's latent space. For a run's
 * model that is the output of its transforms up to and including its last encoder (the last step that can
 * reconstruct its input, e.g. an autoencoder), or of all its transforms with {@code --clustered-space}.
 */
@Command(name = "encode", mixinStandardHelpOptions = true, versionProvider = LatentkitCommand.Version.class,
        description = "Encode new data with a saved model (an autoencoder, or a run's transforms up to its encoder).")
final class EncodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "A saved model folder, a run folder or its model/ folder.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "Data file with the model's input features (csv, tsv, npy, jsonl, idx, parquet).")
    Path data;

    @Mixin
    InputOptions input;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "Where to write the codes (float32, one row per item).")
    Path out;

    @Option(names = "--clustered-space", description = "Apply all of a run's transforms, not only those up to its encoder.")
    boolean clusteredSpace;

    @Option(names = "--errors", paramLabel = "FILE.csv", description = "Also write id,reconstruction_error per item (needs an encoder that reconstructs).")
    Path errors;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path folder = RunFolder.modelIn(model);
            List<Transform> transforms = transforms(ModelStore.load(folder));
            Dataset items = DatasetFormats.read(input.spec(data)).dataset();
            Dataset current = items;
            Dataset encoderInput = null;
            try {
                for (Transform t : transforms) {
                    encoderInput = current;
                    current = t.transform(current);
                }
            } catch (IllegalArgumentException e) {
                throw new DataException(data, null, null, "does not fit the model in " + folder + ": " + e.getMessage(), e);
            }
            long bad = current.features().firstNonFinite();
            if (bad >= 0) {
                throw new IllegalStateException("the encoding of item " + current.ids().get((int) (bad / current.cols()))
                        + " is not finite");
            }
            NpyFormat.writeMatrix(out, current.features());
            if (errors != null) {
                if (!(transforms.getLast() instanceof Reconstructor r)) {
                    throw new IllegalArgumentException("--errors needs a model whose last step reconstructs its input");
                }
                double[] e = r.reconstructionErrors(encoderInput.features());
                List<String> ids = items.ids();
                StringBuilder csv = new StringBuilder("id,reconstruction_error\n");
                for (int i = 0; i < e.length; i++) {
                    csv.append(ids.get(i)).append(',').append(e[i]).append('\n');
                }
                AtomicFiles.writeString(errors, csv.toString());
            }
            PrintWriter o = spec.commandLine().getOut();
            o.println("encoded " + current.rows() + " items into " + current.cols() + " dimensions: " + out);
            o.flush();
            return ExitCodes.OK;
        } catch (DataException e) {
            return ExitCodes.fail(err, e, ExitCodes.USAGE, debug);
        } catch (RuntimeException e) {
            return ExitCodes.fail(err, e, ExitCodes.FAILURE, debug);
        }
    }

    /** The transforms to apply: a lone model itself; a run's model up to its last encoder, or all of them. */
    private List<Transform> transforms(Object loaded) {
        if (loaded instanceof FittedPipeline p) {
            if (clusteredSpace) {
                return p.transforms();
            }
            for (int i = p.transforms().size() - 1; i >= 0; i--) {
                if (p.transforms().get(i) instanceof Reconstructor) {
                    return new ArrayList<>(p.transforms().subList(0, i + 1));
                }
            }
            throw new IllegalArgumentException("the model has no encoder; use --clustered-space for its transforms");
        }
        if (loaded instanceof Transform t) {
            return List.of(t);
        }
        throw new IllegalArgumentException("the model is a " + loaded.getClass().getSimpleName() + ", which does not encode");
    }
}
