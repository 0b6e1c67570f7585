package dev.overlap.ode;

import java.util.Arrays;
import java.util.function.DoubleConsumer;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.model.Overlaps;

/**
 * Integrates the overlap ODEs with Hipparchus' adaptive Dormand–Prince 8(5,3) method and reads the state
 * off its dense output at the requested α values.
 *
 * <p>Events (all located by root finding on the continuous output, to 1e-12 in α):
 * <ul>
 * <li><b>plateau</b>: the unspecialised fixed point (R = 0) reached from the initial state, found by
 * {@link FixedPoints#unspecialisedFrom}; its ε_g* and Jacobian spectrum; the trajectory is on the plateau
 * while |ε_g(α) − ε_g*| ≤ tol · ε_g* ({@link SolverOptions#plateauTolerance()}), and the event α is the
 * first time it enters that band (exit: the first time after that it leaves it);</li>
 * <li><b>escape</b>: the first α with ε_g(α) ≤ f · ε_g* ({@link SolverOptions#escapeFraction()}, default
 * ½); 0 if the run starts below that level;</li>
 * <li><b>divergence</b>: max_a Q_aa exceeds {@link SolverOptions#divergenceFactor()} times its initial
 * scale, or the integrator fails; the run stops there and the trajectory ends at the last grid α before.</li>
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
        double[][] states = new double[alphas.length][];
        int[] filled = {0};
        double[] lastTime = {0.0};
        while (filled[0] < alphas.length && alphas[filled[0]] == 0.0) {
            states[filled[0]++] = y0.clone();
        }

        double eps0 = f.generalisationError(y0);
        Double[] plateauIn = {null};
        Double[] plateauOut = {null};
        Double[] escape = {null};
        Double[] divergedAt = {null};
        if (plateauPoint != null) {
            double band = options.plateauTolerance() * epsPlateau;
            if (Math.abs(eps0 - epsPlateau) <= band) {
                plateauIn[0] = 0.0;
            }
            if (eps0 <= options.escapeFraction() * epsPlateau) {
                escape[0] = 0.0;
            }
        }

        double alphaEnd = grid.last();
        ODEStateAndDerivative end = null;
        String failure = null;
        OverlapOde ode = new OverlapOde(f);
        if (alphaEnd > 0) {
            DormandPrince853Integrator integrator =
                    new DormandPrince853Integrator(0.0, alphaEnd, options.atol(), options.rtol());
            integrator.setMaxEvaluations((int) Math.min(Integer.MAX_VALUE, maxEvaluations));
            integrator.addStepHandler(new ODEStepHandler() {
                @Override
                public void handleStep(ODEStateInterpolator interpolator) {
                    double tEnd = interpolator.getCurrentState().getTime();
                    lastTime[0] = tEnd;
                    if (progress != null) {
                        progress.accept(tEnd);
                    }
                    while (filled[0] < alphas.length && alphas[filled[0]] <= tEnd) {
                        states[filled[0]] = interpolator.getInterpolatedState(alphas[filled[0]]).getPrimaryState();
                        filled[0]++;
                    }
                }
            });
            double maxCheck = Math.max(alphaEnd / 2000, 1e-6);
            if (plateauPoint != null) {
                double target = options.escapeFraction() * epsPlateau;
                integrator.addEventDetector(new SimpleDetector(maxCheck,
                        s -> f.generalisationError(s.getPrimaryState()) - target, (s, increasing) -> {
                            if (!increasing && escape[0] == null) {
                                escape[0] = s.getTime();
                            }
                            return Action.CONTINUE;
                        }));
                double band = options.plateauTolerance() * epsPlateau;
                integrator.addEventDetector(new SimpleDetector(maxCheck,
                        s -> Math.abs(f.generalisationError(s.getPrimaryState()) - epsPlateau) - band,
                        (s, increasing) -> {
                            if (!increasing && plateauIn[0] == null) {
                                plateauIn[0] = s.getTime();
                            } else if (increasing && plateauIn[0] != null && plateauOut[0] == null) {
                                plateauOut[0] = s.getTime();
                            }
                            return Action.CONTINUE;
                        }));
            }
            integrator.addEventDetector(new SimpleDetector(maxCheck, s -> {
                double[] x = s.getPrimaryState();
                double big = 0;
                for (int a = 0; a < p; a++) {
                    double v = Math.abs(x[FixedPoints.index(p, a, a)]);
                    big = Double.isFinite(v) ? Math.max(big, v) : Double.POSITIVE_INFINITY;
                }
                return blowUp - big;
            }, (s, increasing) -> {
                if (!increasing) {
                    divergedAt[0] = s.getTime();
                    return Action.STOP;
                }
                return Action.CONTINUE;
            }));
            if (progress != null) {
                progress.accept(0.0);
            }
            try {
                end = integrator.integrate(ode, new ODEState(0.0, y0), alphaEnd);
            } catch (MathRuntimeException e) {
                if (e.getSpecifier() == org.hipparchus.exception.LocalizedCoreFormats.MAX_COUNT_EXCEEDED) {
                    throw new SpecException(String.format(java.util.Locale.ROOT, "the solve stopped at α = %s after %d"
                            + " right-hand-side evaluations, short of α = %s: far in the tail the explicit integrator's"
                            + " step is limited by the fastest stable rate, so the cost grows like α; ask for a smaller"
                            + " α (--alpha-max, --alphas)", ModelSpec.compact(lastTime[0]), maxEvaluations,
                            ModelSpec.compact(alphaEnd)), e);
                }
                failure = e.getLocalizedMessage();
                divergedAt[0] = lastTime[0];
            }
        }

        Events.Divergence divergence = null;
        if (divergedAt[0] != null) {
            String why = failure == null
                    ? "max Q_aa exceeded " + ModelSpec.compact(blowUp)
                    : "the integrator failed (" + failure + ")";
            divergence = new Events.Divergence(divergedAt[0], "the overlaps diverged at α = "
                    + ModelSpec.compact(divergedAt[0]) + ": " + why + "; the learning rate η = "
                    + ModelSpec.compact(f.spec().eta()) + " is too large for bounded norms");
        } else if (end != null && filled[0] < alphas.length) {
            states[filled[0]] = end.getPrimaryState();
            filled[0]++;
        }

        int rows = filled[0];
        double[] outAlphas = Arrays.copyOf(alphas, rows);
        double[][] outStates = Arrays.copyOf(states, rows);
        double[] eps = new double[rows];
        for (int i = 0; i < rows; i++) {
            eps[i] = f.generalisationError(outStates[i]);
        }

        Events.Plateau plateau = null;
        Events.Escape esc = null;
        if (plateauPoint != null) {
            int mq = p * (p + 1) / 2;
            plateau = new Events.Plateau(epsPlateau, Arrays.copyOf(plateauPoint.state(), mq),
                    plateauPoint.escapeRate(), plateauPoint.unstableDirections(1e-9), plateauIn[0], plateauOut[0],
                    options.plateauTolerance(), plateauPoint);
            esc = new Events.Escape(escape[0], options.escapeFraction(), options.escapeFraction() * epsPlateau);
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        return new Trajectory(f.spec(), initial.teacherOverlap(), f.evaluatorName(), options, grid.description(),
                outAlphas, outStates, eps, new Events(plateau, esc, divergence,
                plateau != null ? null : invariant ? Events.UNBOUNDED : Events.NOT_INVARIANT), ode.evaluations(), wall);
    }
}
