package io.latentkit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every {@link DatasetFormat} on the class path, found with {@link ServiceLoader}, looked up by name or by file
 * name ending; the one entry point for reading and writing datasets whatever their format.
 */
public final class DatasetFormats {
    private DatasetFormats() {
    }

    /** The installed formats by name, loaded once. */
    private static final class Installed {
        static final Map<String, DatasetFormat> BY_NAME = load();

        private static Map<String, DatasetFormat> load() {
            Map<String, DatasetFormat> formats = new LinkedHashMap<>();
            for (DatasetFormat format : ServiceLoader.load(DatasetFormat.class, DatasetFormat.class.getClassLoader())) {
                DatasetFormat earlier = formats.putIfAbsent(format.name().toLowerCase(Locale.ROOT), format);
                if (earlier != null) {
                    throw new IllegalStateException("two formats are named '" + format.name() + "': "
                            + earlier.getClass().getName() + " and " + format.getClass().getName());
                }
            }
            return formats;
        }
    }

    /** Names of the installed formats, e.g. [csv, tsv, npy, jsonl, idx]. */
    public static List<String> names() {
        return List.copyOf(Installed.BY_NAME.keySet());
    }

    /** The format with this name (case-insensitive); a DataException listing the known names otherwise. */
    public static DatasetFormat forName(String name) {
        DatasetFormat format = Installed.BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (format == null) {
            throw new DataException(null, null, null, "unknown format '" + name + "'; known formats: " + known());
        }
        return format;
    }

    /**
     * The format claiming the longest ending of the file name (so ".csv.gz" wins over ".gz"); a DataException
     * listing the known formats and their endings when none does.
     */
    public static DatasetFormat forPath(Path path) {
        String fileName = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Installed.BY_NAME.values().stream()
                .flatMap(format -> format.extensions().stream()
                        .filter(fileName::endsWith)
                        .map(ending -> Map.entry(ending.length(), format)))
                .max(Comparator.comparingInt(Map.Entry::getKey))
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new DataException(path, null, null,
                        "cannot tell the format from the file name; give it explicitly. Known formats: " + known()));
    }

    /** Reads with the format named in the spec, or the one inferred from the file name. */
    public static ReadResult read(InputSpec spec) {
        ReadResult read = resolve(spec.format(), spec.path()).read(spec);
        if (spec.classNames().isEmpty()) {
            return read;
        }
        Dataset data = read.dataset();
        Labels labels = data.labels().orElseThrow(() ->
                new DataException(spec.path(), null, "class_names", "class names were given but the input has no labels"));
        if (labels.classes().size() != spec.classNames().size()) {
            throw new DataException(spec.path(), null, "class_names", spec.classNames().size() + " class names given for "
                    + labels.classes().size() + " classes " + labels.classes());
        }
        return new ReadResult(data.withLabels(new Labels(labels.codes(), spec.classNames())), read.dropped());
    }

    /** Writes with the named format, or the one inferred from the file name when {@code formatOrNull} is null. */
    public static void write(Dataset data, Path path, String formatOrNull) {
        resolve(formatOrNull, path).write(data, path);
    }

    private static DatasetFormat resolve(String formatOrNull, Path path) {
        return formatOrNull == null || formatOrNull.isBlank() ? forPath(path) : forName(formatOrNull);
    }

    private static String known() {
        List<String> described = new ArrayList<>();
        Installed.BY_NAME.values().forEach(f -> described.add(f.name() + " (" + String.join(", ", f.extensions()) + ")"));
        return String.join("; ", described);
    }
}
