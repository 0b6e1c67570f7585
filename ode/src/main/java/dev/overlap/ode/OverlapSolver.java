package dev.overlap.ode;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.events.DivergenceDetector;
import dev.overlap.ode.events.EscapeDetector;
import dev.overlap.ode.events.EventKind;
import dev.overlap.ode.events.EventsLog;
import dev.overlap.ode.events.PlateauBandDetector;
import dev.overlap.ode.sampling.DenseOutput;
import dev.overlap.ode.sampling.GridSampler;
import dev.overlap.ode.tails.TailRefinement;

/**
 * Integrates the overlap ODEs with the method of {@link SolverOptions#integrator()} (Hipparchus' adaptive
 * Dormand–Prince 8(5,3), or the Rosenbrock method RODAS4 of {@link Rodas4Stepper}) and reads the state off
 * its continuous output at the requested α values.
 *
 * <p>Events (named detectors of {@code ode.events}, recorded in an {@link EventsLog}; all located by root finding
 * on the continuous output, to 1e-12 in α; the plateau and escape are sampled every α_max/2000 at least, see
 * {@link PlateauEvents}); the grid rows are read by a {@link GridSampler}:
 * <ul>
 * <li><b>plateau</b>: the unspecialised fixed point (R = 0) reached from the initial state, found by
 * {@link FixedPoints#unspecialisedFrom}; its ε_g* and Jacobian spectrum; the trajectory is on the plateau
 * while |ε_g(α) − ε_g*| ≤ tol · ε_g* ({@link SolverOptions#plateauTolerance()}), and the event α is the
 * first time it enters that band (exit: the first time after that it leaves it);</li>
 * <li><b>escape</b>: the first α with ε_g(α) ≤ f · ε_g* ({@link SolverOptions#escapeFraction()}, default
 * ½); 0 if the run starts below that level;</li>
 * <li><b>divergence</b> ({@link DivergenceRule}, {@link DivergenceDetector}): max_a Q_aa exceeds
 * {@link SolverOptions#divergenceFactor()} times its initial scale (checked at every step end: norms blown up
 * by that factor do not come back within a step), or the integrator fails; the run stops there and the
 * trajectory ends at the last grid α before.</li>
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
    private final Consumer<String> phases;

    /**
     * Above this α a step-size underflow is not taken for a divergence: the smallest step there, 16 ulp(α) ≥ 2e-9,
     * is within reach of a run that merely converges slowly (α = 1e300 underflowed at α = 2.6e11 with bounded
     * norms), while a blow-up underflows at the α where it happens.
     */
    private static final double PRECISION_ALPHA = 1e6;

    public OverlapSolver(SolverOptions options) {
        this(options, MAX_EVALUATIONS);
    }

    /** With another cap on the right-hand-side evaluations (for tests). */
    OverlapSolver(SolverOptions options, long maxEvaluations) {
        this(options, maxEvaluations, null, null);
    }

    private OverlapSolver(SolverOptions options, long maxEvaluations, DoubleConsumer progress,
            Consumer<String> phases) {
        this.maxEvaluations = maxEvaluations;
        this.options = options;
        this.progress = progress;
        this.phases = phases;
    }

    /**
     * The same solver, reporting the α reached to {@code alphaReached}: 0 when the plateau search is done and the
     * integration starts, then the end of every accepted integrator step (called on the solving thread).
     *
     * @return a copy of this solver that reports its progress to {@code alphaReached}
     */
    public OverlapSolver withProgress(DoubleConsumer alphaReached) {
        return new OverlapSolver(options, maxEvaluations, alphaReached, phases);
    }

    /**
     * The same solver, naming to {@code phaseEntered} the phases after the integration ("refining the tail", whose
     * grid rows are then reported as α reached again).
     *
     * @return a copy of this solver that also reports its phases
     */
    public OverlapSolver withPhases(Consumer<String> phaseEntered) {
        return new OverlapSolver(options, maxEvaluations, progress, phaseEntered);
    }

    /**
     * Solves the spec from its own initial condition with its default (closed-form) dynamics.
     *
     * @return the trajectory at the grid values
     */
    public Trajectory solve(ModelSpec spec, AlphaGrid grid) {
        Overlaps init = spec.initialOverlaps();
        return solve(OverlapDynamics.of(spec, init.teacherOverlap()), init, grid);
    }

    /**
     * Solves dy/dα = f(y) from {@code initial} and reports at the grid values: the plateau search, the
     * integration with its events, then the trajectory.
     *
     * @return the trajectory at the grid values, with the plateau and the events found
     */
    public Trajectory solve(OverlapDynamics f, Overlaps initial, AlphaGrid grid) {
        long t0 = System.nanoTime();
        double[] y0 = initial.toState();
        boolean invariant = FixedPoints.unspecialisedInvariant(f, y0);
        return solve(f, initial, y0, grid, FixedPoints.plateauFrom(f, y0, invariant), invariant, t0);
    }

    /**
     * {@link #solve(OverlapDynamics, Overlaps, AlphaGrid)} with the plateau already known, so that it is not
     * searched again (a simulated seed's own plateau, for example).
     *
     * @param plateau the fixed point {@link FixedPoints#plateauFrom}(f, initial's flat state) gives (not null)
     * @return the trajectory, equal to the one the three-argument method gives
     */
    public Trajectory solve(OverlapDynamics f, Overlaps initial, AlphaGrid grid, FixedPoint plateau) {
        if (plateau == null) {
            throw new IllegalArgumentException("a known plateau is needed (use solve(f, initial, grid) to search it)");
        }
        return solve(f, initial, initial.toState(), grid, plateau, true, System.nanoTime());
    }

    /**
     * The solve from y0 with its plateau (null: none, then {@code invariant} says whether R = 0 was invariant):
     * the integration with its events, then the trajectory.
     */
    private Trajectory solve(OverlapDynamics f, Overlaps initial, double[] y0, AlphaGrid grid, FixedPoint plateau,
            boolean invariant, long t0) {
        double[] alphas = grid.values();
        dev.overlap.model.MemoryBudget.require((double) alphas.length * (f.dimension() + 4), alphas.length,
                "the trajectory's " + alphas.length + " rows (the state and ε_g per α)", "fewer {points}");
        DivergenceRule rule = DivergenceRule.of(options.divergenceFactor(), f.layout(), y0, initial.teacherOverlap());
        EventsLog log = new EventsLog();
        Run run = integrate(f, y0, alphas, rule, plateau, log);
        Events events = events(f, plateau, invariant, rule, run, log);
        double[] outAlphas = run.sampler.alphas();
        double[][] outStates = run.sampler.rows().toArray(new double[0][]);
        double[] eps = new double[outStates.length];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = f.generalisationError(outStates[i]);
        }
        TailRefinement.Refined tail = TailRefinement.Refined.NONE;
        if (events.divergence() == null && options.relativeTails()) {
            if (phases != null) {
                phases.accept("refining the tail");
            }
            tail = TailRefinement.refine(f, options, outAlphas, outStates, eps, progress);
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        return new Trajectory(f.spec(), initial.teacherOverlap(), f.evaluatorName(), options, grid.description(),
                outAlphas, outStates, eps, events, run.evaluations + tail.evaluations(), wall, f.exactJacobian(), tail);
    }

    /**
     * Integrates from y0 to the last grid value, sampling the grid ({@link GridSampler}), scanning the plateau
     * events ({@link PlateauEvents}, every α_max/2000 at least) and stopping at a divergence
     * ({@link DivergenceDetector}); the events go to {@code log}.
     */
    private Run integrate(OverlapDynamics f, double[] y0, double[] alphas, DivergenceRule rule, FixedPoint plateau,
            EventsLog log) {
        double alphaEnd = alphas[alphas.length - 1];
        double maxCheck = Math.max(alphaEnd / 2000, 1e-6);
        PlateauEvents scan = plateau == null ? null : new PlateauEvents(f,
                log.monitor(new EscapeDetector(f, options.escapeFraction() * plateau.epsG()).withMaxCheck(maxCheck)),
                log.monitor(new PlateauBandDetector(f, plateau.epsG(), options.plateauTolerance())
                        .withMaxCheck(maxCheck)),
                maxCheck, y0);
        GridSampler<double[]> sampler = new GridSampler<>(alphas, y0.length, (alpha, y) -> y.clone());
        sampler.start(y0);
        Run run = new Run(sampler, scan);
        if (alphaEnd > 0) {
            if (progress != null) {
                progress.accept(0.0);
            }
            DivergenceDetector divergence =
                    log.monitor(DivergenceDetector.onStudentNorms(rule, f.layout()).withMaxCheck(alphaEnd));
            if (options.integrator() == Integrator.ROSENBROCK) {
                integrateRosenbrock(f, y0, alphaEnd, divergence, run);
            } else {
                integrateDormandPrince(f, y0, alphaEnd, divergence, run);
            }
        }
        if (run.end != null && log.first(EventKind.DIVERGENCE, false) == null) {
            sampler.fillNext(run.end);
        }
        return run;
    }

    /** The plateau, escape and divergence events of a run, from its log. */
    private Events events(OverlapDynamics f, FixedPoint plateauPoint, boolean invariant, DivergenceRule rule, Run run,
            EventsLog log) {
        Double divergedAt = run.failure != null ? Double.valueOf(run.lastTime) : log.first(EventKind.DIVERGENCE, false);
        Events.Divergence divergence = null;
        if (divergedAt != null) {
            String eta = ModelSpec.compact(f.spec().eta());
            String at = ModelSpec.compact(divergedAt);
            if (run.failure != null && run.failure.contains("underflow") && divergedAt > PRECISION_ALPHA) {
                divergence = new Events.Divergence(divergedAt, "the integration stopped at α = " + at
                        + ": the integrator failed (" + run.failure + "); either the norms diverge (the learning rate"
                        + " η = " + eta + " too large) or the steps at this α are below what double precision resolves");
            } else {
                divergence = new Events.Divergence(divergedAt, "the overlaps diverged at α = " + at + ": "
                        + (run.failure == null ? rule.reason() : "the integrator failed (" + run.failure + ")")
                        + "; the learning rate η = " + eta + " is too large for bounded norms");
            }
        }
        if (plateauPoint == null) {
            return new Events(null, null, divergence, invariant ? Events.UNBOUNDED : Events.NOT_INVARIANT);
        }
        double epsPlateau = plateauPoint.epsG();
        Double entry = log.first(EventKind.PLATEAU_BAND, false);
        Events.Plateau plateau = new Events.Plateau(epsPlateau,
                Arrays.copyOf(plateauPoint.state(), f.layout().qSize()), plateauPoint.escapeRate(),
                plateauPoint.unstableDirections(1e-9), entry, entry == null ? null : log.first(EventKind.PLATEAU_BAND,
                        true), options.plateauTolerance(), plateauPoint);
        Events.Escape escape = new Events.Escape(log.first(EventKind.ESCAPE, false), options.escapeFraction(),
                options.escapeFraction() * epsPlateau);
        return new Events(plateau, escape, divergence, null);
    }

    /**
     * What an integration produced: its grid rows (in the sampler), how far it got, and why it stopped early if it
     * did (a failure of the integrator; a divergence is in the events log).
     */
    private final class Run {
        final GridSampler<double[]> sampler;
        final PlateauEvents scan;
        double lastTime;
        String failure;
        double[] end;
        long evaluations;

        Run(GridSampler<double[]> sampler, PlateauEvents scan) {
            this.sampler = sampler;
            this.scan = scan;
        }

        /** An accepted step ended at α₁: reports the progress. */
        void reached(double alpha1) {
            lastTime = alpha1;
            if (progress != null) {
                progress.accept(alpha1);
            }
        }

        /** Scans the events and samples the grid over [α₀, upTo] of a continuous output. */
        void record(double alpha0, double upTo, DenseOutput out) {
            if (scan != null) {
                scan.scan(alpha0, upTo, out);
            }
            sampler.fill(upTo, out);
        }
    }

    /** The step handler of the Dormand–Prince path: progress and the plateau events (the grid is sampled apart). */
    private static final class EventScanHandler implements ODEStepHandler {
        private final Run run;

        EventScanHandler(Run run) {
            this.run = run;
        }

        @Override
        public void handleStep(ODEStateInterpolator interpolator) {
            double t0 = interpolator.getPreviousState().getTime();
            double t1 = interpolator.getCurrentState().getTime();
            run.reached(t1);
            if (run.scan != null) {
                run.scan.scan(t0, t1, (alpha, into) -> System.arraycopy(
                        interpolator.getInterpolatedState(alpha).getPrimaryState(), 0, into, 0, into.length));
            }
        }
    }

    private String tooManyEvaluations(double reached, double alphaEnd, String why) {
        return String.format(java.util.Locale.ROOT, "the solve stopped at α = %s after %d right-hand-side evaluations,"
                + " short of α = %s: %s; ask for a smaller α ({alpha_max}, {alphas})", ModelSpec.compact(reached),
                maxEvaluations, ModelSpec.compact(alphaEnd), why);
    }

    /**
     * Hipparchus' Dormand–Prince 8(5,3): the plateau events are scanned on its continuous output by a step
     * handler, the grid is sampled by the {@link GridSampler}; the {@link DivergenceDetector} is a Hipparchus
     * event checked at every step end (a blow-up of the norms by the divergence factor does not come back within
     * one step), which stops the run.
     */
    private void integrateDormandPrince(OverlapDynamics f, double[] y0, double alphaEnd, DivergenceDetector divergence,
            Run run) {
        OverlapOde ode = new OverlapOde(f);
        DormandPrince853Integrator integrator =
                new DormandPrince853Integrator(0.0, alphaEnd, options.atol(), options.rtol());
        integrator.setMaxEvaluations((int) Math.min(Integer.MAX_VALUE, maxEvaluations));
        integrator.addStepHandler(new EventScanHandler(run));
        integrator.addStepHandler(run.sampler);
        integrator.addEventDetector(divergence);
        try {
            double[] end = integrator.integrate(ode, new ODEState(0.0, y0), alphaEnd).getPrimaryState();
            run.end = end;
        } catch (MathRuntimeException e) {
            if (e.getSpecifier() == org.hipparchus.exception.LocalizedCoreFormats.MAX_COUNT_EXCEEDED) {
                throw SpecException.mentioning(tooManyEvaluations(run.lastTime, alphaEnd, "far in the tail the"
                        + " explicit integrator's step is limited by the fastest stable rate, so the cost grows like α"
                        + " ({integrator rosenbrock} is not)"), e);
            }
            run.failure = e.getLocalizedMessage();
        }
        run.evaluations = ode.evaluations();
    }

    /**
     * RODAS4 ({@link Rodas4Stepper}); the plateau events are scanned and the grid sampled on its continuous
     * output; the divergence is checked at every step end and located on the continuous output with the
     * {@link DivergenceDetector}'s solver, where the run stops.
     */
    private void integrateRosenbrock(OverlapDynamics f, double[] y0, double alphaEnd, DivergenceDetector divergence,
            Run run) {
        Rodas4Stepper stepper = new Rodas4Stepper(f, options.rtol(), options.atol());
        DenseOutput out = stepper::interpolate;
        double[] work = new double[y0.length];
        stepper.start(0.0, y0);
        try {
            while (stepper.time() < alphaEnd) {
                if (stepper.evaluations() >= maxEvaluations) {
                    throw SpecException.mentioning(tooManyEvaluations(stepper.time(), alphaEnd,
                            "the integrator's steps stayed small"), null);
                }
                stepper.step(alphaEnd);
                double t0 = stepper.previousTime();
                double t1 = stepper.time();
                run.reached(t1);
                if (!(divergence.g(t1, stepper.state()) > 0)) {
                    double at = divergence.getSolver().solve(divergence.getMaxIterationCount(), alpha -> {
                        stepper.interpolate(alpha, work);
                        return divergence.g(alpha, work);
                    }, t0, t1);
                    run.record(t0, at, out);
                    stepper.interpolate(at, work);
                    double[] dy = new double[work.length];
                    f.derivatives(work, dy);
                    divergence.getHandler().eventOccurred(new ODEStateAndDerivative(at, work.clone(), dy), divergence,
                            false);
                    break;
                }
                run.record(t0, t1, out);
            }
        } catch (IllegalStateException e) {
            run.failure = e.getMessage();
        }
        run.evaluations = stepper.evaluations();
        if (run.failure == null) {
            run.end = stepper.state().clone();
        }
    }
}
