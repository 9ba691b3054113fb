package io.latentkit.deep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading and writing the parameter maps of specs and settings, with errors that name the field. */
final class Specs {
    private Specs() {
    }

    static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String id, String field) {
        for (E e : type.getEnumConstants()) {
            if (id(e).equals(id)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(id(e));
        }
        throw new IllegalArgumentException(field + ": unknown value '" + id + "' (known: " + String.join(", ", known) + ")");
    }

    static Object value(Map<String, ?> map, String field) {
        Object v = map.get(field);
        if (v == null) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return v;
    }

    static int integer(Map<String, ?> map, String field) {
        Object v = value(map, field);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
            throw new IllegalArgumentException(field + ": expected an integer, got " + v);
        }
        return ((Number) v).intValue();
    }

    /** A number; non-finite values may also be written as the strings "NaN", "Infinity" and "-Infinity". */
    static double real(Map<String, ?> map, String field) {
        Object v = value(map, field);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
            return Double.parseDouble(s);
        }
        throw new IllegalArgumentException(field + ": expected a number, got " + v);
    }

    static boolean bool(Map<String, ?> map, String field) {
        if (!(value(map, field) instanceof Boolean b)) {
            throw new IllegalArgumentException(field + ": expected true or false, got " + map.get(field));
        }
        return b;
    }

    static String text(Map<String, ?> map, String field) {
        if (!(value(map, field) instanceof String s)) {
            throw new IllegalArgumentException(field + ": expected a string, got " + map.get(field));
        }
        return s;
    }

    static List<Integer> integers(Map<String, ?> map, String field) {
        if (!(value(map, field) instanceof List<?> list)) {
            throw new IllegalArgumentException(field + ": expected a list of integers, got " + map.get(field));
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Integer i)) {
                throw new IllegalArgumentException(field + ": expected a list of integers, got " + list);
            }
            out.add(i);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, ?> map, String field) {
        if (!(value(map, field) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(field + ": expected an object, got " + map.get(field));
        }
        return (Map<String, Object>) m;
    }

    /** A double for a parameter map: finite values as numbers, others as text (JSON has no NaN or infinity). */
    static Object json(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }
}
