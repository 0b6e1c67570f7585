package dev.overlap.ode.events;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.events.AbstractODEDetector;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventHandler;

/**
 * A Hipparchus event detector whose switching function g(α, y) reads the flat state only, so that it can be
 * evaluated on an integrator's continuous output without building an {@link ODEStateAndDerivative} (as
 * {@code PlateauEvents} of the solver does); for Hipparchus' own event handling {@link #g(ODEStateAndDerivative)}
 * calls it with the state's time and primary state.
 *
 * <p>Defaults: g sampled at least every α = 1 ({@link #withMaxCheck}), at most 200 iterations
 * ({@link #withMaxIter}), roots located to 1e-12 in α (absolute, {@link #withThreshold}) by a fifth-order
 * bracketing Brent solver with relative accuracy 1e-14 and function accuracy 1e-18 ({@link #solver}).
 *
 * @param <T> the concrete detector, returned by the {@code withX} methods
 */
public abstract class StateDetector<T extends StateDetector<T>> extends AbstractODEDetector<T> {

    /** Default largest α between two evaluations of g. */
    public static final double MAX_CHECK = 1.0;
    /** Default absolute accuracy of a located root, in α. */
    public static final double THRESHOLD = 1e-12;
    /** Default largest number of root-finding iterations. */
    public static final int MAX_ITER = 200;

    /** Continues the integration at every crossing. */
    public static final ODEEventHandler CONTINUE = (s, detector, increasing) -> Action.CONTINUE;
    /** Stops the integration at the first crossing in either direction. */
    public static final ODEEventHandler STOP = (s, detector, increasing) -> Action.STOP;
    /** Stops at a decreasing crossing (g from positive to negative), continues at an increasing one. */
    public static final ODEEventHandler STOP_WHEN_DECREASING =
            (s, detector, increasing) -> increasing ? Action.CONTINUE : Action.STOP;
    /** Stops at an increasing crossing (g from negative to positive), continues at a decreasing one. */
    public static final ODEEventHandler STOP_WHEN_INCREASING =
            (s, detector, increasing) -> increasing ? Action.STOP : Action.CONTINUE;

    /** With the default check interval, iterations and solver. */
    protected StateDetector(ODEEventHandler handler) {
        this(AdaptableInterval.of(MAX_CHECK), MAX_ITER, solver(THRESHOLD), handler);
    }

    protected StateDetector(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler) {
        super(maxCheck, maxIter, solver, handler);
    }

    /**
     * The root solver of this package for an absolute accuracy in α.
     *
     * @return a fifth-order bracketing Brent solver (relative accuracy 1e-14, absolute {@code threshold}, function
     *         accuracy 1e-18)
     */
    public static BracketedUnivariateSolver<UnivariateFunction> solver(double threshold) {
        return new BracketingNthOrderBrentSolver(1e-14, threshold, 1e-18, 5);
    }

    /** Roots located to {@code threshold} in α (absolute) by {@link #solver(double)}. */
    @Override
    public T withThreshold(double threshold) {
        return withSolver(solver(threshold));
    }

    /**
     * What a crossing of this detector means.
     *
     * @return the kind recorded by {@link EventsLog}
     */
    public abstract EventKind kind();

    /**
     * The switching function at α for the flat state y; must not keep or change {@code state}.
     *
     * @return g(α, y), whose sign changes are the events
     */
    public abstract double g(double alpha, double[] state);

    @Override
    public final double g(ODEStateAndDerivative state) {
        return g(state.getTime(), state.getPrimaryState());
    }
}
