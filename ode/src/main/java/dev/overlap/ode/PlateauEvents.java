package dev.overlap.ode;

import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;

/**
 * The plateau and escape events of {@link OverlapSolver}, located on an integrator's continuous output.
 *
 * <p>Switching functions, with ε* the plateau's ε_g, f the escape fraction and b = tol · ε* the band:
 * <pre>
 *   g_escape(α) = ε_g(α) − f ε*            escape: its first decreasing zero
 *   g_band(α)   = |ε_g(α) − ε*| − b         plateau entry: first decreasing zero; exit: first increasing one after
 * </pre>
 * Within each step [α₀, α₁] they are sampled at n = ⌈(α₁ − α₀)/maxCheck⌉ equal sub-intervals; a sign change
 * between two samples is a zero, located by a fifth-order bracketing Brent solver to 1e-12 in α (absolute;
 * the same sampling and solver as {@link SimpleDetector} in Hipparchus' event handling). Two zeros within
 * one sub-interval are not seen. Once the escape and the plateau exit are both recorded the functions are
 * no longer evaluated, so the rest of the run costs nothing here.
 */
final class PlateauEvents {

    /** An integrator's continuous output over its last step. */
    interface DenseOutput {
        /** Writes the state at α (within the last step) into out. */
        void state(double alpha, double[] out);
    }

    private final OverlapDynamics f;
    private final double epsPlateau;
    private final double band;
    private final double target;
    private final double maxCheck;
    private final double[] work;
    private final BracketingNthOrderBrentSolver solver = new BracketingNthOrderBrentSolver(1e-14, 1e-12, 1e-18, 5);

    private Double entry;
    private Double exit;
    private Double escape;
    private double escapeBefore;
    private double bandBefore;

    /**
     * @param f             the dynamics (for ε_g)
     * @param epsPlateau    ε* of the plateau
     * @param options       escape fraction and band width
     * @param maxCheck      largest α between two samples
     * @param initial       the state at α = 0: an ε_g already in the band or below the escape level counts
     *                      as entry or escape at α = 0
     */
    PlateauEvents(OverlapDynamics f, double epsPlateau, SolverOptions options, double maxCheck, double[] initial) {
        this.f = f;
        this.epsPlateau = epsPlateau;
        this.band = options.plateauTolerance() * epsPlateau;
        this.target = options.escapeFraction() * epsPlateau;
        this.maxCheck = maxCheck;
        this.work = new double[f.dimension()];
        double eps0 = f.generalisationError(initial);
        escapeBefore = eps0 - target;
        bandBefore = Math.abs(eps0 - epsPlateau) - band;
        if (bandBefore <= 0) {
            entry = 0.0;
        }
        if (eps0 <= target) {
            escape = 0.0;
        }
    }

    /** Whether a later zero could still change a recorded event. */
    boolean active() {
        return escape == null || exit == null;
    }

    /** Samples the step [α₀, α₁] of {@code out} (or its part before a divergence) and records the zeros in it. */
    void scan(double alpha0, double alpha1, DenseOutput out) {
        if (!active() || !(alpha1 > alpha0)) {
            return;
        }
        int n = (int) Math.max(1, Math.ceil((alpha1 - alpha0) / maxCheck));
        double a = alpha0;
        for (int k = 1; k <= n; k++) {
            double b = k == n ? alpha1 : alpha0 + k * (alpha1 - alpha0) / n;
            out.state(b, work);
            double eps = f.generalisationError(work);
            double escapeNow = eps - target;
            double bandNow = Math.abs(eps - epsPlateau) - band;
            if (escape == null && escapeBefore >= 0 && escapeNow < 0) {
                escape = root(out, a, b, false);
            }
            if ((bandBefore >= 0) != (bandNow >= 0)) {
                boolean increasing = bandNow >= 0;
                if (!increasing && entry == null) {
                    entry = root(out, a, b, true);
                } else if (increasing && entry != null && exit == null) {
                    exit = root(out, a, b, true);
                }
            }
            escapeBefore = escapeNow;
            bandBefore = bandNow;
            a = b;
        }
    }

    private double root(DenseOutput out, double a, double b, boolean bandFunction) {
        return solver.solve(200, alpha -> {
            out.state(alpha, work);
            double eps = f.generalisationError(work);
            return bandFunction ? Math.abs(eps - epsPlateau) - band : eps - target;
        }, a, b);
    }

    /** First α in the plateau band, or null. */
    Double entry() {
        return entry;
    }

    /** First α after the entry at which the trajectory left the band, or null. */
    Double exit() {
        return exit;
    }

    /** First α with ε_g ≤ f ε*, or null. */
    Double escape() {
        return escape;
    }
}
