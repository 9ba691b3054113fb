package io.latentkit.reduce;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * t-SNE's repulsion in 2-D by FFT-accelerated interpolation (after Linderman, Rachh, Hoskins, Steinerberger and
 * Kluger 2019): O(n) per iteration plus two FFT convolutions on a grid whose size depends on the map's extent, not
 * on n.
 *
 * <p>Nodes are laid on a uniform square grid over the map. With F = w t the force kernel ({@link TsneKernel}), each
 * point spreads the charges 1, y (both coordinates) and |y|^2 onto the {@value #STENCIL} x {@value #STENCIL} nodes
 * around it with its Lagrange interpolation weights; the potentials at the nodes, sums of F(node - node') times the
 * charges, are one zero-padded convolution with F sampled on the grid ({@link GridFft}); each point reads its
 * potentials back with the same weights. This replaces F(y_i - y_j) by an interpolated kernel F~_ij (the two points'
 * weights times F between their nodes) while the factors y_i - y_j stay exact, so nearby points always repel along
 * the line between them. As w = F (1 + d^2 / dof), the potentials give both sums t-SNE needs:
 * sum_j F~_ij (y_i - y_j) = y_i phi_1 - phi_y and
 * sum_{j != i} w~_ij = phi_1 (1 + |y_i|^2 / dof) - 2 y_i . phi_y / dof + phi_|y|^2 / dof - F~_ii,
 * with coordinates taken from the map's centre and the self term F~_ii computed from the point's own weights. The
 * four charges travel as two complex grids; F is even, so its spectrum is real.
 *
 * <p>Two departures from FIt-SNE, which puts 3 nodes inside each of a set of equal intervals and subtracts
 * F(0) = 1 for the self term: each point here uses the {@value #STENCIL} nodes nearest to it (cubic Lagrange
 * interpolation, continuous, error falling with the fourth power of the spacing), and the self term is exact.
 * FIt-SNE's interpolated kernel jumps where a point crosses an interval boundary; on 2,000 Fashion-MNIST images its
 * 3-node intervals at its default spacing (at most 1 wide), even with the exact self term, let the optimisation
 * stall at KL 0.94, against 0.91 for Barnes-Hut, 0.89 exact, and 0.89 to 0.90 with this stencil.
 *
 * <p>Nodes are at most {@code maxSpacing} apart (0.5: on 10,000 images a spacing up to 1 ended at KL 1.58 against
 * 1.49) with at least {@code minNodes} per side; the grid is then refined to fill the power-of-two FFT size it
 * needs (twice the nodes per side, for the zero padding), which costs nothing more. The FFT size is capped at
 * {@value #MAX_FFT_SIZE}, beyond which (maps over about 500 units across) nodes are further apart than asked. The
 * kernel's spectrum is kept while the grid's geometry is unchanged; the map's side is rounded up to a power of
 * {@value #SIDE_STEP} so that this is the case for most iterations.
 *
 * <p>Spreading charges runs one task per charge grid over the points in index order, and all other per-point work
 * writes disjoint slots, so the result does not depend on the thread count. An instance keeps its buffers between
 * calls and is not thread-safe.
 */
final class FftRepulsion {
    static final int STENCIL = 4;
    static final int MIN_NODES = 60;
    static final double MAX_SPACING = 0.5;
    static final int MAX_FFT_SIZE = 2048;
    private static final int SPAN = 2 * STENCIL - 1;
    private static final double SIDE_STEP = 1.05;
    /** Smallest side, so that a map whose points all coincide still has nodes a nonzero distance apart. */
    private static final double MIN_SIDE = 1e-100;
    /** prod_{l != k} (k - l), the Lagrange denominators for nodes 0 .. STENCIL - 1. */
    private static final double[] DENOMINATORS = new double[STENCIL];

    static {
        for (int k = 0; k < STENCIL; k++) {
            double product = 1;
            for (int l = 0; l < STENCIL; l++) {
                product *= l == k ? 1 : k - l;
            }
            DENOMINATORS[k] = product;
        }
    }

    private final TsneKernel kernel;
    private final int minNodes;
    private final double maxSpacing;
    private GridFft fft;
    private double spectrumSpacing = Double.NaN;
    private int spectrumNodes;
    /** The kernel's spectrum (real) times 1 / size^2, laid out for {@link GridFft#convolve}. */
    private double[] spectrum;
    /** F between two nodes of one stencil, by their offset (dr, dc) at [(dr + STENCIL - 1) * SPAN + dc + ...]. */
    private final double[] nearby = new double[SPAN * SPAN];
    /** Charges 1 + i a, then their potentials. */
    private double[] firstRe;
    private double[] firstIm;
    /** Charges b + i |y|^2, then their potentials. */
    private double[] secondRe;
    private double[] secondIm;
    /** Per point and axis, the first node of its stencil. */
    private int[] firstNodes;
    private double[] weights;

    FftRepulsion(TsneKernel kernel) {
        this(kernel, MIN_NODES, MAX_SPACING);
    }

    FftRepulsion(TsneKernel kernel, int minNodes, double maxSpacing) {
        if (kernel.dim() != 2) {
            throw new IllegalArgumentException("FFT interpolation is implemented for 2-D maps, got " + kernel.dim());
        }
        if (minNodes < 1 || !(maxSpacing > 0)) {
            throw new IllegalArgumentException("minNodes must be >= 1 and maxSpacing > 0, got " + minNodes + " and "
                    + maxSpacing);
        }
        this.kernel = kernel;
        this.minNodes = minNodes;
        this.maxSpacing = maxSpacing;
    }

    /**
     * For the points of {@code y} (row-major, 2 columns): writes z[i] = sum_{j != i} w_ij and adds
     * sum_j w_ij t_ij (y_i - y_j) to {@code repulsion[2 i ..]}.
     */
    void repulse(double[] y, double[] z, double[] repulsion) {
        int n = y.length / 2;
        double low0 = Double.POSITIVE_INFINITY;
        double low1 = Double.POSITIVE_INFINITY;
        double high0 = Double.NEGATIVE_INFINITY;
        double high1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            low0 = Math.min(low0, y[2 * i]);
            high0 = Math.max(high0, y[2 * i]);
            low1 = Math.min(low1, y[2 * i + 1]);
            high1 = Math.max(high1, y[2 * i + 1]);
        }
        double extent = Math.max(Math.max(high0 - low0, high1 - low1), MIN_SIDE);
        double side = Math.pow(SIDE_STEP, Math.ceil(Math.log(extent) / Math.log(SIDE_STEP)));
        long wanted = Math.max(minNodes, (long) Math.ceil(side / maxSpacing)) + STENCIL;
        int size = (int) Math.min(MAX_FFT_SIZE, Long.highestOneBit(2 * wanted - 1) << 1);
        int nodes = size / 2;
        double spacing = side / (nodes - STENCIL);
        prepare(size, nodes, spacing);
        double centre0 = (low0 + high0) / 2;
        double centre1 = (low1 + high1) / 2;

        if (firstNodes == null || firstNodes.length != 2 * n) {
            firstNodes = new int[2 * n];
            weights = new double[2 * n * STENCIL];
        }
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int c = 0; c < 2; c++) {
                double offset = y[2 * i + c] - (c == 0 ? centre0 : centre1) + side / 2;
                firstNodes[2 * i + c] = locate(offset / spacing + (STENCIL - 1) / 2.0, nodes, (2 * i + c) * STENCIL);
            }
        });

        // One task per charge grid, each adding the points in index order.
        int stride = fft.stride();
        double[][] grids = {firstRe, firstIm, secondRe, secondIm};
        IntStream.range(0, grids.length).parallel().forEach(g -> {
            double[] grid = grids[g];
            for (int r = 0; r < nodes; r++) {
                Arrays.fill(grid, r * stride, r * stride + nodes, 0);
            }
            for (int i = 0; i < n; i++) {
                double a = y[2 * i] - centre0;
                double b = y[2 * i + 1] - centre1;
                double charge = g == 0 ? 1 : g == 1 ? a : g == 2 ? b : a * a + b * b;
                for (int k = 0; k < STENCIL; k++) {
                    double wk = charge * weights[2 * i * STENCIL + k];
                    int row = (firstNodes[2 * i] + k) * stride + firstNodes[2 * i + 1];
                    for (int l = 0; l < STENCIL; l++) {
                        grid[row + l] += wk * weights[(2 * i + 1) * STENCIL + l];
                    }
                }
            }
        });
        fft.convolve(firstRe, firstIm, spectrum, nodes);
        fft.convolve(secondRe, secondIm, spectrum, nodes);

        double dof = kernel.dof();
        IntStream.range(0, n).parallel().forEach(i -> {
            double phi = 0;
            double phiA = 0;
            double phiB = 0;
            double phiSquared = 0;
            for (int k = 0; k < STENCIL; k++) {
                double wk = weights[2 * i * STENCIL + k];
                int row = (firstNodes[2 * i] + k) * stride + firstNodes[2 * i + 1];
                for (int l = 0; l < STENCIL; l++) {
                    double w = wk * weights[(2 * i + 1) * STENCIL + l];
                    phi += w * firstRe[row + l];
                    phiA += w * firstIm[row + l];
                    phiB += w * secondRe[row + l];
                    phiSquared += w * secondIm[row + l];
                }
            }
            double a = y[2 * i] - centre0;
            double b = y[2 * i + 1] - centre1;
            z[i] = phi * (1 + (a * a + b * b) / dof) - 2 * (a * phiA + b * phiB) / dof + phiSquared / dof
                    - selfInteraction(i);
            repulsion[2 * i] += a * phi - phiA;
            repulsion[2 * i + 1] += b * phi - phiB;
        });
    }

    /**
     * The first of the {@value #STENCIL} consecutive nodes around grid position {@code f} (in node steps); writes
     * their Lagrange weights at {@code weights[at ..]}. The stencil changes where f crosses a node, at which both
     * stencils interpolate exactly, so the interpolated field is continuous.
     */
    private int locate(double f, int nodes, int at) {
        int first = Math.min(nodes - STENCIL, Math.max(0, (int) Math.floor(f) - (STENCIL / 2 - 1)));
        double u = f - first;
        for (int k = 0; k < STENCIL; k++) {
            double product = 1;
            for (int l = 0; l < STENCIL; l++) {
                product *= l == k ? 1 : u - l;
            }
            weights[at + k] = product / DENOMINATORS[k];
        }
        return first;
    }

    /**
     * F~_ii: point i's own charge seen through its interpolation weights on both sides, sum over node pairs of
     * F(node - node') times their weights, grouped by the offset between the two nodes along each axis.
     */
    private double selfInteraction(int i) {
        double[] rowPairs = new double[SPAN];
        double[] columnPairs = new double[SPAN];
        for (int k = 0; k < STENCIL; k++) {
            for (int kk = 0; kk < STENCIL; kk++) {
                rowPairs[k - kk + STENCIL - 1] += weights[2 * i * STENCIL + k] * weights[2 * i * STENCIL + kk];
                columnPairs[k - kk + STENCIL - 1] +=
                        weights[(2 * i + 1) * STENCIL + k] * weights[(2 * i + 1) * STENCIL + kk];
            }
        }
        double self = 0;
        for (int dr = 0; dr < SPAN; dr++) {
            for (int dc = 0; dc < SPAN; dc++) {
                self += rowPairs[dr] * columnPairs[dc] * nearby[dr * SPAN + dc];
            }
        }
        return self;
    }

    /** Sizes the buffers for an FFT of this size and computes the kernel's spectrum for these nodes and spacing. */
    private void prepare(int size, int nodes, double spacing) {
        if (fft == null || fft.size() != size) {
            fft = new GridFft(size);
            firstRe = new double[fft.length()];
            firstIm = new double[fft.length()];
            secondRe = new double[fft.length()];
            secondIm = new double[fft.length()];
            spectrumSpacing = Double.NaN;
        }
        if (spacing == spectrumSpacing && nodes == spectrumNodes) {
            return;
        }
        int stride = fft.stride();
        Arrays.fill(firstRe, 0);
        Arrays.fill(firstIm, 0);
        // F at every offset (dr, dc) between two nodes, wrapped around so that the cyclic convolution is the linear
        // one. F is even, so its spectrum is real; the inverse transform's 1 / size^2 is folded in.
        for (int dr = 1 - nodes; dr < nodes; dr++) {
            int row = Math.floorMod(dr, size) * stride;
            for (int dc = 1 - nodes; dc < nodes; dc++) {
                firstRe[row + Math.floorMod(dc, size)] = force(spacing, dr, dc);
            }
        }
        fft.forward(firstRe, firstIm);
        spectrum = fft.convolutionSpectrum(firstRe, 1.0 / ((double) size * size));
        for (int dr = 1 - STENCIL; dr < STENCIL; dr++) {
            for (int dc = 1 - STENCIL; dc < STENCIL; dc++) {
                nearby[(dr + STENCIL - 1) * SPAN + dc + STENCIL - 1] = force(spacing, dr, dc);
            }
        }
        spectrumSpacing = spacing;
        spectrumNodes = nodes;
    }

    /** F = w t between two nodes (dr, dc) grid steps apart. */
    private double force(double spacing, int dr, int dc) {
        double d2 = spacing * spacing * ((double) dr * dr + (double) dc * dc);
        return kernel.weight(d2) * kernel.forceFactor(d2);
    }
}
