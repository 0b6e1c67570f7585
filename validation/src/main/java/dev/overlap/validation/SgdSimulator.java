package dev.overlap.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.ToDoubleFunction;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.model.TeacherSpec;
import dev.overlap.model.StateLayout;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.DivergenceRule;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.PopulationLoss;
import dev.overlap.ode.SolverOptions;

/**
 * Finite-N one-pass SGD for many seeds, in parallel, recorded on an α grid.
 *
 * <p><b>Engines</b> ({@link Engine}): {@link Engine#WEIGHTS} moves the weights ({@link SgdRun}), O((p + p*) N)
 * per step; {@link Engine#OVERLAPS} runs the exact overlap chain ({@link OverlapChain}), whose law at every step
 * is that of the weight engine's overlaps, at a cost independent of N.
 *
 * <p><b>Seeds.</b> Seed k (k = 0 … S − 1) uses the seed {@code seed_k = master + k} ({@link #seedOf}) for all its
 * random streams. With a random start each seed has its own teacher and student: the weight engine draws them
 * (streams of {@link SgdRun}), so its overlaps at α = 0 are exactly those of
 * {@code overlap solve --init random --N N --sigma0 σ₀ --seed seed_k}; the chain draws the overlaps themselves
 * from their exact law ({@link FactoredOverlaps#draw}, stream {@link dev.overlap.model.RandomStreams#CHAIN_START}),
 * equal in law but not in value. A Gaussian teacher is likewise redrawn per seed. With a given start (isotropic
 * or file; chain only) every seed starts from the same Q, R, T and the seeds differ in their steps.
 *
 * <p><b>Recording.</b> A grid value α is reached after round(α N) steps; the recorded α is that number of steps
 * divided by N (grid values that round to the same step are recorded once). α = 0, the seed's initial
 * overlaps, is always the first row. At each recorded α the weight engine recomputes the overlaps from the
 * weights (which also resets the step-by-step tracking), and ε_g is evaluated exactly from the overlaps
 * with the theory's {@link OverlapDynamics#generalisationError} for that seed's T. For an activation the ODE
 * module has no dynamics for, ε_g comes from the activation's pair kernel if it has one (ReLU, |z|:
 * {@link PopulationLoss}, exact), else it is a Monte Carlo estimate over {@value #MONTE_CARLO_SAMPLES} fixed
 * Gaussian field samples ({@link MonteCarloGeneralisationError}); there is then no plateau, hence no escape time.
 *
 * <p><b>Events</b>, as in the ODE solver: the plateau level ε_g* is that of the unspecialised fixed point reached
 * from the seed's own initial overlaps ({@link FixedPoints#plateauFrom}: R = 0 where that is invariant, else the
 * permutation-symmetric fixed point); the escape time is the first α
 * with ε_g ≤ f ε_g*. Between recorded points ε_g is evaluated from the tracked overlaps every
 * max(1, ⌊N/100⌋) steps (a resolution Δα ≤ 10⁻², or one step if N &lt; 100), and the crossing is located by
 * linear interpolation between the two evaluations that bracket it. The run of a seed stops as diverged by the
 * {@link DivergenceRule}: max_a Q_aa exceeds the factor ({@link #withDivergenceFactor}, default 10⁶ as in
 * {@link SolverOptions#DEFAULTS}) × max(1, max_a Q_aa(0), max_r T_rr), or is not finite.
 *
 * <p><b>Parallelism.</b> Seeds run on {@code threads} worker threads; each seed is a deterministic function of
 * (spec, seed_k, grid), computed by one thread with its own generators, and results are collected in seed order,
 * so the output is bitwise identical for any number of threads. At most {@code threads} seeds run at a time:
 * memory is O(threads · (p + p*) N) with the weight engine, O(threads · (p + p*)²) with the chain, plus the
 * recorded rows.
 */
public final class SgdSimulator {

    /** Gaussian samples of the Monte Carlo ε_g for activations without a closed form. */
    static final int MONTE_CARLO_SAMPLES = 50_000;

    /** ε_g is checked for the escape (and the norms for divergence) every max(1, ⌊N · this⌋) steps. */
    public static final double ESCAPE_RESOLUTION_ALPHA = 1e-2;

    private final ModelSpec spec;
    private final Engine engine;
    private final int n;
    private final double sigma0;
    private final Overlaps givenStart;
    private final long masterSeed;
    private final int seeds;
    private final long[] recordSteps;
    private final double escapeFraction;
    private final int threads;
    private final boolean hasTheory;
    private final boolean stopAtEscape;
    private final double divergenceFactor;

