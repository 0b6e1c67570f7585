package dev.overlap.ode.events;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventHandler;

import dev.overlap.ode.OverlapDynamics;

/**
 * The plateau band: the switching function
 * <pre>
 *   g_band(α) = |ε_g(y(α)) − ε_g*| − b,     b = tol · ε_g*,
 * </pre>
 * negative while the trajectory is on the plateau: its first decreasing zero is the plateau entry, the first
 * increasing one after that the exit. By default it continues the integration at every crossing.
 */
public final class PlateauBandDetector extends StateDetector<PlateauBandDetector> {

    private final OverlapDynamics dynamics;
    private final double plateauError;
    private final double halfWidth;

    /**
     * @param dynamics     the dynamics whose ε_g is watched (not thread-safe: one detector per integration)
     * @param plateauError ε_g* of the plateau
     * @param tolerance    the band's relative half-width tol (0 &lt; tol &lt; 1)
     */
    public PlateauBandDetector(OverlapDynamics dynamics, double plateauError, double tolerance) {
        super(CONTINUE);
        this.dynamics = dynamics;
        this.plateauError = plateauError;
        this.halfWidth = tolerance * plateauError;
    }

    private PlateauBandDetector(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler, OverlapDynamics dynamics,
            double plateauError, double halfWidth) {
        super(maxCheck, maxIter, solver, handler);
        this.dynamics = dynamics;
        this.plateauError = plateauError;
        this.halfWidth = halfWidth;
    }

    @Override
    protected PlateauBandDetector create(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler) {
        return new PlateauBandDetector(maxCheck, maxIter, solver, handler, dynamics, plateauError, halfWidth);
    }

    /**
     * The same band with another relative half-width.
     *
     * @return a detector of |ε_g − ε_g*| − {@code tolerance} · ε_g*
     */
    public PlateauBandDetector withTolerance(double tolerance) {
        return new PlateauBandDetector(getMaxCheckInterval(), getMaxIterationCount(), getSolver(), getHandler(),
                dynamics, plateauError, tolerance * plateauError);
    }

    /**
     * The band's absolute half-width.
     *
     * @return b = tol · ε_g*
     */
    public double halfWidth() {
        return halfWidth;
    }

    @Override
    public EventKind kind() {
        return EventKind.PLATEAU_BAND;
    }

    /** |ε_g(y) − ε_g*| − b. */
    @Override
    public double g(double alpha, double[] state) {
        return ofError(dynamics.generalisationError(state));
    }

    /**
     * The switching function at a known ε_g (for a scan that evaluates ε_g once for several detectors).
     *
     * @return |ε_g − ε_g*| − b
     */
    public double ofError(double epsG) {
        return Math.abs(epsG - plateauError) - halfWidth;
    }
}
