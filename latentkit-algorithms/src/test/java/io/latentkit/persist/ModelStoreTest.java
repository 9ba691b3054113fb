package io.latentkit.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.cluster.CovarianceType;
import io.latentkit.cluster.GaussianMixture;
import io.latentkit.cluster.KMeans;
import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import io.latentkit.estimator.FittedPipeline;
import io.latentkit.estimator.Transform;
import io.latentkit.preprocess.L2Normalizer;
import io.latentkit.preprocess.MinMaxScaler;
import io.latentkit.preprocess.StandardScaler;
import io.latentkit.reduce.Pca;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelStoreTest {
    @TempDir
    Path dir;

    /** Three shifted Gaussian blobs in 6 dimensions, far from the origin so centring matters. */
    private static Dataset blobs(int n, long seed) {
        Random r = new Random(seed);
        int d = 6;
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (100 + (j == i % 3 ? 8 : 0) + r.nextGaussian() * (1 + j * 0.3));
            }
        }
        return Dataset.of(new Matrix(n, d, v));
    }

    private static final Dataset TRAIN = blobs(300, 1);
    private static final Dataset NEW = blobs(200, 2);

    private <M> M roundTrip(M model) {
        Path target = dir.resolve("model-" + model.getClass().getSimpleName());
        ModelStore.save(model, target);
        @SuppressWarnings("unchecked")
        M loaded = ModelStore.load(target, (Class<M>) model.getClass());
        return loaded;
    }

    private static void assertSameTransform(Transform saved, Transform loaded) {
        assertEquals(saved.transform(NEW).features(), loaded.transform(NEW).features(), "bit-exact features");
    }

    @Test
    void scalersAndPcaTransformIdentically() {
        List<Transform> models = List.of(new StandardScaler().fit(TRAIN), new StandardScaler(false, true).fit(TRAIN),
                new MinMaxScaler(-1, 2).fit(TRAIN), new L2Normalizer(),
                new Pca(3).withSolver(Pca.Solver.FULL).fit(TRAIN),
                new Pca(2).withSolver(Pca.Solver.RANDOMIZED).withWhiten(true).withSeed(5).fit(TRAIN));
        for (Transform m : models) {
            Transform loaded = roundTrip(m);
            assertSameTransform(m, loaded);
        }
        Pca.Model pca = (Pca.Model) models.get(4);
        Pca.Model loaded = roundTrip(pca);
        assertArrayEquals(pca.explainedVarianceRatio(), loaded.explainedVarianceRatio());
        assertArrayEquals(pca.singularValues(), loaded.singularValues());
        assertEquals(pca.solver(), loaded.solver());
    }

    @Test
    void kmeansPredictsIdentically() {
        KMeans.Model m = new KMeans(3).withSeed(3).fit(TRAIN);
        KMeans.Model loaded = roundTrip(m);
        assertEquals(m.centers(), loaded.centers());
        assertArrayEquals(m.labels(), loaded.labels());
        assertEquals(m.inertia(), loaded.inertia());
        assertEquals(m.nIter(), loaded.nIter());
        assertArrayEquals(m.predict(NEW), loaded.predict(NEW));
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void gaussianMixturePredictsIdentically(CovarianceType type) {
        GaussianMixture.Model m = new GaussianMixture(3).withCovarianceType(type).withSeed(4).fit(TRAIN);
        GaussianMixture.Model loaded = roundTrip(m);
        assertEquals(type, loaded.covarianceType());
        assertArrayEquals(m.weights(), loaded.weights());
        assertArrayEquals(m.covariances(), loaded.covariances());
        assertArrayEquals(m.parameters().precisionCholesky(), loaded.parameters().precisionCholesky());
        assertEquals(m.means(), loaded.means());
        assertEquals(m.logLikelihood(), loaded.logLikelihood());
        assertArrayEquals(m.labels(), loaded.labels());
        assertArrayEquals(m.predict(NEW), loaded.predict(NEW));
        assertEquals(m.predictProba(NEW), loaded.predictProba(NEW));
        assertArrayEquals(m.scoreSamples(NEW), loaded.scoreSamples(NEW));
    }

    @Test
    void pipelineIsAFolderOfParts() throws IOException {
        StandardScaler.Model scaler = new StandardScaler().fit(TRAIN);
        Dataset scaled = scaler.transform(TRAIN);
        Pca.Model pca = new Pca(2).fit(scaled);
        GaussianMixture.Model gmm = new GaussianMixture(3).fit(pca.transform(scaled));
        FittedPipeline p = new FittedPipeline(List.of(scaler, pca), gmm);
        Path target = dir.resolve("pipeline");
        ModelStore.save(p, target);
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(List.of("clusterer", "model.json", "transform-0", "transform-1"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        FittedPipeline loaded = assertInstanceOf(FittedPipeline.class, ModelStore.load(target));
        assertArrayEquals(gmm.labels(), p.predict(TRAIN));
        assertArrayEquals(p.predict(NEW), loaded.predict(NEW));
        assertEquals(p.transform(NEW).features(), loaded.transform(NEW).features());
        String json = Files.readString(target.resolve("model.json"));
        assertTrue(json.contains("\"type\" : \"pipeline\"") && json.contains("\"format_version\" : 1"), json);
    }

    @Test
    void savingReplacesAnEarlierModelAndLeavesNoTemporaryFolder() throws IOException {
        Path target = dir.resolve("m");
        ModelStore.save(new KMeans(2).fit(TRAIN), target);
        ModelStore.save(new StandardScaler().fit(TRAIN), target);
        assertInstanceOf(StandardScaler.Model.class, ModelStore.load(target));
        assertFalse(Files.exists(target.resolve("centers.npy")), "no file of the earlier model is left");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("m"), files.map(f -> f.getFileName().toString()).toList());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelStore.save("not a model", dir.resolve("x")));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void newerFormatVersionIsRefused() throws IOException {
        Path target = dir.resolve("m");
        ModelStore.save(new StandardScaler().fit(TRAIN), target);
        Path json = target.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"format_version\" : 1", "\"format_version\" : 2"));
        DataException e = assertThrows(DataException.class, () -> ModelStore.load(target));
        assertEquals(json, e.file());
        assertEquals("format_version", e.field());
        assertTrue(e.getMessage().contains("newer than this latentkit reads"), e.getMessage());
    }

    @Test
    void missingArraysShapesAndTypesAreNamed() throws IOException {
        Path target = dir.resolve("m");
        Pca.Model pca = new Pca(2).fit(TRAIN);
        ModelStore.save(pca, target);
        Path json = target.resolve("model.json");
        String original = Files.readString(json);

        Files.delete(target.resolve("components.npy"));
        DataException missingFile = assertThrows(DataException.class, () -> ModelStore.load(target));
        assertEquals(target.resolve("components.npy"), missingFile.file());
        assertEquals("components", missingFile.field());
        ModelStore.save(pca, target);

        Files.writeString(json, original.replace("\"mean\" : \"mean.npy\",", ""));
        DataException missingKey = assertThrows(DataException.class, () -> ModelStore.load(target));
        assertEquals(json, missingKey.file());
        assertEquals("arrays.mean", missingKey.field());

        Files.writeString(json, original.replace("\"n_components\" : 2", "\"n_components\" : 3"));
        DataException shape = assertThrows(DataException.class, () -> ModelStore.load(target));
        assertEquals(target.resolve("components.npy"), shape.file());
        assertEquals("components", shape.field());
        assertTrue(shape.getMessage().contains("shape (2, 6) does not match the expected (3, 6)"), shape.getMessage());

        Files.writeString(json, original.replace("\"type\" : \"pca\"", "\"type\" : \"optics\""));
        assertEquals("type", assertThrows(DataException.class, () -> ModelStore.load(target)).field());
        assertEquals("type", assertThrows(DataException.class,
                () -> ModelStore.load(dir.resolve("m"), KMeans.Model.class)).field());
        DataException none = assertThrows(DataException.class, () -> ModelStore.load(dir));
        assertTrue(none.getMessage().contains("no saved model here"), none.getMessage());
    }
}