    /**
     * A simulation with the weight engine, N, σ₀ and the master seed taken from the spec's random initial
     * condition.
     *
     * @param spec           the model; its initial condition must be random and gives N, σ₀ and the master seed
     * @param seeds          number of seeds S ≥ 1
     * @param grid           the α values to record
     * @param escapeFraction f of the escape definition, 0 &lt; f &lt; 1
     * @param threads        worker threads ≥ 1
     * @throws SpecException for an invalid combination
     */
    public SgdSimulator(ModelSpec spec, int seeds, AlphaGrid grid, double escapeFraction, int threads) {
        this(spec, Engine.WEIGHTS, randomStart(spec).n(), randomStart(spec).seed(), seeds, grid, escapeFraction,
                threads);
    }

    /**
     * A simulation with the given engine at dimension N.
     *
     * <p>A random initial condition gives σ₀ (its N and seed are replaced by {@code n} and {@code masterSeed}):
     * seed k starts from its own draw. A given start ({@link InitialCondition.Isotropic},
     * {@link InitialCondition.FromFile}; overlaps engine only) is the same Q, R, T for every seed, and the seeds
     * differ in their steps.
     *
     * @param spec           the model
     * @param engine         weights or overlaps
     * @param n              the input dimension N ≥ p + p*
     * @param masterSeed     seed k uses {@link #seedOf}(masterSeed, k)
     * @param seeds          number of seeds S ≥ 1
     * @param grid           the α values to record
     * @param escapeFraction f of the escape definition, 0 &lt; f &lt; 1
     * @param threads        worker threads ≥ 1
     * @throws SpecException for an invalid combination
     */
    public SgdSimulator(ModelSpec spec, Engine engine, int n, long masterSeed, int seeds, AlphaGrid grid,
            double escapeFraction, int threads) {
        if (engine == Engine.WEIGHTS && !(spec.init() instanceof InitialCondition.Random)) {
            throw SpecException.mentioning("the weights engine draws weights, so it needs {init random} ("
                    + (spec.init().kind().matches("^[aeiou].*") ? "an " : "a ") + spec.init().kind()
                    + " start fixes only the overlaps, not the weights; {engine overlaps} starts from given overlaps)",
                    null);
        }
        SgdRun.checkDimension(n, spec.p(), spec.pstar());
        if (seeds < 1) {
            throw new SpecException("seeds", "the number of seeds", "must be at least 1 (got " + seeds + ")");
        }
        if (threads < 1) {
            throw new SpecException("threads", "the number of threads", "must be at least 1 (got " + threads + ")");
        }
        if (!(escapeFraction > 0 && escapeFraction < 1)) {
            throw new SpecException("escape_fraction", "the escape fraction",
                    "must be in (0, 1) (got " + escapeFraction + ")");
        }
        if (engine == Engine.WEIGHTS) {
            int workers = Math.min(threads, seeds);
            dev.overlap.model.MemoryBudget.require((double) workers * (spec.p() + spec.pstar() + 2) * n, n,
                    "the weight engine's " + workers + " concurrent seeds, (p + p* + 2)·N doubles each,",
                    "fewer {threads}, a smaller {N}, or {engine overlaps} (its memory does not grow with N)");
        }
        this.engine = engine;
        this.n = n;
        this.masterSeed = masterSeed;
        if (spec.init() instanceof InitialCondition.Random init) {
            this.sigma0 = init.sigma0();
            this.givenStart = null;
            this.spec = spec.withInit(new InitialCondition.Random(n, sigma0, masterSeed));
        } else {
            this.sigma0 = Double.NaN;
            this.spec = spec;
            this.givenStart = spec.initialOverlaps();
            FactoredOverlaps.of(givenStart);
        }
        this.hasTheory = hasTheory(spec);
        this.seeds = seeds;
        this.recordSteps = recordSteps(grid, n);
        int dim = spec.p() * (spec.p() + 1) / 2 + spec.p() * spec.pstar();
        dev.overlap.model.MemoryBudget.require((double) seeds * recordSteps.length * (dim + 4), recordSteps.length,
                "the " + seeds + " seeds' recorded rows, " + recordSteps.length + " rows of the state, α and ε_g each,",
                "fewer {seeds} or fewer rows ({points}, {alphas})");
        this.escapeFraction = escapeFraction;
        this.threads = threads;
        this.stopAtEscape = false;
        this.divergenceFactor = SolverOptions.DEFAULTS.divergenceFactor();
    }

