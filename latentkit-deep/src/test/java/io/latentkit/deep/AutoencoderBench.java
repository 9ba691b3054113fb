package io.latentkit.deep;

import io.latentkit.compute.Tensors;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Matrix;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Epoch time of N2D's autoencoder (d-500-500-2000-10, mirrored, ReLU, MSE, Adam 1e-3, batch 256) on Fashion-MNIST
 * images scaled to [0, 1], wall and process CPU seconds. Not a test; run by hand (bench/autoencoder.py runs the same network in PyTorch):
 * <pre>
 *   java -cp ... io.latentkit.deep.AutoencoderBench IMAGES_IDX_GZ [rows] [epochs] [threads]
 * </pre>
 */
public final class AutoencoderBench {
    private AutoencoderBench() {
    }

    public static void main(String[] args) {
        Path images = Path.of(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Tensors.setThreads(threads);
        Matrix all = DatasetFormats.read(InputSpec.of(images)).dataset().features();
        int n = Math.min(rows, all.rows());
        float[] x = Arrays.copyOf(all.data(), n * all.cols());
        for (int i = 0; i < x.length; i++) {
            x[i] /= 255f;
        }
        Autoencoder ae = new Autoencoder(new DenseNetwork(List.of(500, 500, 2000), 10))
                .withTraining(Training.defaults().withEpochs(epochs).withBatchSize(256));
        // Process CPU time per epoch as well: on a shared machine it varies less than wall time.
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> cpu = new ArrayList<>();
        long[] last = {os.getProcessCpuTime()};
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int total, int batches) {
                last[0] = os.getProcessCpuTime();
            }

            @Override
            public void onEpoch(TrainingHistory.Row row) {
                long now = os.getProcessCpuTime();
                cpu.add((now - last[0]) / 1e9);
                last[0] = now;
            }
        };
        Autoencoder.Model model = ae.fit(Dataset.of(new Matrix(n, all.cols(), x)), null, timer);
        for (TrainingHistory.Row r : model.history().rows()) {
            System.out.printf(Locale.ROOT, "epoch %d loss %.5f %.2f s (cpu %.2f s)%n", r.epoch(), r.loss(), r.seconds(),
                    cpu.get(r.epoch() - 1));
        }
        System.out.printf(Locale.ROOT, "rows %d threads %d thread-invariant products %b%n", n, Tensors.threads(),
                Tensors.threadInvariant());
    }
}
