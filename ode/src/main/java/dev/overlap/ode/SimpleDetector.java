package dev.overlap.ode;

import java.util.function.ToDoubleFunction;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;

/**
 * A Hipparchus event detector from a switching function g and a handler; roots located to 1e-12 in α
 * (absolute) by a fifth-order bracketing Brent solver.
 */
public final class SimpleDetector implements ODEEventDetector {

    /** What to do when g crosses zero; {@code increasing} is the direction of the crossing. */
    public interface Handler {
        Action on(ODEStateAndDerivative state, boolean increasing);
    }

    private final AdaptableInterval maxCheck;
    private final ToDoubleFunction<ODEStateAndDerivative> g;
    private final ODEEventHandler handler;
    private final BracketedUnivariateSolver<UnivariateFunction> solver =
            new BracketingNthOrderBrentSolver(1e-14, 1e-12, 1e-18, 5);

    /**
     * @param maxCheck largest step between two evaluations of g (in α)
     * @param g        the switching function
     * @param h        what to do at a root
     */
    public SimpleDetector(double maxCheck, ToDoubleFunction<ODEStateAndDerivative> g, Handler h) {
        this.maxCheck = AdaptableInterval.of(maxCheck);
        this.g = g;
        this.handler = (s, detector, increasing) -> h.on(s, increasing);
    }

    @Override
    public AdaptableInterval getMaxCheckInterval() {
        return maxCheck;
    }

    @Override
    public int getMaxIterationCount() {
        return 200;
    }

    @Override
    public BracketedUnivariateSolver<UnivariateFunction> getSolver() {
        return solver;
    }

    @Override
    public ODEEventHandler getHandler() {
        return handler;
    }

    @Override
    public double g(ODEStateAndDerivative state) {
        return g.applyAsDouble(state);
    }
}
