package dev.overlap.model;

import org.hipparchus.special.Erf;

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt, fast and to about 10⁻¹⁴ absolute accuracy: the hot loops (the
 * SGD and chain steps, the Gauss–Hermite diffusion) evaluate it once per field per step, where Hipparchus'
 * {@link Erf#erf(double)} (a regularised incomplete gamma function) costs some 300 ns a call.
 *
 * <p>Method: erf is odd, so x ≥ 0. For x &lt; 2⁻⁶ the Taylor series (2/√π)(x − x³/3 + x⁵/10 − x⁷/42), whose
 * remainder x⁹/216 is below 10⁻¹⁸; for x ≥ 6 the value 1 (1 − erf(6) = 2·10⁻¹⁷ is below half an ulp of 1); in
 * between, cubic Hermite interpolation on the grid x_k = k h, h = 2⁻¹⁰, of the values erf(x_k) (tabulated once from
 * Hipparchus) and the exact derivatives (2/√π) e^{−x_k²}. Its error is at most h⁴ max|erf⁗|/384 ≈ 2·10⁻¹⁴ (the
 * tests measure it against 30-digit values and against Hipparchus on a dense grid). Allocation-free and thread-safe.
 */
public final class ErrorFunction {

    private static final int PER_UNIT = 1024;
    private static final double H = 1.0 / PER_UNIT;
    private static final double UPPER = 6.0;
    private static final double SMALL = 0x1p-6;
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double[] VALUE;
    private static final double[] SLOPE;

    static {
        int n = (int) (UPPER * PER_UNIT) + 2;
        VALUE = new double[n];
        SLOPE = new double[n];
        for (int k = 0; k < n; k++) {
            double x = k * H;
            VALUE[k] = Erf.erf(x);
            SLOPE[k] = H * TWO_OVER_SQRT_PI * Math.exp(-x * x);
        }
    }

    private ErrorFunction() {
    }

    /**
     * erf(x); erf(±∞) = ±1, erf(NaN) = NaN.
     *
     * @return erf(x) = (2/√π) ∫_0^x e^(−t²) dt
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        double v;
        if (a < SMALL) {
            double a2 = a * a;
            v = TWO_OVER_SQRT_PI * a * (1 - a2 * (1.0 / 3 - a2 * (1.0 / 10 - a2 / 42)));
        } else if (a < UPPER) {
            double s = a * PER_UNIT;
            int k = (int) s;
            double t = s - k;
            double u = 1 - t;
            v = (1 + 2 * t) * u * u * VALUE[k] + t * t * (3 - 2 * t) * VALUE[k + 1]
                    + t * u * (u * SLOPE[k] - t * SLOPE[k + 1]);
        } else if (a >= UPPER) {
            v = 1.0;
        } else {
            return Double.NaN;
        }
        return x < 0 ? -v : v;
    }
}
