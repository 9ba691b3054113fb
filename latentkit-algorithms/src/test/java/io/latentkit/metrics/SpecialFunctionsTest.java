package io.latentkit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, 1e-14 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void lnGammaAtKnownValues() {
        assertRelative(0, SpecialFunctions.lnGamma(1));
        assertRelative(0, SpecialFunctions.lnGamma(2));
        assertRelative(0.5 * Math.log(Math.PI), SpecialFunctions.lnGamma(0.5));
        assertRelative(Math.log(Math.sqrt(Math.PI) / 2), SpecialFunctions.lnGamma(1.5));
        assertRelative(Math.log(362880), SpecialFunctions.lnGamma(10));
        // Reference values from Python's math.lgamma.
        assertRelative(2.2527126517342055, SpecialFunctions.lnGamma(0.1));
        assertRelative(359.1342053695754, SpecialFunctions.lnGamma(100));
        assertRelative(1.4280723266653883, SpecialFunctions.lnGamma(3.7));
        assertRelative(710944.033537189, SpecialFunctions.lnGamma(70001));
    }

    @Test
    void lnGammaOfIntegersIsLogFactorial() {
        double logFactorial = 0;
        for (int n = 1; n < 200; n++) {
            assertEquals(logFactorial, SpecialFunctions.lnGamma(n), 1e-13 * Math.max(1, logFactorial));
            logFactorial += Math.log(n);
        }
    }

    @Test
    void lnGammaRejectsNonPositive() {
        assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.lnGamma(0));
        assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.lnGamma(Double.NaN));
    }
}
