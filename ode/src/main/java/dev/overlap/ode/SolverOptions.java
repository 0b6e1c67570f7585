package dev.overlap.ode;

import dev.overlap.model.SpecException;

/**
 * Numerical and event options of {@link OverlapSolver}.
 *
 * @param rtol              relative tolerance of the integrator
 * @param atol              absolute tolerance
 * @param escapeFraction    f in the escape definition ε_g(α) ≤ f ε_g(plateau), 0 &lt; f &lt; 1
 * @param plateauTolerance  relative band: the trajectory is on the plateau while
 *                          |ε_g(α) − ε_g(plateau)| ≤ tol · ε_g(plateau)
 * @param divergenceFactor  the run stops as diverged when max_a Q_aa exceeds this factor times
 *                          max(1, max_a Q_aa(0), max_r T_rr)
 * @param integrator        the time-stepping method
 * @param relativeTails     whether the converging tail is refined so that ε_g is accurate relative to itself
 *                          ({@link dev.overlap.ode.tails.TailRefinement}); without it ε_g is accurate to about
 *                          rtol·ε_g(0) absolute
 */
public record SolverOptions(double rtol, double atol, double escapeFraction, double plateauTolerance,
        double divergenceFactor, Integrator integrator, boolean relativeTails) {

    /**
     * rtol 1e-10, atol 1e-12, escape at ½ the plateau error, plateau band 2 %, divergence at 10⁶, Dormand–Prince
     * 8(5,3).
     */
    public static final SolverOptions DEFAULTS = new SolverOptions(1e-10, 1e-12, 0.5, 0.02, 1e6);

    /** With the default integrator (Dormand–Prince 8(5,3)) and the tail refined. */
    public SolverOptions(double rtol, double atol, double escapeFraction, double plateauTolerance,
            double divergenceFactor) {
        this(rtol, atol, escapeFraction, plateauTolerance, divergenceFactor, Integrator.DP853);
    }

    /** With the tail refined. */
    public SolverOptions(double rtol, double atol, double escapeFraction, double plateauTolerance,
            double divergenceFactor, Integrator integrator) {
        this(rtol, atol, escapeFraction, plateauTolerance, divergenceFactor, integrator, true);
    }

    public SolverOptions {
        if (!(rtol > 0 && rtol < 1)) {
            throw new SpecException("rtol", "the relative tolerance rtol", "must be in (0, 1) (got " + rtol + ")");
        }
        if (!(atol > 0 && Double.isFinite(atol))) {
            throw new SpecException("atol", "the absolute tolerance atol",
                    "must be a finite number > 0 (got " + atol + ")");
        }
        if (!(escapeFraction > 0 && escapeFraction < 1)) {
            throw new SpecException("escape_fraction", "the escape fraction",
                    "must be in (0, 1) (got " + escapeFraction + ")");
        }
        if (!(plateauTolerance > 0 && plateauTolerance < 1)) {
            throw new SpecException("plateau_tol", "the plateau tolerance",
                    "must be in (0, 1) (got " + plateauTolerance + ")");
        }
        if (!(divergenceFactor > 1 && Double.isFinite(divergenceFactor))) {
            throw new SpecException("the divergence factor must be a finite number > 1 (got " + divergenceFactor + ")");
        }
        if (integrator == null) {
            throw new SpecException("no integrator given");
        }
    }

    public SolverOptions withTolerances(double newRtol, double newAtol) {
        return new SolverOptions(newRtol, newAtol, escapeFraction, plateauTolerance, divergenceFactor, integrator,
                relativeTails);
    }

    public SolverOptions withEscapeFraction(double f) {
        return new SolverOptions(rtol, atol, f, plateauTolerance, divergenceFactor, integrator, relativeTails);
    }

    public SolverOptions withPlateauTolerance(double tol) {
        return new SolverOptions(rtol, atol, escapeFraction, tol, divergenceFactor, integrator, relativeTails);
    }

    public SolverOptions withIntegrator(Integrator method) {
        return new SolverOptions(rtol, atol, escapeFraction, plateauTolerance, divergenceFactor, method,
                relativeTails);
    }

    /**
     * A copy that refines (true) or does not refine (false) the converging tail.
     *
     * @return these options with {@code refine} as {@link #relativeTails()}
     */
    public SolverOptions withRelativeTails(boolean refine) {
        return new SolverOptions(rtol, atol, escapeFraction, plateauTolerance, divergenceFactor, integrator, refine);
    }
}
