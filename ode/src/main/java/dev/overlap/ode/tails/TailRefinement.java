package dev.overlap.ode.tails;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

import dev.overlap.ode.Integrator;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.SolverOptions;

/**
 * Recomputes the converging tail of a learning curve so that ε_g keeps its relative accuracy on a log axis
 * (issue 15: at the default tolerances the plain integration is good to about 10⁻¹⁰ absolute, which left ε_g
 * wrong by orders of magnitude below 10⁻¹⁰ and negative at times).
 *
 * <p>Two causes, two remedies:
 * <ol>
 * <li><b>Integration error</b>: the step control bounds the error of the O(1) state by atol + rtol·|x|, while near
 * an attractor ε_g is small, linear or quadratic in the distance x − x*. The tail is therefore integrated in
 * deviation coordinates y = x − c about a centre c (a double state), with the tolerances scaled by ε_g:
 * atol_y = atol · ε_g(c), rtol_y = max(10⁻¹⁴, rtol · (ε_g(c)/ε_ref)^½) with ε_ref the largest ε_g before the tail
 * (Dormand–Prince 8(5,3)). The square root: within a segment y grows to the distance travelled, about ε_g^½, while
 * ε_g can be linear in the state (the variance of λ_a − ν_a is linear in Q, R), so rtol_y |y| must be O(rtol ε_g).
 * Whenever ε_g has fallen by {@link #SEGMENT_DROP}
 * the integration stops and restarts re-centred, c ← c + y (rounded), y ← the exact remainder, with the tolerance
 * scaled by the new ε_g. Re-centring on the current state, not on a fixed point, also covers attractors that are
 * manifolds (p &gt; p*, the rotations of the quadratic network) and power-law tails, where no Newton step applies.</li>
 * <li><b>Cancellation</b>: the right-hand side and ε_g at c + y are differences of O(1) terms; they are evaluated in
 * double-double arithmetic from the exact sum c + y ({@link DeviationDynamics}), so they keep about 10⁻³⁰ absolute.
 * ε_g is clamped at 0 only within that rounding, and is never negative.</li>
 * </ol>
 * The tail starts at the first grid row (after α = 0) whose ε_g is at most {@link #SWITCH_FRACTION} times the largest
 * ε_g before it (there the plain run's 10⁻¹⁰ absolute error is 10⁻⁷ of ε_g or less); the rows before it, and the
 * events, are those of the plain run. Only Dormand–Prince runs are refined: the Rosenbrock integrator serves long
 * stiff tails (α ≫ 10³), where the explicit double-double tail would cost one evaluation per unit α.
 */
public final class TailRefinement {

    /** The tail starts where ε_g ≤ this fraction of its largest earlier value. */
    public static final double SWITCH_FRACTION = 1e-3;
    /** Re-centre whenever ε_g has fallen by this factor within a segment. */
    public static final double SEGMENT_DROP = 0.1;
    /** No re-centring below this fraction of the largest ε_g (ε_g = 10⁻²⁴ of its scale is zero on any plot). */
    public static final double FLOOR = 1e-24;
    /** Smallest relative tolerance of the tail (10 ulp of the deviation; 1e-14 left erf 2.1e-6 off at ε_g = 8e-12). */
    static final double MIN_RTOL = 1e-15;
    /** Right-hand-side evaluations after which the tail stops (the rows left keep the plain run's values). */
    static final int MAX_EVALUATIONS = 2_000_000;

    private TailRefinement() {
    }

    /**
     * Refines the rows of a solved curve in place, from the tail's first row on.
     *
     * @param f       the dynamics the curve was solved with
     * @param options its solver options (tolerances, integrator)
     * @param alphas  the grid rows' α
     * @param states  the rows' flat states (replaced from the tail's first row on)
     * @param eps     the rows' ε_g (replaced likewise)
     * @return the right-hand-side evaluations spent (0 if nothing was refined)
     */
    public static long refine(OverlapDynamics f, SolverOptions options, double[] alphas, double[][] states,
            double[] eps) {
        if (!options.relativeTails() || options.integrator() != Integrator.DP853) {
            return 0;
        }
        DeviationDynamics dev = DeviationDynamics.of(f);
        if (dev == null) {
            return 0;
        }
        int rows = alphas.length;
        double largest = rows > 0 ? eps[0] : 0;
        int start = -1;
        for (int i = 1; i < rows - 1; i++) {
            if (!(eps[i] >= 0) || !Double.isFinite(eps[i])) {
                return 0;
            }
            if (eps[i] <= SWITCH_FRACTION * largest) {
                start = i;
                break;
            }
            largest = Math.max(largest, eps[i]);
        }
        if (start < 0) {
            return 0;
        }
        return new Tail(dev, options, alphas, states, eps, largest).run(start);
    }

