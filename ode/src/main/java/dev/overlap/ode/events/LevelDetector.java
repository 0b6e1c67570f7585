package dev.overlap.ode.events;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventHandler;

/**
 * A named level of a state function: the switching function g(α, y) given as a {@link StateFunction} (a
 * residual minus its tolerance, a distance minus a radius, a log-loss minus a log-threshold), with the
 * {@link EventKind} it stands for. By default the integration stops at the first crossing.
 */
public final class LevelDetector extends StateDetector<LevelDetector> {

    private final EventKind kind;
    private final StateFunction function;

    /**
     * @param kind     what a crossing means
     * @param function g(α, y)
     */
    public LevelDetector(EventKind kind, StateFunction function) {
        super(STOP);
        this.kind = kind;
        this.function = function;
    }

    private LevelDetector(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler, EventKind kind,
            StateFunction function) {
        super(maxCheck, maxIter, solver, handler);
        this.kind = kind;
        this.function = function;
    }

    @Override
    protected LevelDetector create(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler) {
        return new LevelDetector(maxCheck, maxIter, solver, handler, kind, function);
    }

    @Override
    public EventKind kind() {
        return kind;
    }

    @Override
    public double g(double alpha, double[] state) {
        return function.value(alpha, state);
    }
}
