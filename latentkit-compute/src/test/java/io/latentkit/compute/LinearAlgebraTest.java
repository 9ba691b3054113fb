package io.latentkit.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearAlgebraTest {
    private static double[] randomSymmetric(int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] b = new double[d * d];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble(-1, 1);
        }
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += b[i * d + k] * b[j * d + k];
                }
                a[i * d + j] = s;
            }
        }
        return a;
    }

    @Test
    void eigenvectorsSatisfyTheDefinitionAndAreOrthonormal() {
        for (int d : new int[] {1, 2, 5, 40}) {
            double[] a = randomSymmetric(d, d);
            SymmetricEigen e = SymmetricEigen.of(a, d);
            for (int j = 0; j < d; j++) {
                if (j > 0) {
                    assertEquals(true, e.values()[j - 1] >= e.values()[j], "descending order");
                }
                for (int i = 0; i < d; i++) {
                    double av = 0;
                    for (int k = 0; k < d; k++) {
                        av += a[i * d + k] * e.vector(k, j);
                    }
                    assertEquals(e.values()[j] * e.vector(i, j), av, 1e-9 * (1 + Math.abs(e.values()[0])));
                }
                for (int m = 0; m < d; m++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += e.vector(i, j) * e.vector(i, m);
                    }
                    assertEquals(j == m ? 1 : 0, dot, 1e-10);
                }
            }
        }
    }

    @Test
    void eigenvaluesOfAKnownMatrix() {
        // [[2,1],[1,2]] has eigenvalues 3 and 1.
        SymmetricEigen e = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
        assertEquals(3, e.values()[0], 1e-14);
        assertEquals(1, e.values()[1], 1e-14);
    }

    @Test
    void choleskyReconstructsAndInverts() {
        int d = 12;
        double[] a = randomSymmetric(d, 7);
        for (int i = 0; i < d; i++) {
            a[i * d + i] += 1;
        }
        double[] l = Cholesky.lower(a, d);
        double[] inv = Cholesky.invertLower(l, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double llt = 0;
                double linv = 0;
                for (int k = 0; k < d; k++) {
                    llt += l[i * d + k] * l[j * d + k];
                    linv += l[i * d + k] * inv[k * d + j];
                }
                assertEquals(a[i * d + j], llt, 1e-10);
                assertEquals(i == j ? 1 : 0, linv, 1e-10);
            }
        }
        assertNull(Cholesky.lower(new double[] {1, 2, 2, 1}, 2), "indefinite matrix has no Cholesky factor");
    }
}
