package io.latentkit.compute;

import io.latentkit.data.Matrix;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * One measurement of {@link ApproximateNeighbors}: seconds for the whole graph (after a warm-up search on 3,000
 * rows), and recall@k against the exact search on a random subset of query rows. Not a test; run by hand
 * (bench/knn.py runs the peer side):
 * <pre>
 *   java -cp ... io.latentkit.compute.ApproximateNeighborsBench fashion [threads] [k] [queries]
 *   java -cp ... io.latentkit.compute.ApproximateNeighborsBench fashion-head N [threads] [k] [queries]
 *   java -cp ... io.latentkit.compute.ApproximateNeighborsBench clustered N D [threads] [k] [queries]
 * </pre>
 */
public final class ApproximateNeighborsBench {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private ApproximateNeighborsBench() {
    }

    public static void main(String[] args) throws IOException {
        int next;
        Matrix data;
        if (args[0].equals("fashion")) {
            data = fashionMnist();
            next = 1;
        } else if (args[0].equals("fashion-head")) {
            Matrix all = fashionMnist();
            int[] head = new int[Integer.parseInt(args[1])];
            Arrays.setAll(head, i -> i);
            data = all.selectRows(head);
            next = 2;
        } else {
            data = ApproximateNeighborsTest.clustered(Integer.parseInt(args[1]), Integer.parseInt(args[2]), 20, 7);
            next = 3;
        }
        int threads = args.length > next ? Integer.parseInt(args[next]) : 2;
        int k = args.length > next + 1 ? Integer.parseInt(args[next + 1]) : 15;
        int queries = args.length > next + 2 ? Integer.parseInt(args[next + 2]) : 2000;
        Tensors.setThreads(threads);
        // A search on the first 3,000 rows first, so the timing leaves out most JIT compilation (as bench/knn.py
        // leaves out numba's).
        int[] head = new int[Math.min(3000, data.rows())];
        Arrays.setAll(head, i -> i);
        ApproximateNeighbors.of(k, Metric.EUCLIDEAN, 0).withThreads(threads).search(data.selectRows(head));
        long start = System.nanoTime();
        Neighbors approx = ApproximateNeighbors.of(k, Metric.EUCLIDEAN, 0).withThreads(threads).search(data);
        double seconds = (System.nanoTime() - start) / 1e9;
        int[] rows = new SplittableRandom(1).ints(0, data.rows()).distinct().limit(Math.min(queries, data.rows())).toArray();
        Neighbors exact = NearestNeighbors.exact(data, data.selectRows(rows), k + 1, Metric.EUCLIDEAN, false);
        System.out.printf("n=%d d=%d k=%d threads=%d seconds=%.2f recall=%.4f%n", data.rows(), data.cols(), k, threads,
                seconds, ApproximateNeighbors.recall(approx, rows, withoutSelf(exact, rows)));
    }

    /** Drops each query's own row from an exact search of data rows against the data (self is not a neighbour). */
    private static Neighbors withoutSelf(Neighbors nn, int[] rows) {
        int k = nn.k() - 1;
        int[] idx = new int[rows.length * k];
        float[] dist = new float[idx.length];
        for (int r = 0; r < rows.length; r++) {
            int w = 0;
            for (int c = 0; c < nn.k() && w < k; c++) {
                if (nn.index(r, c) != rows[r]) {
                    idx[r * k + w] = nn.index(r, c);
                    dist[r * k + w++] = nn.distance(r, c);
                }
            }
        }
        return new Neighbors(k, idx, dist);
    }

    /** The 70,000 Fashion-MNIST images (training then test set), pixels scaled to [0, 1]. */
    private static Matrix fashionMnist() throws IOException {
        float[] train = images(FASHION.resolve("train-images-idx3-ubyte.gz"));
        float[] test = images(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
        float[] all = new float[train.length + test.length];
        System.arraycopy(train, 0, all, 0, train.length);
        System.arraycopy(test, 0, all, train.length, test.length);
        return new Matrix(all.length / 784, 784, all);
    }

    private static float[] images(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
            in.readInt();
            int items = in.readInt();
            int size = in.readInt() * in.readInt();
            byte[] raw = new byte[items * size];
            in.readFully(raw);
            float[] x = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                x[i] = (raw[i] & 0xff) / 255f;
            }
            return x;
        }
    }
}
