package io.latentkit.data.format;

/**
 * Parses decimal text to float32 with {@link Float#parseFloat} results (so a value written with
 * {@link Float#toString} reads back bit for bit), additionally accepting "nan", "inf" and "infinity" in any case.
 * Short decimals take an exact fast path because parsing dominates the time to read large text files.
 */
final class NumberText {
    private static final float[] POWERS_OF_TEN = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final long EXACT_MANTISSA_LIMIT = 1L << 24;

    private NumberText() {
    }

    static float parse(String text) {
        return parse(text.toCharArray(), 0, text.length());
    }

    /** @throws NumberFormatException when the text is not a number */
    static float parse(char[] chars, int offset, int length) {
        int start = offset;
        int end = offset + length;
        while (start < end && Character.isWhitespace(chars[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(chars[end - 1])) {
            end--;
        }
        if (start == end) {
            throw new NumberFormatException("empty value");
        }
        float fast = parseShortDecimal(chars, start, end);
        if (!Float.isNaN(fast)) {
            return fast;
        }
        float special = parseNonFinite(chars, start, end);
        if (!Float.isNaN(special) || isNan(chars, start, end)) {
            return special;
        }
        return Float.parseFloat(new String(chars, start, end - start));
    }

    /**
     * Digits with an optional sign, point and exponent whose value is exactly one float multiplication or division
     * away from an exact integer: correctly rounded. Returns NaN when the text needs the general parser.
     */
    private static float parseShortDecimal(char[] c, int start, int end) {
        int i = start;
        boolean negative = c[i] == '-';
        if (c[i] == '-' || c[i] == '+') {
            i++;
        }
        long mantissa = 0;
        int exponent = 0;
        int digits = 0;
        for (; i < end && c[i] >= '0' && c[i] <= '9'; i++, digits++) {
            mantissa = mantissa * 10 + (c[i] - '0');
            if (mantissa >= EXACT_MANTISSA_LIMIT) {
                return Float.NaN;
            }
        }
        if (i < end && c[i] == '.') {
            for (i++; i < end && c[i] >= '0' && c[i] <= '9'; i++, digits++) {
                mantissa = mantissa * 10 + (c[i] - '0');
                exponent--;
                if (mantissa >= EXACT_MANTISSA_LIMIT) {
                    return Float.NaN;
                }
            }
        }
        if (digits == 0) {
            return Float.NaN;
        }
        if (i < end && (c[i] == 'e' || c[i] == 'E')) {
            i++;
            boolean negativeExponent = i < end && c[i] == '-';
            if (i < end && (c[i] == '-' || c[i] == '+')) {
                i++;
            }
            int written = 0;
            int exponentDigits = 0;
            for (; i < end && c[i] >= '0' && c[i] <= '9' && exponentDigits < 4; i++, exponentDigits++) {
                written = written * 10 + (c[i] - '0');
            }
            if (exponentDigits == 0) {
                return Float.NaN;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (i != end || exponent < -10 || exponent > 10) {
            return Float.NaN;
        }
        float value = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
        return negative ? -value : value;
    }

    /** ±infinity for "inf"/"infinity" spellings, NaN otherwise (callers tell a real "nan" apart with isNan). */
    private static float parseNonFinite(char[] c, int start, int end) {
        boolean negative = c[start] == '-';
        int i = c[start] == '-' || c[start] == '+' ? start + 1 : start;
        String word = new String(c, i, end - i);
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        return Float.NaN;
    }

    private static boolean isNan(char[] c, int start, int end) {
        int i = c[start] == '-' || c[start] == '+' ? start + 1 : start;
        return end - i == 3 && new String(c, i, 3).equalsIgnoreCase("nan");
    }
}