    /** One tail integration: the segments, their centre and the rows filled. */
    private static final class Tail {
        private final DeviationDynamics dev;
        private final SolverOptions options;
        private final double[] alphas;
        private final double[][] states;
        private final double[] eps;
        private final double floor;
        private final double reference;
        private final double[] centre;
        private final double[] y;
        private int filled;
        private long evaluations;

        Tail(DeviationDynamics dev, SolverOptions options, double[] alphas, double[][] states, double[] eps,
                double scale) {
            this.dev = dev;
            this.options = options;
            this.alphas = alphas;
            this.states = states;
            this.eps = eps;
            this.floor = FLOOR * scale;
            this.reference = scale;
            this.centre = new double[dev.dimension()];
            this.y = new double[dev.dimension()];
        }

        long run(int start) {
            System.arraycopy(states[start], 0, centre, 0, centre.length);
            eps[start] = dev.generalisationError(centre, y);
            filled = start + 1;
            double alpha = alphas[start];
            double end = alphas[alphas.length - 1];
            try {
                while (alpha < end && filled < alphas.length) {
                    alpha = segment(alpha, end);
                    recentre();
                }
            } catch (MathIllegalStateException e) {
                // evaluation budget spent or step size underflow: the rows not reached keep the plain run's values
                return evaluations;
            }
            return evaluations;
        }

        /** c ← c + y rounded, y ← the exact remainder (two-sum per entry). */
        private void recentre() {
            for (int k = 0; k < y.length; k++) {
                DoubleDouble s = DoubleDouble.sum(centre[k], y[k]);
                centre[k] = s.hi();
                y[k] = s.lo();
            }
        }

        /** Integrates from α until ε_g has dropped by {@link #SEGMENT_DROP} or the grid ends; returns the α reached. */
        private double segment(double from, double end) {
            double level = dev.generalisationError(centre, y);
            double scale = Math.max(level, floor);
            double rtol = Math.max(MIN_RTOL, options.rtol() * Math.sqrt(scale / reference));
            DormandPrince853Integrator integrator = new DormandPrince853Integrator(0.0, end - from,
                    options.atol() * scale, rtol);
            integrator.setMaxEvaluations((int) Math.max(1, MAX_EVALUATIONS - evaluations));
            double[] fixedCentre = centre.clone();
            double[] work = new double[y.length];
            OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return y.length;
                }

                @Override
                public double[] computeDerivatives(double t, double[] dev1) {
                    evaluations++;
                    double[] out = new double[dev1.length];
                    dev.derivatives(fixedCentre, dev1, out);
                    return out;
                }
            };
            integrator.addStepHandler(new ODEStepHandler() {
                @Override
                public void handleStep(ODEStateInterpolator interpolator) {
                    double t1 = interpolator.getCurrentState().getTime();
                    while (filled < alphas.length && alphas[filled] <= t1) {
                        double[] dy = interpolator.getInterpolatedState(alphas[filled]).getPrimaryState();
                        double[] row = new double[dy.length];
                        for (int k = 0; k < row.length; k++) {
                            row[k] = fixedCentre[k] + dy[k];
                        }
                        states[filled] = row;
                        eps[filled] = dev.generalisationError(fixedCentre, dy);
                        filled++;
                    }
                }
            });
            if (level > floor) {
                double target = SEGMENT_DROP * level;
                integrator.addEventDetector(new Drop(end - from, s -> {
                    System.arraycopy(s.getPrimaryState(), 0, work, 0, work.length);
                    return dev.generalisationError(fixedCentre, work) - target;
                }));
            }
            ODEStateAndDerivative last = integrator.integrate(ode, new ODEState(from, y.clone()), end);
            System.arraycopy(last.getPrimaryState(), 0, y, 0, y.length);
            return last.getTime();
        }
    }

    /** Stops the integration where g decreases through zero (ε_g reached the segment's target). */
    private static final class Drop implements ODEEventDetector {
        private final AdaptableInterval maxCheck;
        private final java.util.function.ToDoubleFunction<ODEStateAndDerivative> g;
        private final BracketedUnivariateSolver<UnivariateFunction> solver =
                new BracketingNthOrderBrentSolver(1e-12, 1e-10, 1e-300, 5);

        Drop(double maxCheck, java.util.function.ToDoubleFunction<ODEStateAndDerivative> g) {
            this.maxCheck = AdaptableInterval.of(maxCheck);
            this.g = g;
        }

        @Override
        public AdaptableInterval getMaxCheckInterval() {
            return maxCheck;
        }

        @Override
        public int getMaxIterationCount() {
            return 100;
        }

        @Override
        public BracketedUnivariateSolver<UnivariateFunction> getSolver() {
            return solver;
        }

        @Override
        public ODEEventHandler getHandler() {
            return (s, detector, increasing) -> increasing ? Action.CONTINUE : Action.STOP;
        }

        @Override
        public double g(ODEStateAndDerivative state) {
            return g.applyAsDouble(state);
        }
    }
}
