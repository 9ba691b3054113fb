package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormat;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Labels;
import io.latentkit.data.ReadResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IDX files, the format of MNIST and Fashion-MNIST: the image file gives one row per item with its pixels
 * flattened row-major as raw values (0..255 for bytes, not rescaled); labels come from {@link InputSpec#labelsPath()}
 * or, when that is not given, from a sibling {@code *-labels-idx1-ubyte[.gz]} of a {@code *-images-idx3-ubyte[.gz]}
 * file. Gzip is recognised by content. Reading only: {@link #write} throws {@link UnsupportedOperationException}.
 */
public final class IdxFormat implements DatasetFormat {
    private static final Pattern IMAGES_NAME = Pattern.compile("(.*)-images-idx3-ubyte(\\.gz)?");

    @Override
    public String name() {
        return "idx";
    }

    @Override
    public List<String> extensions() {
        return List.of(".idx", ".idx.gz", ".idx1-ubyte", ".idx3-ubyte", "-ubyte", "-ubyte.gz");
    }

    @Override
    public ReadResult read(InputSpec spec) {
        Path imagesFile = spec.path();
        IdxArray images = IdxArray.read(imagesFile);
        Path labelsFile = spec.labelsPath() != null ? spec.labelsPath() : siblingLabels(imagesFile);
        int[] labels = labelsFile == null ? null : readLabels(labelsFile, imagesFile, images.items());
        RowCollector rows = new RowCollector(imagesFile, spec.dropNonFinite(), false, false, 0);
        int cols = images.itemSize();
        float[] row = new float[cols];
        for (int i = 0; i < images.items(); i++) {
            System.arraycopy(images.values(), i * cols, row, 0, cols);
            rows.addRow(row, cols, "record " + i, j -> "px" + j);
        }
        Dataset.Builder builder = rows.builder(cols, RowCollector.numberedNames("px", cols), List.of(),
                "the file holds no items");
        if (labels != null) {
            builder.labels(Labels.fromInts(labels).select(rows.keptRows()));
        }
        return rows.result(builder.build());
    }

    /** Not supported: IDX is read as published benchmark data; write CSV, NumPy or JSON Lines instead. */
    @Override
    public void write(Dataset data, Path path) {
        throw new UnsupportedOperationException("writing IDX files is not supported; write csv, npy or jsonl instead");
    }

    private static int[] readLabels(Path labelsFile, Path imagesFile, int imageCount) {
        IdxArray labels = IdxArray.read(labelsFile);
        if (labels.itemSize() != 1) {
            throw new DataException(labelsFile, null, null, "a label file must be one-dimensional, this one has "
                    + labels.itemSize() + " values per item");
        }
        if (labels.items() != imageCount) {
            throw new DataException(imagesFile, null, null, "the images file has " + imageCount
                    + " items but the labels file " + labelsFile + " has " + labels.items());
        }
        int[] codes = new int[labels.items()];
        for (int i = 0; i < codes.length; i++) {
            float value = labels.values()[i];
            if (value < 0 || value != Math.rint(value)) {
                throw new DataException(labelsFile, "record " + i, null, "label " + value
                        + " is not a non-negative integer");
            }
            codes[i] = (int) value;
        }
        return codes;
    }

    /** For {@code x-images-idx3-ubyte[.gz]}: the existing {@code x-labels-idx1-ubyte[.gz]} beside it, or null. */
    static Path siblingLabels(Path imagesFile) {
        Matcher name = IMAGES_NAME.matcher(imagesFile.getFileName().toString());
        if (!name.matches()) {
            return null;
        }
        String base = name.group(1) + "-labels-idx1-ubyte";
        List<String> candidates = name.group(2) != null ? List.of(base + ".gz", base) : List.of(base, base + ".gz");
        return candidates.stream()
                .map(imagesFile::resolveSibling)
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
    }
}
