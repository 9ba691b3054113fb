package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    @Test
    void scoresEachCandidateOnEveryFoldAndPicksTheLowestMean() {
        Dataset data = Dataset.of(TestData.lowRank(90, 12, 3, 4));
        NetworkSpec tooNarrow = new DenseNetwork(List.of(), 1);
        NetworkSpec wideEnough = new DenseNetwork(List.of(), 3);
        Autoencoder base = new Autoencoder(tooNarrow).withTraining(Training.defaults().withEpochs(40).withBatchSize(16)
                .withLearningRate(1e-2)).withSeed(3);
        CrossValidation.Result r = new CrossValidation(List.of(tooNarrow, wideEnough), 3, base).run(data);
        assertEquals(2, r.scores().size());
        for (CrossValidation.Score s : r.scores()) {
            assertEquals(3, s.foldLosses().size());
            double mean = s.foldLosses().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double var = s.foldLosses().stream().mapToDouble(l -> (l - mean) * (l - mean)).sum() / 3;
            assertEquals(mean, s.mean(), 1e-12);
            assertEquals(Math.sqrt(var), s.std(), 1e-12);
        }
        // Rank-3 data: a 1-d code loses most of the variance, a 3-d one hardly any.
        assertSame(r.scores().get(1), r.best());
        assertTrue(r.scores().get(0).mean() > 3 * r.scores().get(1).mean(), r.toString());
        assertEquals(r, new CrossValidation(List.of(tooNarrow, wideEnough), 3, base).run(data), "seeded");
    }
}
