package io.latentkit.data.format;

/**
 * Parses decimal text to float32 with {@link Float#parseFloat} results (so a value written with
 * {@link Float#toString} reads back bit for bit), additionally accepting "nan", "inf" and "infinity" in any case.
 * Short decimals take an exact fast path because parsing dominates the time to read large text files.
 */
final class NumberText {
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int MAX_EXACT_POWER = POWERS_OF_TEN.length - 1;
    private static final long EXACT_MANTISSA_LIMIT = 1L << 53;
    private static final int EXTRA_BITS = 52 - 23;
    private static final long EXTRA_BITS_MASK = (1L << EXTRA_BITS) - 1;
    private static final long HALF_FLOAT_ULP = 1L << (EXTRA_BITS - 1);

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
     * Digits with an optional sign, point and exponent, evaluated as one correctly rounded double operation on
     * exact operands. Narrowing that double to float rounds correctly unless it lies exactly halfway between two
     * floats (every such midpoint is a double, so the true value is on the same side as the double). Returns NaN
     * when the text needs the general parser.
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
        if (i != end || exponent < -MAX_EXACT_POWER || exponent > MAX_EXACT_POWER) {
            return Float.NaN;
        }
        double value = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
        if (value != 0 && (value < Float.MIN_NORMAL || value > Float.MAX_VALUE || isFloatMidpoint(value))) {
            return Float.NaN;
        }
        float rounded = (float) value;
        return negative ? -rounded : rounded;
    }

    /** Whether the double's bits beyond float precision are exactly one half of a float ulp. */
    private static boolean isFloatMidpoint(double value) {
        return (Double.doubleToRawLongBits(value) & EXTRA_BITS_MASK) == HALF_FLOAT_ULP;
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