    private SgdSimulator(SgdSimulator base, boolean stopAtEscape, double divergenceFactor) {
        this.spec = base.spec;
        this.engine = base.engine;
        this.n = base.n;
        this.sigma0 = base.sigma0;
        this.givenStart = base.givenStart;
        this.masterSeed = base.masterSeed;
        this.seeds = base.seeds;
        this.recordSteps = base.recordSteps;
        this.escapeFraction = base.escapeFraction;
        this.threads = base.threads;
        this.hasTheory = base.hasTheory;
        this.stopAtEscape = stopAtEscape;
        this.divergenceFactor = divergenceFactor;
    }

    /**
     * The same simulation, except that each seed stops at its escape (or divergence) instead of running to the
     * end of the grid: its trajectory then ends at the last grid point before the escape. For escape-time
     * statistics, where the rest of the run is not used. The escape times are unchanged: each seed's steps are
     * the same up to its escape.
     *
     * @param stop whether seeds stop at their escape
     * @return a copy of this simulator that stops each seed at its escape when {@code stop}
     */
    public SgdSimulator withStopAtEscape(boolean stop) {
        return new SgdSimulator(this, stop, divergenceFactor);
    }

    /**
     * The same simulation with another divergence factor: a seed stops as diverged when max_a Q_aa exceeds
     * {@code factor} × max(1, max_a Q_aa(0), max_r T_rr) ({@link DivergenceRule}; default
     * {@link SolverOptions#DEFAULTS}' factor, 10⁶), as the ODE solver does with
     * {@link SolverOptions#divergenceFactor()}.
     *
     * @param factor the blow-up factor (finite, &gt; 1)
     * @return the simulation with that rule
     * @throws SpecException if the factor is not a finite number &gt; 1
     */
    public SgdSimulator withDivergenceFactor(double factor) {
        if (!(factor > 1 && Double.isFinite(factor))) {
            throw new SpecException("the divergence factor must be a finite number > 1 (got " + factor + ")");
        }
        return new SgdSimulator(this, stopAtEscape, factor);
    }

    private static InitialCondition.Random randomStart(ModelSpec spec) {
        if (!(spec.init() instanceof InitialCondition.Random)) {
            throw SpecException.mentioning("the weights engine draws weights, so it needs {init random} ("
                    + (spec.init().kind().matches("^[aeiou].*") ? "an " : "a ") + spec.init().kind()
                    + " start fixes only the overlaps, not the weights; {engine overlaps} starts from given overlaps)",
                    null);
        }
        return (InitialCondition.Random) spec.init();
    }

    /** Whether the ODE module has dynamics (hence a closed-form ε_g and a plateau) for the spec's activation. */
    private static boolean hasTheory(ModelSpec spec) {
        return ActivationTheory.of(spec.activation()).hasDynamics(spec);
    }

    /**
     * ε_g from the overlaps for an activation without overlap ODEs: exact from its pair kernel where one is known
     * (ReLU, |z|: {@link PopulationLoss}), else the Monte Carlo estimate.
     */
    private ToDoubleFunction<double[]> exactOrMonteCarlo(ModelSpec seedSpec, double[][] t, int k) {
        if (ActivationTheory.of(seedSpec.activation()).populationLossKernel().isEmpty()) {
            return new MonteCarloGeneralisationError(seedSpec, t, MONTE_CARLO_SAMPLES, seedOf(masterSeed, k))::epsG;
        }
        PopulationLoss loss = new PopulationLoss(seedSpec);
        int p = seedSpec.p();
        int ps = seedSpec.pstar();
        return y -> loss.value(Overlaps.fromState(p, ps, y, t));
    }

    /**
     * The seed of seed index k: {@code master + k}.
     *
     * @return {@code master + k}
     */
    public static long seedOf(long master, int k) {
        return master + k;
    }

    /**
     * The step counts at which the grid is recorded: 0 (the start is always recorded), and round(α N) for each
     * grid α, without repeats (the grid ascends, so repeats are neighbours: one pass, no boxing, for 10⁸ rows).
     *
     * @throws SpecException if the last one does not fit in a long
     */
    static long[] recordSteps(AlphaGrid grid, int n) {
        double last = grid.last() * n;
        if (!(last < 0x1p62)) {
            throw SpecException.mentioning("the last α times N is " + ModelSpec.compact(last) + " steps, more than a"
                    + " run can count (2^62 ≈ 4.6e+18): lower {alpha_max} (or the largest of {alphas}) or {N}", null);
        }
        long[] steps = new long[grid.size() + 1];
        int k = 1;
        for (int j = 0; j < grid.size(); j++) {
            long s = Math.round(grid.get(j) * n);
            if (s != steps[k - 1]) {
                steps[k++] = s;
            }
        }
        return Arrays.copyOf(steps, k);
    }

