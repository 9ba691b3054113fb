package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grid FFT against the defining sums of the discrete Fourier transform and of cyclic convolution. */
class GridFftTest {
    /** Sizes with an even and an odd power of two (radix-4 passes only, or a radix-2 stage first), one over a block. */
    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void forwardMatchesTheDefinition(int size) {
        GridFft fft = new GridFft(size);
        int stride = fft.stride();
        SplittableRandom random = new SplittableRandom(3);
        double[] re = new double[fft.length()];
        double[] im = new double[fft.length()];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                re[r * stride + c] = random.nextGaussian();
                im[r * stride + c] = random.nextGaussian();
            }
        }
        double[] re0 = re.clone();
        double[] im0 = im.clone();
        fft.forward(re, im);
        for (int u = 0; u < size; u += size / 8) {
            for (int v = 0; v < size; v++) {
                double sumRe = 0;
                double sumIm = 0;
                for (int r = 0; r < size; r++) {
                    for (int c = 0; c < size; c++) {
                        double angle = -2 * Math.PI * ((double) u * r + (double) v * c) / size;
                        double x = re0[r * stride + c];
                        double y = im0[r * stride + c];
                        sumRe += x * Math.cos(angle) - y * Math.sin(angle);
                        sumIm += x * Math.sin(angle) + y * Math.cos(angle);
                    }
                }
                assertEquals(sumRe, re[u * stride + v], 1e-9, "frequency (" + u + ", " + v + ")");
                assertEquals(sumIm, im[u * stride + v], 1e-9, "frequency (" + u + ", " + v + ")");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void convolveMatchesTheCyclicSumOnTheLeadingBlock(int size) {
        GridFft fft = new GridFft(size);
        int stride = fft.stride();
        int block = size / 2 - 1;
        SplittableRandom random = new SplittableRandom(5);
        // A real kernel, even in both coordinates, so that its spectrum is real.
        double[] kernel = new double[size * size];
        for (int r = 0; r <= size / 2; r++) {
            for (int c = 0; c <= size / 2; c++) {
                double value = random.nextDouble();
                for (int rr : new int[] {r, (size - r) % size}) {
                    for (int cc : new int[] {c, (size - c) % size}) {
                        kernel[rr * size + cc] = value;
                    }
                }
            }
        }
        double[] kernelRe = new double[fft.length()];
        double[] kernelIm = new double[fft.length()];
        for (int r = 0; r < size; r++) {
            System.arraycopy(kernel, r * size, kernelRe, r * stride, size);
        }
        fft.forward(kernelRe, kernelIm);
        double[] spectrum = fft.convolutionSpectrum(kernelRe, 1.0 / (size * size));
        double[] re = new double[fft.length()];
        double[] im = new double[fft.length()];
        for (int r = 0; r < block; r++) {
            for (int c = 0; c < block; c++) {
                re[r * stride + c] = random.nextGaussian();
                im[r * stride + c] = random.nextGaussian();
            }
        }
        double[] re0 = re.clone();
        double[] im0 = im.clone();
        fft.convolve(re, im, spectrum, block);
        for (int r = 0; r < block; r++) {
            for (int c = 0; c < block; c++) {
                double sumRe = 0;
                double sumIm = 0;
                for (int rr = 0; rr < block; rr++) {
                    for (int cc = 0; cc < block; cc++) {
                        double k = kernel[Math.floorMod(r - rr, size) * size + Math.floorMod(c - cc, size)];
                        sumRe += k * re0[rr * stride + cc];
                        sumIm += k * im0[rr * stride + cc];
                    }
                }
                assertEquals(sumRe, re[r * stride + c], 1e-9, "(" + r + ", " + c + ")");
                assertEquals(sumIm, im[r * stride + c], 1e-9, "(" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void rejectsSizesThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new GridFft(12));
        assertThrows(IllegalArgumentException.class, () -> new GridFft(1));
    }
}
