package dev.overlap.ode.events;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventHandler;

import dev.overlap.ode.OverlapDynamics;

/**
 * The escape from the plateau: the switching function
 * <pre>
 *   g_escape(α) = ε_g(y(α)) − level,     level = f · ε_g*,
 * </pre>
 * whose first decreasing zero is the escape (f the escape fraction, ε_g* the plateau's error). By default it
 * continues the integration at every crossing ({@link #withHandler} changes that).
 */
public final class EscapeDetector extends StateDetector<EscapeDetector> {

    private final OverlapDynamics dynamics;
    private final double level;

    /**
     * @param dynamics the dynamics whose ε_g is watched (not thread-safe: one detector per integration)
     * @param level    the escape level f · ε_g*
     */
    public EscapeDetector(OverlapDynamics dynamics, double level) {
        super(CONTINUE);
        this.dynamics = dynamics;
        this.level = level;
    }

    private EscapeDetector(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler, OverlapDynamics dynamics,
            double level) {
        super(maxCheck, maxIter, solver, handler);
        this.dynamics = dynamics;
        this.level = level;
    }

    @Override
    protected EscapeDetector create(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler) {
        return new EscapeDetector(maxCheck, maxIter, solver, handler, dynamics, level);
    }

    /**
     * The same detector at another level.
     *
     * @return a detector of ε_g − {@code newLevel}
     */
    public EscapeDetector withLevel(double newLevel) {
        return new EscapeDetector(getMaxCheckInterval(), getMaxIterationCount(), getSolver(), getHandler(), dynamics,
                newLevel);
    }

    /**
     * The escape level.
     *
     * @return f · ε_g*
     */
    public double level() {
        return level;
    }

    @Override
    public EventKind kind() {
        return EventKind.ESCAPE;
    }

    /** ε_g(y) − f ε_g*. */
    @Override
    public double g(double alpha, double[] state) {
        return ofError(dynamics.generalisationError(state));
    }

    /**
     * The switching function at a known ε_g (for a scan that evaluates ε_g once for several detectors).
     *
     * @return ε_g − f ε_g*
     */
    public double ofError(double epsG) {
        return epsG - level;
    }
}
