package io.latentkit.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Well-separated Gaussian blobs written as CSV (id, class, x0..x{d-1}) for end-to-end tests. */
final class Blobs {
    static final int PER_CLASS = 40;
    static final int CLASSES = 3;
    static final int DIMS = 4;

    private Blobs() {
    }

    static Path writeCsv(Path dir) {
        Random random = new Random(7);
        StringBuilder s = new StringBuilder("id,class");
        for (int j = 0; j < DIMS; j++) {
            s.append(",x").append(j);
        }
        s.append('\n');
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < PER_CLASS; i++) {
                s.append("item-").append(c).append('-').append(i).append(",class-").append((char) ('a' + c));
                for (int j = 0; j < DIMS; j++) {
                    double centre = j == c ? 10 : 0;
                    s.append(String.format(Locale.ROOT, ",%.5f", centre + random.nextGaussian() * 0.5));
                }
                s.append('\n');
            }
        }
        Path file = dir.resolve("blobs.csv");
        try {
            Files.writeString(file, s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
