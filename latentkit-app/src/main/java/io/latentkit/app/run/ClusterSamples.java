package io.latentkit.app.run;

import io.latentkit.data.AtomicFiles;
import io.latentkit.data.Dataset;
import io.latentkit.data.Labels;
import io.latentkit.estimator.Clustering;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What is in each cluster, for a person to read (seed 000's table 1): a few items drawn at random (seeded) from every
 * cluster, with their label and metadata. cluster_samples.csv has one row per drawn item; cluster_samples.md is the
 * same as a table with one row per cluster, each item shown by its first metadata column (else its id).
 */
public final class ClusterSamples {
    private ClusterSamples() {
    }

    /**
     * @param dir        the clusterer's run folder
     * @param items      the clustered items (ids, labels, metadata)
     * @param clusters   cluster per item, {@link Clustering#NOISE} for noise (listed as cluster -1)
     * @param perCluster items drawn per cluster (all of a smaller cluster)
     */
    public static void write(Path dir, Dataset items, int[] clusters, int perCluster, long seed) {
        Map<Integer, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < clusters.length; i++) {
            members.computeIfAbsent(clusters[i], c -> new ArrayList<>()).add(i);
        }
        Labels labels = items.labels().orElse(null);
        Map<String, List<String>> metadata = items.metadata();
        List<String> shown = metadata.isEmpty() ? items.ids() : metadata.values().iterator().next();
        SplittableRandom random = new SplittableRandom(seed);

        List<String> header = new ArrayList<>(List.of("cluster", "size", "sample", "id"));
        if (labels != null) {
            header.add("label");
        }
        header.addAll(metadata.keySet());
        StringBuilder csv = new StringBuilder(Csv.row(header));
        StringBuilder md = new StringBuilder("| cluster | size |");
        for (int s = 1; s <= perCluster; s++) {
            md.append(" item ").append(s).append(" |");
        }
        md.append('\n').append("|--:|--:|").append("---|".repeat(perCluster)).append('\n');
        members.forEach((cluster, list) -> {
            List<Integer> drawn = draw(list, perCluster, random);
            md.append("| ").append(cluster == Clustering.NOISE ? "noise" : cluster.toString()).append(" | ")
                    .append(list.size()).append(" |");
            for (int s = 0; s < drawn.size(); s++) {
                int i = drawn.get(s);
                List<String> row = new ArrayList<>(List.of(cluster.toString(), Integer.toString(list.size()),
                        Integer.toString(s + 1), items.ids().get(i)));
                if (labels != null) {
                    row.add(labels.code(i) == Labels.UNKNOWN ? "" : labels.name(i));
                }
                metadata.values().forEach(column -> row.add(column.get(i)));
                csv.append(Csv.row(row));
                md.append(' ').append(cell(shown.get(i), labels == null || labels.code(i) == Labels.UNKNOWN ? null
                        : labels.name(i))).append(" |");
            }
            md.append(" |".repeat(perCluster - drawn.size())).append('\n');
        });
        AtomicFiles.writeString(dir.resolve("cluster_samples.csv"), csv.toString());
        AtomicFiles.writeString(dir.resolve("cluster_samples.md"), md.toString());
    }

    /** A seeded partial Fisher-Yates shuffle: up to {@code m} distinct members, in draw order. */
    private static List<Integer> draw(List<Integer> list, int m, SplittableRandom random) {
        List<Integer> pool = new ArrayList<>(list);
        int take = Math.min(m, pool.size());
        for (int s = 0; s < take; s++) {
            int j = s + random.nextInt(pool.size() - s);
            Integer t = pool.get(s);
            pool.set(s, pool.get(j));
            pool.set(j, t);
        }
        return pool.subList(0, take);
    }

    private static String cell(String text, String label) {
        String t = text.replace("|", "\\|").replace('\n', ' ');
        return label == null ? t : t + " (" + label.replace("|", "\\|") + ")";
    }
}
