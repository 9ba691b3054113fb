package io.latentkit.reduce;

/**
 * The low-dimensional similarity curve 1 / (1 + a x^(2b)) of UMAP, fitted by least squares to the target
 * psi(x) = 1 for x below minDist, exp(-(x - minDist) / spread) above (paper, section 3.2 and appendix C), on 300
 * evenly spaced points of [0, 3 spread]. The fit is Levenberg-Marquardt from (a, b) = (1, 1).
 *
 * @param a curve scale
 * @param b curve exponent
 */
record UmapCurve(double a, double b) {
    private static final int SAMPLES = 300;
    private static final int MAX_STEPS = 500;

    static UmapCurve fit(double minDist, double spread) {
        double[] x = new double[SAMPLES];
        double[] y = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = 3 * spread * i / (SAMPLES - 1);
            y[i] = x[i] < minDist ? 1 : Math.exp(-(x[i] - minDist) / spread);
        }
        double a = 1;
        double b = 1;
        double lambda = 1e-3;
        double cost = cost(x, y, a, b);
        for (int step = 0; step < MAX_STEPS; step++) {
            // Normal equations J'J delta = -J'r of the residuals r = f - y, with the Marquardt-damped diagonal.
            double jaa = 0;
            double jab = 0;
            double jbb = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < SAMPLES; i++) {
                if (x[i] == 0) {
                    continue;
                }
                double u = Math.pow(x[i], 2 * b);
                double denominator = 1 + a * u;
                double f = 1 / denominator;
                double da = -u / (denominator * denominator);
                double db = da * a * 2 * Math.log(x[i]);
                double r = f - y[i];
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            double maa = jaa * (1 + lambda);
            double mbb = jbb * (1 + lambda);
            double det = maa * mbb - jab * jab;
            double stepA = -(mbb * ga - jab * gb) / det;
            double stepB = -(maa * gb - jab * ga) / det;
            double trial = cost(x, y, a + stepA, b + stepB);
            if (trial < cost) {
                boolean converged = cost - trial <= 1e-15 * (1 + cost);
                a += stepA;
                b += stepB;
                cost = trial;
                lambda = Math.max(lambda / 10, 1e-12);
                if (converged) {
                    break;
                }
            } else {
                lambda *= 10;
                if (lambda > 1e12) {
                    break;
                }
            }
        }
        if (!(a > 0 && b > 0) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalStateException("the curve fit for minDist " + minDist + " and spread " + spread
                    + " failed (a = " + a + ", b = " + b + ")");
        }
        return new UmapCurve(a, b);
    }

    private static double cost(double[] x, double[] y, double a, double b) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double f = x[i] == 0 ? 1 : 1 / (1 + a * Math.pow(x[i], 2 * b));
            sum += (f - y[i]) * (f - y[i]);
        }
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }
}
