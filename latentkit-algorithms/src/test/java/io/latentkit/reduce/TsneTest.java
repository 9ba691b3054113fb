package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentkit.cluster.EstimatorFixtures;
import io.latentkit.compute.Metric;
import io.latentkit.compute.NearestNeighbors;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormats;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Matrix;
import io.latentkit.persist.ModelStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** t-SNE against scikit-learn's TSNE (tools/fixtures/tsne_fixtures.py): same data, same default parameters. */
class TsneTest {
    private static final double TRUST_MARGIN = 0.01;
    private static final double KL_MARGIN = 0.05;
    private static final int FASHION_ROWS = 1000;
    private static final Dataset BLOBS = EstimatorFixtures.dataset("tsne", "blobs");
    private static final Dataset FASHION = fashion();

    /** The first 1,000 Fashion-MNIST test images, pixels / 255, with their labels. */
    private static Dataset fashion() {
        Path dir = Path.of("..", "data", "fashion-mnist");
        Dataset all = DatasetFormats.read(InputSpec.of(dir.resolve("t10k-images-idx3-ubyte.gz"))
                .withLabelsPath(dir.resolve("t10k-labels-idx1-ubyte.gz"))).dataset();
        Dataset head = all.selectRows(IntStream.range(0, FASHION_ROWS).toArray());
        float[] pixels = head.features().data().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] /= 255f;
        }
        return head.withFeatures(new Matrix(head.rows(), head.cols(), pixels), head.featureNames());
    }

    private static Dataset data(String name) {
        return name.equals("blobs") ? BLOBS : FASHION;
    }

    @ParameterizedTest
    @CsvSource({"blobs, 2", "blobs, 3", "fashion, 2", "fashion, 3"})
    void matchesScikitLearnInTrustworthinessAndDivergence(String name, int dim) {
        JsonNode reference = EstimatorFixtures.load("tsne", "tsne").get(name + "_" + dim + "d");
        Dataset data = data(name);
        Tsne.Model model = new Tsne(dim).fit(data);
        double trust = ExactTrustworthiness.of(data.features(), model.embeddingMatrix(), 5);
        double sklearnTrust = reference.get("trustworthiness").asDouble();
        double sklearnKl = reference.get("kl_divergence").asDouble();
        System.out.printf("t-SNE %s %dd (n=%d, %s): trustworthiness %.4f (sklearn %.4f), KL %.4f (sklearn %.4f),"
                        + " %d iterations (sklearn %d)%n", name, dim, data.rows(), new Tsne(dim).methodFor(data.rows()),
                trust, sklearnTrust, model.klDivergence(), sklearnKl, model.nIter(), reference.get("n_iter").asInt());
        assertTrue(trust >= sklearnTrust - TRUST_MARGIN, "trustworthiness " + trust + " vs " + sklearnTrust);
        assertTrue(model.klDivergence() <= sklearnKl + KL_MARGIN, "KL " + model.klDivergence() + " vs " + sklearnKl);
    }

    /** The interpolated repulsion's maps are as good as scikit-learn's Barnes-Hut ones. */
    @ParameterizedTest
    @ValueSource(strings = {"blobs", "fashion"})
    void fftMatchesScikitLearnInTrustworthinessAndDivergence(String name) {
        JsonNode reference = EstimatorFixtures.load("tsne", "tsne").get(name + "_2d");
        Dataset data = data(name);
        Tsne.Model model = new Tsne(2).withMethod(Tsne.Method.FFT).fit(data);
        double trust = ExactTrustworthiness.of(data.features(), model.embeddingMatrix(), 5);
        double sklearnTrust = reference.get("trustworthiness").asDouble();
        double sklearnKl = reference.get("kl_divergence").asDouble();
        System.out.printf("t-SNE FFT %s 2d (n=%d): trustworthiness %.4f (sklearn %.4f), KL %.4f (sklearn %.4f)%n", name,
                data.rows(), trust, sklearnTrust, model.klDivergence(), sklearnKl);
        assertTrue(trust >= sklearnTrust - TRUST_MARGIN, "trustworthiness " + trust + " vs " + sklearnTrust);
        assertTrue(model.klDivergence() <= sklearnKl + KL_MARGIN, "KL " + model.klDivergence() + " vs " + sklearnKl);
    }

    /**
     * On a map still expanding (where the gradient is far from 0), the FFT gradient is closer to the exact one than
     * Barnes-Hut's at theta 0.5, and so is its KL divergence. (The repulsion alone, on finer grids, in
     * {@link FftRepulsionTest}.)
     */
    @Test
    void fftGradientIsCloserToTheExactOneThanBarnesHut() {
        Matrix x = BLOBS.features();
        int k = Math.min(x.rows() - 1, 91);
        TsneAffinities.SparseRows p = TsneAffinities.joint(TsneAffinities.conditional(
                NearestNeighbors.exact(x, x, k, Metric.EUCLIDEAN, true), 30));
        double[] y = new Tsne(2).withNIter(Tsne.EXPLORATION_ITERATIONS + 50).fit(BLOBS).embedding();
        TsneKernel kernel = TsneKernel.forDimensions(2);
        double[] exact = new double[y.length];
        double[] fft = new double[y.length];
        double[] tree = new double[y.length];
        double exactKl = TsneObjective.fitting(p, 1, kernel, Tsne.Method.EXACT, 0).evaluate(y, exact, true);
        double fftKl = TsneObjective.fitting(p, 1, kernel, Tsne.Method.FFT, 0).evaluate(y, fft, true);
        double treeKl = TsneObjective.fitting(p, 1, kernel, Tsne.Method.BARNES_HUT, 0.5).evaluate(y, tree, true);
        double fftError = relativeError(fft, exact);
        double treeError = relativeError(tree, exact);
        System.out.printf("t-SNE gradient, relative error: FFT %.2e, Barnes-Hut %.2e; KL exact %.6f, FFT %.6f,"
                + " Barnes-Hut %.6f%n", fftError, treeError, exactKl, fftKl, treeKl);
        assertTrue(fftError < treeError, "FFT " + fftError + " vs Barnes-Hut " + treeError);
        assertTrue(Math.abs(fftKl - exactKl) < Math.abs(treeKl - exactKl), "KL FFT " + fftKl + " vs " + treeKl);
    }

    private static double relativeError(double[] approximate, double[] exact) {
        double error = 0;
        double norm = 0;
        for (int c = 0; c < exact.length; c++) {
            error += (approximate[c] - exact[c]) * (approximate[c] - exact[c]);
            norm += exact[c] * exact[c];
        }
        return Math.sqrt(error / norm);
    }

    @Test
    void rejectsNaNNamingRowAndColumn() {
        Matrix x = BLOBS.features();
        float[] values = x.data().clone();
        values[7 * x.cols() + 1] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tsne(2).fit(Dataset.of(new Matrix(x.rows(), x.cols(), values))));
        assertTrue(e.getMessage().startsWith("row 7, column 1 is NaN"), e.getMessage());
    }

    @Test
    void autoPicksExactThenBarnesHutThenFftIn2d() {
        assertEquals(Tsne.Method.EXACT, new Tsne(2).methodFor(999));
        assertEquals(Tsne.Method.BARNES_HUT, new Tsne(2).methodFor(9_999));
        assertEquals(Tsne.Method.FFT, new Tsne(2).methodFor(10_000));
        assertEquals(Tsne.Method.BARNES_HUT, new Tsne(3).methodFor(100_000));
    }

    @Test
    void exactAndBarnesHutAgree() {
        Tsne tsne = new Tsne(2);
        Tsne.Model exact = tsne.withMethod(Tsne.Method.EXACT).fit(BLOBS);
        Tsne.Model barnesHut = tsne.withMethod(Tsne.Method.BARNES_HUT).fit(BLOBS);
        double exactTrust = ExactTrustworthiness.of(BLOBS.features(), exact.embeddingMatrix(), 5);
        double treeTrust = ExactTrustworthiness.of(BLOBS.features(), barnesHut.embeddingMatrix(), 5);
        assertEquals(exactTrust, treeTrust, TRUST_MARGIN);
        assertEquals(exact.klDivergence(), barnesHut.klDivergence(), KL_MARGIN);
    }

    @Test
    void sameSeedGivesTheSameMapAtAnyThreadCount() throws Exception {
        Dataset small = BLOBS.selectRows(IntStream.range(0, 200).toArray());
        for (Tsne tsne : new Tsne[] {new Tsne(2).withNIter(300).withMethod(Tsne.Method.BARNES_HUT),
                new Tsne(2).withNIter(300).withMethod(Tsne.Method.FFT),
                new Tsne(3).withNIter(300).withInit(Tsne.Init.RANDOM).withSeed(7)}) {
            double[] parallel = tsne.fit(small).embedding();
            double[] single;
            try (ForkJoinPool one = new ForkJoinPool(1)) {
                single = one.submit(() -> tsne.fit(small).embedding()).get();
            }
            assertArrayEquals(parallel, single);
            assertArrayEquals(parallel, tsne.fit(small).embedding());
        }
    }

    @Test
    void transformPlacesNewPointsAmongTheirClass() {
        int train = 800;
        Dataset fit = FASHION.selectRows(IntStream.range(0, train).toArray());
        Dataset held = FASHION.selectRows(IntStream.range(train, FASHION_ROWS).toArray());
        Tsne.Model model = new Tsne(2).fit(fit);
        assertEquals(model.embeddingMatrix(), model.transform(fit).features(), "the training items keep their map");
        Matrix placed = model.transform(held).features();
        int[] trainLabels = fit.labels().orElseThrow().codes();
        int[] heldLabels = held.labels().orElseThrow().codes();
        Matrix map = model.embeddingMatrix();
        int hits = 0;
        for (int i = 0; i < held.rows(); i++) {
            hits += majorityOfNearest(map, trainLabels, placed.row(i), 10) == heldLabels[i] ? 1 : 0;
        }
        double rate = hits / (double) held.rows();
        System.out.printf("t-SNE transform: %.3f of held-out points among their own class (chance 0.1)%n", rate);
        assertTrue(rate > 0.5, "held-out points among their class: " + rate);
    }

    private static int majorityOfNearest(Matrix map, int[] labels, float[] point, int k) {
        Integer[] order = IntStream.range(0, map.rows()).boxed().toArray(Integer[]::new);
        double[] d2 = new double[map.rows()];
        for (int j = 0; j < map.rows(); j++) {
            for (int c = 0; c < map.cols(); c++) {
                double delta = map.get(j, c) - point[c];
                d2[j] += delta * delta;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(d2[a], d2[b]));
        int[] votes = new int[Arrays.stream(labels).max().orElseThrow() + 1];
        for (int r = 0; r < k; r++) {
            votes[labels[order[r]]]++;
        }
        return IntStream.range(0, votes.length).reduce((a, b) -> votes[b] > votes[a] ? b : a).orElseThrow();
    }

    @Test
    void savedModelPlacesNewPointsIdentically(@TempDir Path dir) {
        Dataset train = BLOBS.selectRows(IntStream.range(0, 300).toArray());
        Dataset fresh = BLOBS.selectRows(IntStream.range(300, 400).toArray());
        Tsne.Model model = new Tsne(2).withNIter(Tsne.EXPLORATION_ITERATIONS).fit(train);
        ModelStore.save(model, dir.resolve("tsne"));
        Tsne.Model loaded = ModelStore.load(dir.resolve("tsne"), Tsne.Model.class);
        assertArrayEquals(model.embedding(), loaded.embedding());
        assertEquals(model.klDivergence(), loaded.klDivergence());
        assertEquals(model.transform(fresh).features(), loaded.transform(fresh).features());
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Tsne(4));
        assertThrows(IllegalArgumentException.class, () -> new Tsne(2).withPerplexity(0));
        assertThrows(IllegalArgumentException.class, () -> new Tsne(2).withNIter(100));
        assertThrows(IllegalArgumentException.class, () -> new Tsne(3).withMethod(Tsne.Method.FFT));
        Dataset tiny = BLOBS.selectRows(new int[] {0, 1, 2});
        assertThrows(IllegalArgumentException.class, () -> new Tsne(2).fit(tiny), "perplexity 30 >= 3 points");
    }
}
