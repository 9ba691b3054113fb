package io.latentkit.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetFormatsTest {
    @Test
    void findsEveryBundledFormat() {
        assertTrue(DatasetFormats.names().containsAll(List.of("csv", "tsv", "npy", "jsonl", "idx")),
                DatasetFormats.names().toString());
        assertEquals("tsv", DatasetFormats.forName("TSV").name());
    }

    @Test
    void infersFormatFromTheLongestMatchingEnding() {
        assertEquals("csv", DatasetFormats.forPath(Path.of("a/b.CSV.gz")).name());
        assertEquals("jsonl", DatasetFormats.forPath(Path.of("b.ndjson")).name());
        assertEquals("idx", DatasetFormats.forPath(Path.of("t10k-images-idx3-ubyte.gz")).name());
        assertEquals("idx", DatasetFormats.forPath(Path.of("train-labels.idx1-ubyte")).name());
        assertEquals("npy", DatasetFormats.forPath(Path.of("emb.npy")).name());
    }

    @Test
    void unknownFormatOrEndingListsTheKnownFormats() {
        DataException byName = assertThrows(DataException.class, () -> DatasetFormats.forName("xlsx"));
        assertTrue(byName.getMessage().contains("csv") && byName.getMessage().contains("idx"), byName.getMessage());
        DataException byPath = assertThrows(DataException.class, () -> DatasetFormats.forPath(Path.of("x.gz")));
        assertTrue(byPath.getMessage().contains("jsonl (.jsonl"), byPath.getMessage());
    }

    @Test
    void classNamesReplaceTheNumbersOfTheLabelFile() {
        Path images = Path.of("..", "data", "fashion-mnist", "t10k-images-idx3-ubyte.gz");
        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot");
        Labels labels = DatasetFormats.read(InputSpec.of(images).withClassNames(names)).dataset().labels().orElseThrow();
        assertEquals("Ankle boot", labels.name(0), "the first test image is an ankle boot (label 9)");
        DataException wrongCount = assertThrows(DataException.class,
                () -> DatasetFormats.read(InputSpec.of(images).withClassNames(names.subList(0, 9))));
        assertTrue(wrongCount.getMessage().contains("field 'class_names': 9 class names given for 10 classes"),
                wrongCount.getMessage());
    }
}
