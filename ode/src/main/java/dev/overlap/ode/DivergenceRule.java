package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.StateLayout;

/**
 * When the norms count as blown up, for the solver, the fixed-point searches and the finite-N simulator alike:
 * <pre>
 *   diverged  ⇔  max_a Q_aa > factor · scale,     scale = max(1, max_a Q_aa(0), max_r T_rr),
 * </pre>
 * or a Q_aa is not finite. (For a positive semi-definite Q and T, max_a Q_aa and max_r T_rr are also the largest
 * |entries|, since |Q_ab| ≤ √(Q_aa Q_bb).) The default factor is {@value #DEFAULT_FACTOR}; the solver takes the
 * user's from {@link SolverOptions#divergenceFactor()}.
 *
 * @param factor the blow-up factor (&gt; 1)
 * @param scale  the initial scale max(1, max_a Q_aa(0), max_r T_rr)
 */
public record DivergenceRule(double factor, double scale) {

    /** The blow-up factor of the fixed-point searches and of {@link SolverOptions#DEFAULTS}. */
    public static final double DEFAULT_FACTOR = 1e6;

    /**
     * The rule for a start.
     *
     * @param factor  the blow-up factor
     * @param layout  the state layout
     * @param initial the flat state at α = 0
     * @param teacher T
     * @return the rule with scale max(1, max_a Q_aa(0), max_r T_rr)
     */
    public static DivergenceRule of(double factor, StateLayout layout, double[] initial, double[][] teacher) {
        double scale = 1.0;
        for (int a = 0; a < layout.p(); a++) {
            scale = Math.max(scale, initial[layout.diagonal(a)]);
        }
        for (int r = 0; r < teacher.length; r++) {
            scale = Math.max(scale, teacher[r][r]);
        }
        return new DivergenceRule(factor, scale);
    }

    /**
     * The bound on the norms.
     *
     * @return factor · scale
     */
    public double bound() {
        return factor * scale;
    }

    /**
     * Whether a flat state is within the bound.
     *
     * @return max_a |Q_aa| ≤ bound (false if a Q_aa is not finite)
     */
    public boolean bounded(StateLayout layout, double[] state) {
        return layout.largestDiagonal(state) <= bound();
    }

    /**
     * The switching function of the rule for a measured size (max_a Q_aa, or the largest |entry| of a reduced
     * state): positive while bounded.
     *
     * @return bound − size, or −1 if size is not finite
     */
    public double margin(double size) {
        return Double.isFinite(size) ? bound() - size : -1;
    }

    /**
     * Why a run stopped, for the user.
     *
     * @return "max Q_aa exceeded" and the bound
     */
    public String reason() {
        return "max Q_aa exceeded " + ModelSpec.compact(bound());
    }
}