    /**
     * The α values that will be recorded: the recorded step counts divided by N.
     *
     * @return the recorded α values, ascending
     */
    public double[] recordedAlphas() {
        double[] a = new double[recordSteps.length];
        for (int j = 0; j < a.length; j++) {
            a[j] = recordSteps[j] / (double) n;
        }
        return a;
    }

    /**
     * Total SGD steps over all seeds.
     *
     * @return S · {@link #stepsPerSeed()}
     */
    public long totalSteps() {
        return stepsPerSeed() * seeds;
    }

    /**
     * SGD steps of each seed: round(α_max N).
     *
     * @return round(α_max N)
     */
    public long stepsPerSeed() {
        return recordSteps[recordSteps.length - 1];
    }

    /**
     * The model of seed k: with a random start, the base spec with initial condition Random(N, σ₀, seed_k) (and a
     * Gaussian teacher redrawn); with a given start, the base spec.
     *
     * @return the model of seed k
     */
    public ModelSpec seedSpec(int k) {
        if (givenStart != null) {
            return spec;
        }
        long seed = seedOf(masterSeed, k);
        TeacherSpec teacher = spec.teacher() instanceof TeacherSpec.Gaussian ? new TeacherSpec.Gaussian(n, seed)
                : spec.teacher();
        return spec.withTeacher(teacher).withInit(new InitialCondition.Random(n, sigma0, seed));
    }

