package dev.overlap.ode.tails;

import java.util.function.DoubleConsumer;

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

import dev.overlap.ode.AutonomousSystem;
import dev.overlap.ode.Integrator;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.Rodas4Stepper;
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
 * atol_y = max(10⁻²⁸, atol · ε_g(c)), rtol_y = max({@link #MIN_RTOL}, rtol · (ε_g(c)/ε_ref)^½) with ε_ref the
 * largest ε_g before the tail ({@link #MIN_RTOL_ROSENBROCK} for RODAS4). The square root: within a segment y grows
 * to the distance travelled, about ε_g^½, while ε_g can be linear in the state (the variance of λ_a − ν_a is linear
 * in Q, R), so rtol_y |y| must be O(rtol ε_g). Whenever ε_g has fallen by {@link #SEGMENT_DROP}
 * the integration stops and restarts re-centred, c ← c + y (rounded), y ← the exact remainder, with the tolerance
 * scaled by the new ε_g, down to max({@link #FLOOR} ε_ref, {@link #ABSOLUTE_FLOOR}), where the last segment runs to
 * the end with rtol {@link #BELOW_FLOOR_RTOL}. Re-centring on the current state, not on a fixed point, also covers
 * attractors that are manifolds (p &gt; p*, the rotations of the quadratic network) and power-law tails, where no Newton step applies.</li>
 * <li><b>Cancellation</b>: the right-hand side and ε_g at c + y are differences of O(1) terms; they are evaluated
 * from the exact sum c + y without that cancellation ({@link DeviationDynamics}: double-double, or for z² the
 * change from the centre in double), so they keep their relative accuracy. ε_g is clamped at 0 only within that
 * rounding, and is never negative.</li>
 * </ol>
 * The tail starts at the first grid row (after α = 0) whose ε_g is at most {@link #SWITCH_FRACTION} times the largest
 * ε_g before it (there the plain run's 10⁻¹⁰ absolute error is 10⁻⁷ of ε_g or less); the rows before it, and the
 * events, are those of the plain run. The tail is integrated with the run's own method: Dormand–Prince 8(5,3), or
 * for Rosenbrock runs (long stiff tails, α ≫ 10³, where an explicit tail would cost one evaluation per unit α) RODAS4
 * ({@link Rodas4Stepper}) on the deviation system, with the exact Jacobian of the double dynamics at c + y (an
 * evaluator without one integrates its tail with Dormand–Prince: a Rosenbrock step cannot meet the tail's tolerances
 * with an approximate Jacobian); RODAS4 segments end at the first step end where ε_g has fallen by
 * {@link #SEGMENT_DROP}, and each starts with the step the previous one reached.
 */
public final class TailRefinement {

    /** The tail starts where ε_g ≤ this fraction of its largest earlier value. */
    public static final double SWITCH_FRACTION = 1e-3;
    /** Re-centre whenever ε_g has fallen by this factor within a segment. */
    public static final double SEGMENT_DROP = 0.1;
    /** No re-centring below this fraction of the largest ε_g (ε_g = 10⁻²⁴ of its scale is zero on any plot). */
    public static final double FLOOR = 1e-24;
    /**
     * Nor below this ε_g, 100 times under the smallest value whose relative accuracy is promised (10⁻¹²): from there
     * on the tail keeps the relative tolerance {@link #BELOW_FLOOR_RTOL} and the absolute tolerance of this level, so
     * that it stays cheap (an overparameterised erf run drifting along its manifold to α = 20000 took 2 million
     * evaluations without it, 253 thousand with it) while ε_g stays accurate to far below this level and is never
     * negative.
     */
    public static final double ABSOLUTE_FLOOR = 1e-14;
    /**
     * Relative tolerance below {@link #ABSOLUTE_FLOOR} (or the run's, if tighter): erf K = M = 2 to α = 900 has
     * ε_g(900) = 1.00127e-15 within 3e-7 of the value at rtol 1e-13; the run's default 1e-10 left it 0.8 % off.
     */
    static final double BELOW_FLOOR_RTOL = 1e-12;
    /** Smallest relative tolerance of the tail (10 ulp of the deviation; 1e-14 left erf 2.1e-6 off at ε_g = 8e-12). */
    static final double MIN_RTOL = 1e-15;
    /**
     * The same for RODAS4, whose order 4 makes 10⁻¹⁵ expensive: 10⁻¹³ gave the same errors on the four references
     * of TailAccuracyTest (at most 1.0e-8) with 44 % fewer evaluations on erf.
     */
    static final double MIN_RTOL_ROSENBROCK = 1e-13;
    /**
     * Smallest absolute tolerance of the deviation: about 10⁴ times the rounding of the accurate right-hand sides
     * (10⁻³² of their O(1) terms), so that the step control never chases rounding once ε_g is below about 10⁻¹⁶
     * (there it still bounds the error of ε_g far below 10⁻⁶ of ε_g ≥ 10⁻¹²: ε_g is at least linear in the
     * distance, which is then at least 10⁻¹² against an error of 10⁻²⁸).
     */
    static final double ATOL_FLOOR = 1e-28;
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
     * @param alphaReached told the α of each refined row (may be null)
     * @return which rows were refined, and the right-hand-side evaluations spent ({@link Refined#NONE} if none)
     */
    public static Refined refine(OverlapDynamics f, SolverOptions options, double[] alphas, double[][] states,
            double[] eps, DoubleConsumer alphaReached) {
        if (!options.relativeTails()) {
            return Refined.NONE;
        }
        DeviationDynamics dev = DeviationDynamics.of(f);
        if (dev == null) {
            return Refined.NONE;
        }
        int rows = alphas.length;
        double largest = rows > 0 ? eps[0] : 0;
        int start = -1;
        for (int i = 1; i < rows - 1; i++) {
            if (!(eps[i] >= 0) || !Double.isFinite(eps[i])) {
                return Refined.NONE;
            }
            if (eps[i] <= SWITCH_FRACTION * largest) {
                start = i;
                break;
            }
            largest = Math.max(largest, eps[i]);
        }
        if (start < 0) {
            return Refined.NONE;
        }
        return new Tail(f, dev, options, alphas, states, eps, largest, alphaReached).run(start);
    }

    /**
     * What {@link #refine} did: the grid rows with from ≤ α ≤ to were recomputed (both NaN if none was).
     *
     * @param from        α of the tail's first row
     * @param to          α of its last refined row (the grid's end unless the evaluation budget ran out)
     * @param evaluations right-hand-side evaluations spent on the tail
     */
    public record Refined(double from, double to, long evaluations) {

        /** Nothing refined. */
        public static final Refined NONE = new Refined(Double.NaN, Double.NaN, 0);

        /**
         * Whether any row was refined.
         *
         * @return true if the tail was recomputed from {@link #from()} on
         */
        public boolean any() {
            return !Double.isNaN(from);
        }
    }

    /** One tail integration: the segments, their centre and the rows filled. */
    private static final class Tail {
        private final OverlapDynamics f;
        private final DoubleConsumer alphaReached;
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
        /** The Rosenbrock step the last segment reached, the next segment's first step (NaN: none yet). */
        private double lastStep = Double.NaN;

        Tail(OverlapDynamics f, DeviationDynamics dev, SolverOptions options, double[] alphas, double[][] states,
                double[] eps, double scale, DoubleConsumer alphaReached) {
            this.f = f;
            this.alphaReached = alphaReached;
            this.dev = dev;
            this.options = options;
            this.alphas = alphas;
            this.states = states;
            this.eps = eps;
            this.floor = Math.max(FLOOR * scale, ABSOLUTE_FLOOR);
            this.reference = scale;
            this.centre = new double[dev.dimension()];
            this.y = new double[dev.dimension()];
        }

        Refined run(int start) {
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
            } catch (MathIllegalStateException | IllegalStateException e) {
                // evaluation budget spent or step size underflow: the rows not reached keep the plain run's values
                return new Refined(alphas[start], alphas[filled - 1], evaluations);
            }
            return new Refined(alphas[start], alphas[filled - 1], evaluations);
        }

        /** c ← c + y rounded, y ← the exact remainder (two-sum per entry). */
        private void recentre() {
            for (int k = 0; k < y.length; k++) {
                DoubleDouble s = DoubleDouble.sum(centre[k], y[k]);
                centre[k] = s.hi();
                y[k] = s.lo();
            }
        }

        /**
         * Integrates from α until ε_g has dropped by {@link #SEGMENT_DROP} or the grid ends, with the tolerances
         * scaled by the ε_g of the segment's start; returns the α reached.
         */
        private double segment(double from, double end) {
            double level = dev.generalisationError(centre, y);
            boolean resolved = level > floor;
            double scale = Math.max(level, floor);
            double minimum = options.integrator() == Integrator.ROSENBROCK ? MIN_RTOL_ROSENBROCK : MIN_RTOL;
            double rtol = resolved ? Math.max(minimum, options.rtol() * Math.sqrt(scale / reference))
                    : Math.max(minimum, Math.min(options.rtol(), BELOW_FLOOR_RTOL));
            double atol = Math.max(ATOL_FLOOR, options.atol() * scale);
            double target = resolved ? SEGMENT_DROP * level : Double.NEGATIVE_INFINITY;
            double[] fixedCentre = centre.clone();
            return options.integrator() == Integrator.ROSENBROCK && f.exactJacobian()
                    ? rosenbrockSegment(fixedCentre, from, end, rtol, atol, target)
                    : dormandPrinceSegment(fixedCentre, from, end, rtol, atol, target);
        }

        /** The segment with Dormand–Prince 8(5,3), stopped by a {@link Drop} event at ε_g = target. */
        private double dormandPrinceSegment(double[] fixedCentre, double from, double end, double rtol, double atol,
                double target) {
            DormandPrince853Integrator integrator = new DormandPrince853Integrator(0.0, end - from, atol, rtol);
            integrator.setMaxEvaluations((int) Math.max(1, MAX_EVALUATIONS - evaluations));
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
                        fill(fixedCentre, interpolator.getInterpolatedState(alphas[filled]).getPrimaryState());
                    }
                }
            });
            if (target > Double.NEGATIVE_INFINITY) {
                integrator.addEventDetector(new Drop(end - from, s -> {
                    System.arraycopy(s.getPrimaryState(), 0, work, 0, work.length);
                    return dev.generalisationError(fixedCentre, work) - target;
                }));
            }
            ODEStateAndDerivative last = integrator.integrate(ode, new ODEState(from, y.clone()), end);
            System.arraycopy(last.getPrimaryState(), 0, y, 0, y.length);
            return last.getTime();
        }

        /**
         * The segment with RODAS4 on the deviation system, stopped at the first step end where ε_g ≤ target.
         *
         * @throws IllegalStateException if the evaluation budget is spent or a step size underflows
         */
        private double rosenbrockSegment(double[] fixedCentre, double from, double end, double rtol, double atol,
                double target) {
            Rodas4Stepper stepper = new Rodas4Stepper(new DeviationSystem(f, dev, fixedCentre), rtol, atol);
            double[] dy = new double[y.length];
            stepper.start(from, y, lastStep);
            try {
                while (stepper.time() < end && filled < alphas.length) {
                    if (evaluations + stepper.evaluations() >= MAX_EVALUATIONS) {
                        throw new IllegalStateException("the tail's evaluation budget is spent");
                    }
                    stepper.step(Math.min(end, alphas[filled]));
                    if (stepper.time() >= alphas[filled]) {
                        fill(fixedCentre, stepper.state());
                    }
                    if (dev.generalisationError(fixedCentre, stepper.state()) <= target) {
                        break;
                    }
                }
            } finally {
                evaluations += stepper.evaluations();
                lastStep = stepper.stepSize();
            }
            System.arraycopy(stepper.state(), 0, y, 0, y.length);
            return stepper.time();
        }

        /** Fills the next grid row with the state centre + dy and its ε_g. */
        private void fill(double[] fixedCentre, double[] dy) {
            double[] row = new double[dy.length];
            for (int k = 0; k < row.length; k++) {
                row[k] = fixedCentre[k] + dy[k];
            }
            states[filled] = row;
            eps[filled] = dev.generalisationError(fixedCentre, dy);
            if (alphaReached != null) {
                alphaReached.accept(alphas[filled]);
            }
            filled++;
        }
    }

    /**
     * The deviation y about a fixed centre c as an autonomous system for {@link Rodas4Stepper}: dy/dα from the
     * double-double {@link DeviationDynamics}, and the Jacobian of the double dynamics at c + y (rounded), which is
     * the Jacobian of the deviation system to double accuracy; where the evaluator has no exact Jacobian the stepper
     * falls back to forward differences of the double-double right-hand side.
     */
    private static final class DeviationSystem implements AutonomousSystem {
        private final OverlapDynamics f;
        private final DeviationDynamics dev;
        private final double[] centre;
        private final double[] state;

        DeviationSystem(OverlapDynamics f, DeviationDynamics dev, double[] centre) {
            this.f = f;
            this.dev = dev;
            this.centre = centre;
            this.state = new double[centre.length];
        }

        @Override
        public int dimension() {
            return centre.length;
        }

        @Override
        public void derivatives(double[] deviation, double[] out) {
            dev.derivatives(centre, deviation, out);
        }

        @Override
        public boolean exactJacobian(double[] deviation, double[] rowMajor) {
            for (int k = 0; k < state.length; k++) {
                state[k] = centre[k] + deviation[k];
            }
            return f.exactJacobian(state, rowMajor);
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
