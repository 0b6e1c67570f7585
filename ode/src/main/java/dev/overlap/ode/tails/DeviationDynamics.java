package dev.overlap.ode.tails;

import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.StandardActivation;
import dev.overlap.ode.ErfDynamics;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.QuadraticClosedFormDynamics;

/**
 * The overlap dynamics at a state written as centre + deviation (both flat states of doubles, see
 * {@link dev.overlap.model.Overlaps}), evaluated from the exact sum centre + deviation without the cancellation of
 * O(1) terms: near an attractor, where ε_g and the right-hand side are small differences of O(1) terms, they keep
 * their relative accuracy (in plain double arithmetic the cancellation leaves about 10⁻¹⁶ absolute, which is 10⁻⁴
 * relative at ε_g = 10⁻¹²). Either everything is in double-double arithmetic ({@link DoubleDouble}; about 10⁻³⁰
 * absolute), or, for z² ({@link QuadraticDifference}), the change from the centre is in double and the centre's
 * values in double-double (about 10⁻¹⁵ relative within a tail segment).
 * The equations are those of the double-precision evaluator it is made from, with the same double constants
 * (κ_s, κ_t, η, Δ, T).
 *
 * <p>Implementations keep work buffers: not thread-safe.
 */
public interface DeviationDynamics {

    /**
     * Dimension of the flat state.
     *
     * @return p(p+1)/2 + p·p*
     */
    int dimension();

    /** Writes dy/dα at centre + deviation into {@code out}. */
    void derivatives(double[] centre, double[] deviation, double[] out);

    /**
     * ε_g at centre + deviation, never negative (values within the double-double rounding of 0 are 0).
     *
     * @return ε_g = ½ E[(ŷ − y)²] on clean labels at the state centre + deviation
     */
    double generalisationError(double[] centre, double[] deviation);

    /**
     * The accurate evaluator of the same equations as {@code f}: for the closed-form quadratic dynamics
     * ({@link QuadraticClosedFormDynamics}) the difference form about the centre ({@link QuadraticDifference}, double
     * work per evaluation, any size); in double-double for erf ({@link ErfDynamics}) and, for other polynomial
     * activations of degree ≤ 4, from Gaussian moments ({@link PolynomialDeviation}), up to {@link #MAX_FIELDS}
     * fields (p + p*), beyond which their O((p + p*)³) double-double work per evaluation would dominate the run;
     * null for any other evaluator.
     *
     * @return the deviation evaluator of {@code f}, or null where there is none
     */
    static DeviationDynamics of(OverlapDynamics f) {
        if (f instanceof QuadraticClosedFormDynamics) {
            return new QuadraticDifference(f.spec(), f.teacherOverlap());
        }
        int fields = f.spec().p() + f.spec().pstar();
        if (fields > MAX_FIELDS) {
            return null;
        }
        if (f instanceof ErfDynamics && f.spec().activation() == StandardActivation.ERF) {
            return new ErfDeviation(f.spec(), f.teacherOverlap());
        }
        if (f.spec().activation() instanceof PolynomialActivation && "symbolic".equals(f.evaluatorName())) {
            return new PolynomialDeviation(f.spec(), f.teacherOverlap());
        }
        return null;
    }

    /** Largest p + p* with a double-double evaluator (erf, polynomials). */
    int MAX_FIELDS = 24;

    /**
     * The covariance C = [[Q, R], [Rᵀ, T]] of the fields at centre + deviation, exactly, as hi and lo parts (the
     * two-sum of {@link DoubleDouble#sum}, written out so that no record is made: the evaluators allocate nothing).
     */
    static void loadCovariance(int p, int ps, double[][] t, double[] centre, double[] deviation, double[] hi,
            double[] lo) {
        int n = p + ps;
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double s = centre[k] + deviation[k];
                double e = sumError(centre[k], deviation[k], s);
                hi[a * n + b] = s;
                lo[a * n + b] = e;
                hi[b * n + a] = s;
                lo[b * n + a] = e;
                k++;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                double s = centre[k] + deviation[k];
                double e = sumError(centre[k], deviation[k], s);
                hi[a * n + p + r] = s;
                lo[a * n + p + r] = e;
                hi[(p + r) * n + a] = s;
                lo[(p + r) * n + a] = e;
                k++;
            }
        }
        for (int r = 0; r < ps; r++) {
            for (int s = 0; s < ps; s++) {
                hi[(p + r) * n + p + s] = t[r][s];
                lo[(p + r) * n + p + s] = 0;
            }
        }
    }

    /** The rounding error a + b − s of s = fl(a + b) (Knuth's two-sum, as {@link DoubleDouble#sum}). */
    private static double sumError(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }
}
