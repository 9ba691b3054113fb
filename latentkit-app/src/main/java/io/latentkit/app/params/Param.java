package io.latentkit.app.params;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One named setting of a config section or a step, with its type, default and allowed range. Steps declare their
 * parameters as a list of these, so validation, defaults and error messages are written once for all of them.
 *
 * @param name         the snake_case key
 * @param kind         the value type
 * @param defaultValue the value when the key is absent (null: none, see {@code required})
 * @param required     whether the key must be given
 * @param min          smallest allowed value of a number
 * @param choices      allowed values of a {@link Kind#CHOICE}, lower case
 */
public record Param(String name, Kind kind, Object defaultValue, boolean required, double min, List<String> choices) {
    /**
     * Value types; values are held as Integer, Long, Double, Boolean, String or List&lt;String&gt;; a
     * {@code REAL_OR_AUTO} holds a Double or the text {@value #AUTO}.
     */
    public enum Kind { INT, LONG, REAL, REAL_OR_AUTO, BOOL, TEXT, CHOICE, TEXT_LIST, INT_LIST, INT_LISTS }

    /** The value of a {@link Kind#REAL_OR_AUTO} that asks the step to choose. */
    public static final String AUTO = "auto";

    public Param {
        choices = List.copyOf(choices);
    }

    public static Param integer(String name, int defaultValue, int min) {
        return new Param(name, Kind.INT, defaultValue, false, min, List.of());
    }

    public static Param requiredInteger(String name, int min) {
        return new Param(name, Kind.INT, null, true, min, List.of());
    }

    public static Param longInteger(String name, long defaultValue) {
        return new Param(name, Kind.LONG, defaultValue, false, Long.MIN_VALUE, List.of());
    }

    /** A whole number without a default (null when absent), such as a seed that is inherited when not given. */
    public static Param optionalLong(String name) {
        return new Param(name, Kind.LONG, null, false, Long.MIN_VALUE, List.of());
    }

    public static Param optionalInteger(String name, int min) {
        return new Param(name, Kind.INT, null, false, min, List.of());
    }

    public static Param real(String name, double defaultValue, double min) {
        return new Param(name, Kind.REAL, defaultValue, false, min, List.of());
    }

    /** A required number of at least {@code min}, or {@value #AUTO} for a value the step chooses from the data. */
    public static Param requiredRealOrAuto(String name, double min) {
        return new Param(name, Kind.REAL_OR_AUTO, null, true, min, List.of());
    }

    public static Param bool(String name, boolean defaultValue) {
        return new Param(name, Kind.BOOL, defaultValue, false, 0, List.of());
    }

    public static Param text(String name, String defaultValue) {
        return new Param(name, Kind.TEXT, defaultValue, false, 0, List.of());
    }

    public static Param requiredText(String name) {
        return new Param(name, Kind.TEXT, null, true, 0, List.of());
    }

    public static Param textList(String name) {
        return new Param(name, Kind.TEXT_LIST, List.of(), false, 0, List.of());
    }

    /** A list of whole numbers, each at least {@code min} (e.g. hidden layer sizes). */
    public static Param integerList(String name, List<Integer> defaultValue, int min) {
        return new Param(name, Kind.INT_LIST, List.copyOf(defaultValue), false, min, List.of());
    }

    /** A list of lists of whole numbers, each at least {@code min} (e.g. candidate layer sizes); default empty. */
    public static Param integerLists(String name, int min) {
        return new Param(name, Kind.INT_LISTS, List.of(), false, min, List.of());
    }

    public static Param choice(String name, String defaultValue, String... allowed) {
        return new Param(name, Kind.CHOICE, defaultValue, false, 0, List.of(allowed));
    }

    /** Converts a config value, or fails naming {@code path} (e.g. "cluster[0].k"). */
    public Object read(JsonNode value, String source, String path) {
        if (value == null || value.isNull()) {
            if (required) {
                throw new ConfigException(source, path, "is required");
            }
            return defaultValue;
        }
        return switch (kind) {
            case INT -> (int) checkMin(wholeNumber(value, source, path, Integer.MIN_VALUE, Integer.MAX_VALUE), source, path);
            case LONG -> (long) checkMin(wholeNumber(value, source, path, Long.MIN_VALUE, Long.MAX_VALUE), source, path);
            case REAL -> {
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw bad(value, "a number", source, path);
                }
                yield checkMin(value.doubleValue(), source, path);
            }
            case REAL_OR_AUTO -> {
                if (value.isTextual() && value.textValue().equals(AUTO)) {
                    yield AUTO;
                }
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw bad(value, "a number or '" + AUTO + "'", source, path);
                }
                yield checkMin(value.doubleValue(), source, path);
            }
            case BOOL -> {
                if (!value.isBoolean()) {
                    throw bad(value, "true or false", source, path);
                }
                yield value.booleanValue();
            }
            case TEXT -> text(value, source, path);
            case CHOICE -> {
                String v = text(value, source, path).toLowerCase(Locale.ROOT);
                if (!choices.contains(v)) {
                    throw new ConfigException(source, path, "must be one of " + String.join(", ", choices)
                            + ", got '" + value.asText() + "'");
                }
                yield v;
            }
            case TEXT_LIST -> {
                if (!value.isArray()) {
                    throw bad(value, "a list of strings", source, path);
                }
                List<String> out = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    out.add(text(value.get(i), source, path + "[" + i + "]"));
                }
                yield List.copyOf(out);
            }
            case INT_LIST -> integers(value, source, path);
            case INT_LISTS -> {
                if (!value.isArray()) {
                    throw bad(value, "a list of lists of whole numbers, e.g. [[768], [768, 512, 256]]", source, path);
                }
                List<List<Integer>> out = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    out.add(integers(value.get(i), source, path + "[" + i + "]"));
                }
                yield List.copyOf(out);
            }
        };
    }

    private List<Integer> integers(JsonNode value, String source, String path) {
        if (!value.isArray()) {
            throw bad(value, "a list of whole numbers", source, path);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String at = path + "[" + i + "]";
            out.add((int) checkMin(wholeNumber(value.get(i), source, at, Integer.MIN_VALUE, Integer.MAX_VALUE),
                    source, at));
        }
        return List.copyOf(out);
    }

    private double checkMin(double v, String source, String path) {
        if (v < min) {
            throw new ConfigException(source, path, "must be >= " + format(min) + ", got " + format(v));
        }
        return v;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static double wholeNumber(JsonNode value, String source, String path, double lo, double hi) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < lo || value.longValue() > hi) {
            throw bad(value, "a whole number", source, path);
        }
        return value.longValue();
    }

    private static String text(JsonNode value, String source, String path) {
        if (value.isNumber()) {
            return value.asText();
        }
        if (!value.isTextual()) {
            throw bad(value, "a string", source, path);
        }
        return value.textValue();
    }

    private static ConfigException bad(JsonNode value, String expected, String source, String path) {
        String shown = value.isTextual() ? "'" + value.textValue() + "'" : value.isContainerNode()
                ? (value.isArray() ? "a list" : "a mapping") : value.toString();
        return new ConfigException(source, path, "must be " + expected + ", got " + shown);
    }
}
