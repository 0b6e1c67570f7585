package dev.overlap.ode;

import java.util.Arrays;
import java.util.function.DoubleConsumer;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.model.Overlaps;

/**
 * Integrates the overlap ODEs with the method of {@link SolverOptions#integrator()} (Hipparchus' adaptive
 * Dormand–Prince 8(5,3), or the Rosenbrock method RODAS4 of {@link Rodas4Stepper}) and reads the state off
 * its continuous output at the requested α values.
 *
 * <p>Events (all located by root finding on the continuous output, to 1e-12 in α; the plateau and escape
 * are sampled every α_max/2000 at least, see {@link PlateauEvents}):
 * <ul>
 * <li><b>plateau</b>: the unspecialised fixed point (R = 0) reached from the initial state, found by
 * {@link FixedPoints#unspecialisedFrom}; its ε_g* and Jacobian spectrum; the trajectory is on the plateau
 * while |ε_g(α) − ε_g*| ≤ tol · ε_g* ({@link SolverOptions#plateauTolerance()}), and the event α is the
 * first time it enters that band (exit: the first time after that it leaves it);</li>
 * <li><b>escape</b>: the first α with ε_g(α) ≤ f · ε_g* ({@link SolverOptions#escapeFraction()}, default
 * ½); 0 if the run starts below that level;</li>
 * <li><b>divergence</b>: max_a Q_aa exceeds {@link SolverOptions#divergenceFactor()} times its initial
 * scale (checked at every step end: norms blown up by that factor do not come back within a step), or the
 * integrator fails; the run stops there and the trajectory ends at the last grid α before.</li>
 * </ul>
 */
public final class OverlapSolver {

    /**
     * Right-hand-side evaluations after which a solve stops with an error (10–30 s): far in the tail the explicit
     * integrator's step is bounded by the fastest stable rate, so the cost grows like α_max (about one evaluation
     * per unit α for p = 3, p* = 2 with the defaults: α_max = 10⁷ takes 9.4·10⁶).
     */
    static final long MAX_EVALUATIONS = 20_000_000L;

    private final SolverOptions options;
    private final long maxEvaluations;
    private final DoubleConsumer progress;

    public OverlapSolver(SolverOptions options) {
        this(options, MAX_EVALUATIONS);
    }

    /** With another cap on the right-hand-side evaluations (for tests). */
    OverlapSolver(SolverOptions options, long maxEvaluations) {
        this(options, maxEvaluations, null);
    }

    private OverlapSolver(SolverOptions options, long maxEvaluations, DoubleConsumer progress) {
        this.maxEvaluations = maxEvaluations;
        this.options = options;
        this.progress = progress;
    }

    /**
     * The same solver, reporting the α reached to {@code alphaReached}: 0 when the plateau search is done and the
     * integration starts, then the end of every accepted integrator step (called on the solving thread).
     */
    public OverlapSolver withProgress(DoubleConsumer alphaReached) {
        return new OverlapSolver(options, maxEvaluations, alphaReached);
    }

    /** Solves the spec from its own initial condition with its default (closed-form) dynamics. */
    public Trajectory solve(ModelSpec spec, AlphaGrid grid) {
        Overlaps init = spec.initialOverlaps();
        return solve(OverlapDynamics.of(spec, init.teacherOverlap()), init, grid);
    }

