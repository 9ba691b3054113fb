package io.latentkit.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentkit.cluster.Agglomerative;
import io.latentkit.cluster.Dbscan;
import io.latentkit.cluster.Hdbscan;
import io.latentkit.cluster.Linkage;
import io.latentkit.compute.Metric;
import io.latentkit.data.Dataset;
import io.latentkit.data.Matrix;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DensityModelStoreTest {
    @TempDir
    Path dir;

    private static Dataset points(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() + (i / 3 % 2) * 6);
        }
        return Dataset.of(new Matrix(n, 3, v));
    }

    @Test
    void dbscanAndAgglomerativeModelsPredictIdenticallyAfterLoading() {
        Dataset train = points(200, 1);
        Dataset fresh = points(100, 2);
        Dbscan.Model dbscan = new Dbscan(0.3, 4, Metric.COSINE).fit(train);
        ModelStore.save(dbscan, dir.resolve("dbscan"));
        Dbscan.Model dbscanLoaded = ModelStore.load(dir.resolve("dbscan"), Dbscan.Model.class);
        assertArrayEquals(dbscan.labels(), dbscanLoaded.labels());
        assertArrayEquals(dbscan.coreSampleIndices(), dbscanLoaded.coreSampleIndices());
        assertArrayEquals(dbscan.predict(fresh), dbscanLoaded.predict(fresh));
        assertEquals(dbscan.metric(), dbscanLoaded.metric());

        Agglomerative.Model tree = new Agglomerative(2).withLinkage(Linkage.COMPLETE).fit(train);
        ModelStore.save(tree, dir.resolve("tree"));
        Agglomerative.Model treeLoaded = ModelStore.load(dir.resolve("tree"), Agglomerative.Model.class);
        assertEquals(tree.linkage(), treeLoaded.linkage());
        assertArrayEquals(tree.tree().children(), treeLoaded.tree().children());
        assertArrayEquals(tree.tree().distances(), treeLoaded.tree().distances());
        assertArrayEquals(tree.predict(fresh), treeLoaded.predict(fresh));
    }

    @Test
    void hdbscanModelPredictsIdenticallyAfterLoading() {
        Dataset train = points(200, 1);
        Dataset fresh = points(100, 2);
        Hdbscan.Model m = new Hdbscan(10).withMetric(Metric.COSINE).fit(train);
        ModelStore.save(m, dir.resolve("hdbscan"));
        Hdbscan.Model loaded = ModelStore.load(dir.resolve("hdbscan"), Hdbscan.Model.class);
        assertArrayEquals(m.labels(), loaded.labels());
        assertArrayEquals(m.probabilities(), loaded.probabilities());
        assertArrayEquals(m.outlierScores(), loaded.outlierScores());
        assertArrayEquals(m.condensedTree().lambda(), loaded.condensedTree().lambda());
        assertEquals(m.metric(), loaded.metric());
        Hdbscan.Prediction p = m.approximatePredict(fresh);
        Hdbscan.Prediction q = loaded.approximatePredict(fresh);
        assertArrayEquals(p.labels(), q.labels());
        assertArrayEquals(p.probabilities(), q.probabilities());
    }
}