    /**
     * Runs all seeds.
     *
     * @param progress receives the number of steps completed since its last call, from worker threads (so it must
     *                 be thread-safe); a seed that stops early (divergence, {@link #withStopAtEscape}) reports its
     *                 remaining planned steps as done, so the calls add up to {@link #totalSteps()}; may be null
     * @return the trajectories of all seeds
     * @throws CancellationException if the calling thread is interrupted (the workers are stopped)
     */
    public SimulationResult run(LongConsumer progress) {
        long t0 = System.nanoTime();
        int workers = Math.min(threads, seeds);
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sgd-seed-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<SeedTrajectory> results = new ArrayList<>(seeds);
        try {
            List<Future<SeedTrajectory>> futures = new ArrayList<>(seeds);
            for (int k = 0; k < seeds; k++) {
                int index = k;
                futures.add(pool.submit(() -> runSeed(index, progress)));
            }
            for (Future<SeedTrajectory> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the simulation was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        long steps = results.stream().mapToLong(SeedTrajectory::steps).sum();
        return new SimulationResult(spec, n, masterSeed, List.copyOf(results), workers, wall, steps, escapeFraction,
                escapeStride(), engine);
    }

    /**
     * Steps between two evaluations of ε_g for the escape: max(1, ⌊N · {@link #ESCAPE_RESOLUTION_ALPHA}⌋).
     *
     * @return the number of steps between two ε_g evaluations, ≥ 1
     */
    public int escapeStride() {
        return Math.max(1, (int) Math.floor(n * ESCAPE_RESOLUTION_ALPHA));
    }

    /**
     * Runs seed k alone (what {@link #run} does on a worker thread).
     *
     * @param progress as in {@link #run}; may be null
     * @return the trajectory of seed k
     * @throws CancellationException if the thread is interrupted
     */
    public SeedTrajectory runSeed(int k, LongConsumer progress) {
        ModelSpec seedSpec = seedSpec(k);
        FiniteNSgd run = start(seedSpec, seedOf(masterSeed, k));
        double[][] t = run.teacherOverlap();
        int dim = Overlaps.stateDimension(spec.p(), spec.pstar());
        int p = spec.p();
        double[] y = new double[dim];
        run.copyState(y);

        OverlapDynamics dynamics = hasTheory ? OverlapDynamics.of(seedSpec, t) : null;
        ToDoubleFunction<double[]> epsG = dynamics != null ? dynamics::generalisationError : exactOrMonteCarlo(seedSpec, t, k);
        double[] start = y.clone();
        FixedPoint plateau = dynamics == null ? null : FixedPoints.plateauFrom(dynamics, start.clone());
        double plateauEps = plateau == null ? Double.NaN : plateau.epsG();
        double threshold = escapeFraction * plateauEps;

        StateLayout layout = new StateLayout(p, spec.pstar());
        DivergenceRule divergence = DivergenceRule.of(divergenceFactor, layout, y, t);

        int rows = recordSteps.length;
        double[] alphas = new double[rows];
        double[][] states = new double[rows][];
        double[] eps = new double[rows];
        int filled = 0;

        double prevAlpha = 0;
        double prevEps = plateau == null ? Double.NaN : epsG.applyAsDouble(y);
        Double escape = plateau != null && prevEps <= threshold ? 0.0 : null;
        Double diverged = null;

        long stride = escapeStride();
        long nextCheck = stride;
        long flushEvery = Math.max(1, (1L << 20) / n);
        long unreported = 0;
        Thread self = Thread.currentThread();

        for (int j = 0; j < rows && diverged == null; j++) {
            long target = recordSteps[j];
            while (run.steps() < target) {
                long chunk = Math.min(target, nextCheck) - run.steps();
                chunk = Math.min(chunk, flushEvery - unreported);
                run.advance(chunk);
                unreported += chunk;
                if (unreported >= flushEvery) {
                    if (self.isInterrupted()) {
                        throw new CancellationException("interrupted");
                    }
                    if (progress != null) {
                        progress.accept(unreported);
                    }
                    unreported = 0;
                }
                if (run.steps() == nextCheck) {
                    nextCheck += stride;
                    run.copyState(y);
                    double alpha = run.steps() / (double) n;
                    if (!divergence.bounded(layout, y)) {
                        diverged = alpha;
                        break;
                    }
                    if (escape == null && plateau != null) {
                        double e = epsG.applyAsDouble(y);
                        if (e <= threshold) {
                            escape = prevAlpha + (prevEps - threshold) / (prevEps - e) * (alpha - prevAlpha);
                            if (stopAtEscape) {
                                break;
                            }
                        }
                        prevAlpha = alpha;
                        prevEps = e;
                    }
                }
            }
            if (diverged != null || (stopAtEscape && escape != null && filled > 0)) {
                break;
            }
            run.atRecordedPoint();
            run.copyState(y);
            if (!divergence.bounded(layout, y)) {
                diverged = run.steps() / (double) n;
                break;
            }
            alphas[filled] = run.steps() / (double) n;
            states[filled] = y.clone();
            eps[filled] = epsG.applyAsDouble(y);
            filled++;
        }
        if (progress != null) {
            long skipped = stepsPerSeed() - run.steps();
            if (unreported + skipped > 0) {
                progress.accept(unreported + skipped);
            }
        }
        FixedPoint known = filled > 0 && Arrays.equals(states[0], start) ? plateau : null;
        return new SeedTrajectory(k, seedOf(masterSeed, k), seedSpec, t, Arrays.copyOf(alphas, filled),
                Arrays.copyOf(states, filled), Arrays.copyOf(eps, filled), plateauEps, escape, diverged, run.steps(),
                known);
    }

    /** Seed k's run: its weights, or its overlap chain from its own random draw or from the given start. */
    private FiniteNSgd start(ModelSpec seedSpec, long seed) {
        if (engine == Engine.WEIGHTS) {
            return new SgdRun(seedSpec);
        }
        return givenStart != null ? OverlapChain.from(seedSpec, givenStart, n, seed)
                : OverlapChain.random(seedSpec, n, sigma0, seed);
    }

    /**
     * The model (initial condition: Random(N, σ₀, master seed)).
     *
     * @return the base model, with initial condition Random(N, σ₀, master seed) for a random start
     */
    public ModelSpec spec() {
        return spec;
    }

    /**
     * The engine: weights or the overlap chain.
     *
     * @return {@link Engine#OVERLAPS} (the overlap chain) or {@link Engine#WEIGHTS}
     */
    public Engine engine() {
        return engine;
    }

    /**
     * Whether every seed starts from the same given overlaps (an isotropic or file start) rather than a draw.
     *
     * @return true for an isotropic or file start, false for a random draw per seed
     */
    public boolean givenStart() {
        return givenStart != null;
    }

    /**
     * N.
     *
     * @return the input dimension N
     */
    public int dimension() {
        return n;
    }

    /**
     * Number of seeds S.
     *
     * @return the number of seeds S
     */
    public int seeds() {
        return seeds;
    }
}