    /** Solves dy/dα = f(y) from {@code initial} and reports at the grid values. */
    public Trajectory solve(OverlapDynamics f, Overlaps initial, AlphaGrid grid) {
        long t0 = System.nanoTime();
        int p = f.spec().p();
        double[] y0 = initial.toState();
        int dim = y0.length;

        boolean invariant = FixedPoints.unspecialisedInvariant(f, y0);
        FixedPoint plateauPoint = FixedPoints.plateauFrom(f, y0);
        double epsPlateau = plateauPoint == null ? Double.NaN : plateauPoint.epsG();

        double scale = 1.0;
        for (int a = 0; a < p; a++) {
            scale = Math.max(scale, y0[FixedPoints.index(p, a, a)]);
        }
        for (int r = 0; r < f.spec().pstar(); r++) {
            scale = Math.max(scale, initial.t(r, r));
        }
        final double blowUp = options.divergenceFactor() * scale;

        double[] alphas = grid.values();
        dev.overlap.model.MemoryBudget.require((double) alphas.length * (f.dimension() + 4), alphas.length,
                "the trajectory's " + alphas.length + " rows (the state and ε_g per α)", "fewer --points");
        Run run = new Run(alphas, dim);
        while (run.filled < alphas.length && alphas[run.filled] == 0.0) {
            run.states[run.filled++] = y0.clone();
        }

        double alphaEnd = grid.last();
        double maxCheck = Math.max(alphaEnd / 2000, 1e-6);
        PlateauEvents events = plateauPoint == null ? null
                : new PlateauEvents(f, epsPlateau, options, maxCheck, y0);
        if (alphaEnd > 0) {
            if (progress != null) {
                progress.accept(0.0);
            }
            if (options.integrator() == Integrator.ROSENBROCK) {
                integrateRosenbrock(f, y0, alphaEnd, blowUp, events, run);
            } else {
                integrateDormandPrince(f, y0, alphaEnd, blowUp, events, run);
            }
        }

        Events.Divergence divergence = null;
        if (run.divergedAt != null) {
            String why = run.failure == null
                    ? "max Q_aa exceeded " + ModelSpec.compact(blowUp)
                    : "the integrator failed (" + run.failure + ")";
            divergence = new Events.Divergence(run.divergedAt, "the overlaps diverged at α = "
                    + ModelSpec.compact(run.divergedAt) + ": " + why + "; the learning rate η = "
                    + ModelSpec.compact(f.spec().eta()) + " is too large for bounded norms");
        } else if (run.end != null && run.filled < alphas.length) {
            run.states[run.filled++] = run.end;
        }

        int rows = run.filled;
        double[] outAlphas = Arrays.copyOf(alphas, rows);
        double[][] outStates = Arrays.copyOf(run.states, rows);
        double[] eps = new double[rows];
        for (int i = 0; i < rows; i++) {
            eps[i] = f.generalisationError(outStates[i]);
        }
        long tailEvaluations = run.divergedAt == null
                ? dev.overlap.ode.tails.TailRefinement.refine(f, options, outAlphas, outStates, eps) : 0;

        Events.Plateau plateau = null;
        Events.Escape esc = null;
        if (plateauPoint != null) {
            int mq = p * (p + 1) / 2;
            plateau = new Events.Plateau(epsPlateau, Arrays.copyOf(plateauPoint.state(), mq),
                    plateauPoint.escapeRate(), plateauPoint.unstableDirections(1e-9), events.entry(), events.exit(),
                    options.plateauTolerance(), plateauPoint);
            esc = new Events.Escape(events.escape(), options.escapeFraction(), options.escapeFraction() * epsPlateau);
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        return new Trajectory(f.spec(), initial.teacherOverlap(), f.evaluatorName(), options, grid.description(),
                outAlphas, outStates, eps, new Events(plateau, esc, divergence,
                plateau != null ? null : invariant ? Events.UNBOUNDED : Events.NOT_INVARIANT),
                run.evaluations + tailEvaluations, wall);
    }

    /** What an integration produced: the grid rows filled so far, where it stopped and why. */
    private static final class Run {
        final double[] alphas;
        final double[][] states;
        final int dimension;
        int filled;
        double lastTime;
        Double divergedAt;
        String failure;
        double[] end;
        long evaluations;

        Run(double[] alphas, int dimension) {
            this.alphas = alphas;
            this.states = new double[alphas.length][];
            this.dimension = dimension;
        }

        /** Fills the grid rows with α ≤ upTo from a continuous output. */
        void fill(double upTo, PlateauEvents.DenseOutput out) {
            while (filled < alphas.length && alphas[filled] <= upTo) {
                double[] row = new double[dimension];
                out.state(alphas[filled], row);
                states[filled++] = row;
            }
        }
    }


    private String tooManyEvaluations(double reached, double alphaEnd, String why) {
        return String.format(java.util.Locale.ROOT, "the solve stopped at α = %s after %d right-hand-side evaluations,"
                + " short of α = %s: %s; ask for a smaller α (--alpha-max, --alphas)", ModelSpec.compact(reached),
                maxEvaluations, ModelSpec.compact(alphaEnd), why);
    }

    /**
     * Hipparchus' Dormand–Prince 8(5,3): the plateau events are scanned on its continuous output in the step
     * handler; the divergence is a Hipparchus event checked at every step end (a blow-up of the norms by the
     * divergence factor does not come back within one step), which stops the run.
     */
    private void integrateDormandPrince(OverlapDynamics f, double[] y0, double alphaEnd, double blowUp,
            PlateauEvents events, Run run) {
        int p = f.spec().p();
        OverlapOde ode = new OverlapOde(f);
        DormandPrince853Integrator integrator =
                new DormandPrince853Integrator(0.0, alphaEnd, options.atol(), options.rtol());
        integrator.setMaxEvaluations((int) Math.min(Integer.MAX_VALUE, maxEvaluations));
        integrator.addStepHandler(new ODEStepHandler() {
            @Override
            public void handleStep(ODEStateInterpolator interpolator) {
                double t0 = interpolator.getPreviousState().getTime();
                double t1 = interpolator.getCurrentState().getTime();
                run.lastTime = t1;
                if (progress != null) {
                    progress.accept(t1);
                }
                PlateauEvents.DenseOutput out = (alpha, into) -> System.arraycopy(
                        interpolator.getInterpolatedState(alpha).getPrimaryState(), 0, into, 0, into.length);
                if (events != null) {
                    events.scan(t0, t1, out);
                }
                run.fill(t1, out);
            }
        });
        integrator.addEventDetector(new SimpleDetector(alphaEnd,
                s -> blowUp - FixedPoints.largestDiagonal(p, s.getPrimaryState()),
                (s, increasing) -> {
                    if (!increasing) {
                        run.divergedAt = s.getTime();
                        return Action.STOP;
                    }
                    return Action.CONTINUE;
                }));
        try {
            run.end = integrator.integrate(ode, new ODEState(0.0, y0), alphaEnd).getPrimaryState();
        } catch (MathRuntimeException e) {
            if (e.getSpecifier() == org.hipparchus.exception.LocalizedCoreFormats.MAX_COUNT_EXCEEDED) {
                throw new SpecException(tooManyEvaluations(run.lastTime, alphaEnd, "far in the tail the explicit"
                        + " integrator's step is limited by the fastest stable rate, so the cost grows like α"
                        + " (--integrator rosenbrock is not)"), e);
            }
            run.failure = e.getLocalizedMessage();
            run.divergedAt = run.lastTime;
        }
        run.evaluations = ode.evaluations();
        if (run.divergedAt != null) {
            run.end = null;
        }
    }

    /**
     * RODAS4 ({@link Rodas4Stepper}); the plateau events are scanned on its continuous output, the divergence
     * is checked at every step end and located on the continuous output, where the run stops.
     */
    private void integrateRosenbrock(OverlapDynamics f, double[] y0, double alphaEnd, double blowUp,
            PlateauEvents events, Run run) {
        int p = f.spec().p();
        Rodas4Stepper stepper = new Rodas4Stepper(f, options.rtol(), options.atol());
        PlateauEvents.DenseOutput out = stepper::interpolate;
        stepper.start(0.0, y0);
        try {
            while (stepper.time() < alphaEnd) {
                if (stepper.evaluations() >= maxEvaluations) {
                    throw new SpecException(tooManyEvaluations(stepper.time(), alphaEnd,
                            "the integrator's steps stayed small"));
                }
                stepper.step(alphaEnd);
                double t0 = stepper.previousTime();
                double t1 = stepper.time();
                run.lastTime = t1;
                if (progress != null) {
                    progress.accept(t1);
                }
                if (!(blowUp - FixedPoints.largestDiagonal(p, stepper.state()) > 0)) {
                    double[] work = new double[y0.length];
                    double at = new org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver(1e-14, 1e-12,
                            1e-18, 5).solve(200, alpha -> {
                                stepper.interpolate(alpha, work);
                                double g = blowUp - FixedPoints.largestDiagonal(p, work);
                                return Double.isFinite(g) ? g : -1;
                            }, t0, t1);
                    run.divergedAt = at;
                    if (events != null) {
                        events.scan(t0, at, out);
                    }
                    run.fill(at, out);
                    break;
                }
                if (events != null) {
                    events.scan(t0, t1, out);
                }
                run.fill(t1, out);
            }
        } catch (IllegalStateException e) {
            run.failure = e.getMessage();
            run.divergedAt = run.lastTime;
        }
        run.evaluations = stepper.evaluations();
        if (run.divergedAt == null) {
            run.end = stepper.state().clone();
        }
    }
}
