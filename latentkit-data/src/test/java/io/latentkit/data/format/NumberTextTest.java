package io.latentkit.data.format;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumberTextTest {
    @Test
    void agreesWithFloatParseFloatBitForBit() {
        Random random = new Random(42);
        for (int k = 0; k < 300_000; k++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                assertSame(Float.toString(f));
            }
            assertSame(Float.toString((float) random.nextGaussian()));
            assertSame(Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15)));
            assertSame(random.nextInt(2_000_000) - 1_000_000 + "." + random.nextInt(1000) + "e" + (random.nextInt(40) - 20));
        }
    }

    @Test
    void roundsHalfwayCasesLikeParseFloat() {
        // 1 + 2^-24 is exactly halfway between 1 and the next float; ties go to even
        assertSame("1.000000059604644775390625");
        assertSame("16777217");
        assertSame("16777219");
        assertSame("3.4028235e38");
        assertSame("3.4028236e38");
        assertSame("1.17549435E-38");
        assertSame("-0.0");
    }

    @Test
    void recognisesNonFiniteSpellings() {
        assertTrue(Float.isNaN(NumberText.parse("nan")));
        assertTrue(Float.isNaN(NumberText.parse(" NaN ")));
        assertEquals(Float.POSITIVE_INFINITY, NumberText.parse("inf"));
        assertEquals(Float.NEGATIVE_INFINITY, NumberText.parse("-Infinity"));
        assertEquals(Float.POSITIVE_INFINITY, NumberText.parse("+INF"));
        assertThrows(NumberFormatException.class, () -> NumberText.parse("abc"));
        assertThrows(NumberFormatException.class, () -> NumberText.parse(""));
        assertThrows(NumberFormatException.class, () -> NumberText.parse("1.2.3"));
    }

    private static void assertSame(String text) {
        assertEquals(Float.floatToRawIntBits(Float.parseFloat(text)), Float.floatToRawIntBits(NumberText.parse(text)), text);
    }
}
