package dev.overlap.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

import org.apache.commons.statistics.distribution.TDistribution;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;

/**
 * The N → ∞ theory against the finite-N simulation.
 *
 * <p>For each N, every seed k of the simulation is paired with the ODE started from that seed's own measured
 * Q(0), R(0) and T (finite-N escape depends on R(0) = O(N^-½)), solved at the seed's recorded α values. At each
 * α the paired differences d_k(α) = ε_sim,k(α) − ε_ode,k(α) give
 * <pre>
 *   deviation D(α) = mean_k d_k = mean(ε_sim) − mean(ε_ode),   SE(α) = sd_k(d_k)/√S,   z(α) = D(α)/SE(α)
 * </pre>
 * (a row with SE = 0, such as α = 0 where simulation and theory start from the same overlaps, has z = 0 if
 * D = 0). The N → ∞ curve from the isotropic start Q = σ₀² I, R = r₀ P (P[a][r] = 1 if r = a mod p*) is
 * solved for reference, on the requested grid and at every compared α.
 *
 * <p><b>Verdict</b> ({@link Criteria}): AGREE when
 * <ol>
 * <li>for every N, max_α |z(α)| ≤ z_max, the two-sided Bonferroni bound of Student's t with S − 1 degrees of
 * freedom over the m rows with SE &gt; 0 at family-wise error rate a: z_max = t_{S−1}⁻¹(1 − a/(2m)) — under the
 * hypothesis that the theory is right, the chance of a false DISAGREE is at most a per N;</li>
 * <li>with two or more N, the largest absolute deviation max_α |D(α)| falls with N: the least-squares slope of
 * ln max|D| against ln N is at most the exponent bound (the theory predicts −½).</li>
 * </ol>
 * Otherwise DISAGREE.
 */
public final class Comparison {

    private Comparison() {
    }

    /**
     * Verdict thresholds.
     *
     * @param familyWiseErrorRate a: the chance of a false alarm per N allowed to the z test, in (0, 1)
     * @param maxScalingExponent  the largest acceptable slope of ln max|D| against ln N (theory: −½)
     */
    public record Criteria(double familyWiseErrorRate, double maxScalingExponent) {

        /** a = 1 %, slope ≤ −0.2. */
        public static final Criteria DEFAULT = new Criteria(0.01, -0.2);

        public Criteria {
            if (!(familyWiseErrorRate > 0 && familyWiseErrorRate < 1)) {
                throw new SpecException("the family-wise error rate must be in (0, 1) (got " + familyWiseErrorRate + ")");
            }
            if (!Double.isFinite(maxScalingExponent)) {
                throw new SpecException("the scaling-exponent bound must be finite");
            }
        }

        /** z_max = t_{S−1}⁻¹(1 − a/(2m)) for S seeds and m compared rows. */
        public double zBound(int seeds, int rows) {
            return TDistribution.of(seeds - 1).inverseSurvivalProbability(familyWiseErrorRate / (2.0 * Math.max(1, rows)));
        }
    }

    /**
     * Escape times over seeds.
     *
     * @param mean    mean over the seeds that escaped (NaN if none)
     * @param sd      their sample standard deviation (NaN if fewer than two)
     * @param escaped how many seeds escaped within the run
     * @param seeds   how many seeds there were
     */
    public record EscapeSummary(double mean, double sd, int escaped, int seeds) {

        static EscapeSummary of(double[] escapes, int seeds) {
            double m = escapes.length == 0 ? Double.NaN : SampleStatistics.mean(escapes);
            return new EscapeSummary(m, SampleStatistics.standardDeviation(escapes, m), escapes.length, seeds);
        }
    }

    /**
     * The comparison at one N.
     *
     * @param n                    N
     * @param simulation           the simulation (all seeds)
     * @param theory               the ODE of each seed, from its own initial overlaps, at its recorded α
     * @param alphas               the compared α values (rows common to all seeds and their ODEs)
     * @param simulationStatistics ε_sim statistics across seeds at each α
     * @param theoryMean           mean_k ε_ode,k at each α
     * @param deviation            D(α) = mean(ε_sim) − mean(ε_ode)
     * @param deviationSe          SE(α) = sd_k(d_k)/√S
     * @param z                    z(α) = D/SE
     * @param comparedRows         m, the rows with SE &gt; 0
     * @param zBound               z_max for S seeds and m rows
     * @param maxAbsZ              max_α |z|
     * @param maxAbsZAlpha         where it is attained
     * @param maxAbsDeviation      max_α |D|
     * @param maxAbsDeviationAlpha where it is attained
     * @param simulationEscape     escape times of the simulation
     * @param theoryEscape         escape times of the per-seed ODEs
     */
    public record AtN(int n, SimulationResult simulation, List<Trajectory> theory, double[] alphas,
            SampleStatistics[] simulationStatistics, double[] theoryMean, double[] deviation, double[] deviationSe,
            double[] z, int comparedRows, double zBound, double maxAbsZ, double maxAbsZAlpha, double maxAbsDeviation,
            double maxAbsDeviationAlpha, EscapeSummary simulationEscape, EscapeSummary theoryEscape) {

        /** Whether max|z| is within the bound. */
        public boolean zWithinBound() {
            return maxAbsZ <= zBound;
        }
    }

    /** Which theory the verdict is about ({@code --theory}). */
    public enum Theory {
        /** The finite-N theory ({@link FiniteNComparison}): predicted mean and spread of ε_g, escape-time law. */
        FINITE_N("finite-n"),
        /** The N → ∞ ODE from each seed's own start, with sample standard errors and the N-scaling test. */
        ODE("ode");

        private final String flag;

        Theory(String flag) {
            this.flag = flag;
        }

        /** {@code finite-n} or {@code ode}. */
        public String flag() {
            return flag;
        }

        /**
         * The theory for {@code --theory auto}: the finite-N theory where it applies
         * ({@link dev.overlap.ode.finiten.EscapeTimeLaw#applies}), else the per-seed ODE.
         */
        public static Theory auto(ModelSpec spec) {
            return dev.overlap.ode.finiten.EscapeTimeLaw.applies(spec) ? FINITE_N : ODE;
        }

        /** Parses {@code finite-n} or {@code ode}. */
        public static Theory parse(String name) {
            for (Theory t : values()) {
                if (t.flag.equals(name == null ? "" : name.trim().toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw SpecException.mentioning("unknown {theory} '" + name + "': use auto, finite-n or ode", null);
        }
    }

    /**
     * The whole comparison.
     *
     * @param spec             the model (random initial condition; its N is that of the first entry)
     * @param perN             one entry per N, in the order given: the per-seed N → ∞ ODEs
     * @param isotropic        the N → ∞ curve from the isotropic start, on the requested grid and the compared α
     * @param scalingExponent  slope of ln max|D| against ln N (NaN with a single N)
     * @param criteria         the verdict thresholds
     * @param agree            the verdict
     * @param findings         one sentence per criterion checked, in order
     * @param finiteN          one entry per N against the finite-N theory (empty when the verdict is on the ODE)
     * @param odeFindings      with the finite-N verdict: what the per-seed ODE test alone would say (else empty)
     */
    public record Report(ModelSpec spec, List<AtN> perN, Trajectory isotropic, double scalingExponent,
            Criteria criteria, boolean agree, List<String> findings, List<FiniteNComparison> finiteN,
            List<String> odeFindings) {

        /** A report on the per-seed ODE only. */
        public Report(ModelSpec spec, List<AtN> perN, Trajectory isotropic, double scalingExponent, Criteria criteria,
                boolean agree, List<String> findings) {
            this(spec, perN, isotropic, scalingExponent, criteria, agree, findings, List.of(), List.of());
        }

        /** {@code AGREE} or {@code DISAGREE}. */
        public String verdict() {
            return agree ? "AGREE" : "DISAGREE";
        }

        /** The theory the verdict is about. */
        public Theory theory() {
            return finiteN.isEmpty() ? Theory.ODE : Theory.FINITE_N;
        }

        /** Whether some seed of some N diverged. */
        public boolean diverged() {
            return perN.stream().anyMatch(a -> a.simulation().diverged());
        }
    }

    /**
     * Simulates each N and compares it with the theory.
     *
     * @param spec           the model; its initial condition must be random (σ₀ and the master seed are taken
     *                       from it, N from {@code ns})
     * @param ns             the dimensions N, each ≥ p + p*
     * @param seeds          seeds per N, ≥ 2 (a standard error needs two)
     * @param grid           the α grid
     * @param options        ODE tolerances and event definitions (its escape fraction is also the simulation's)
     * @param isotropicR0    r₀ of the isotropic reference start
     * @param criteria       verdict thresholds
     * @param threads        worker threads
     * @param progress       receives completed simulation work in units of steps · N (the cost of a step grows
     *                       with N), from worker threads; may be null
     */
    public static Report run(ModelSpec spec, int[] ns, int seeds, AlphaGrid grid, SolverOptions options,
            double isotropicR0, Criteria criteria, int threads, LongConsumer progress) {
        if (!(spec.init() instanceof InitialCondition.Random)) {
            throw SpecException.mentioning("compare simulates from drawn weights, so it needs {init random} (got"
                    + " {init " + spec.init().kind() + "})", null);
        }
        return run(spec, Engine.WEIGHTS, ((InitialCondition.Random) spec.init()).seed(), ns, seeds, grid, options,
                isotropicR0, criteria, threads, progress);
    }

    /**
     * Simulates each N with the given engine and compares it with the theory.
     *
     * @param spec        the model; a random initial condition gives σ₀ (N from {@code ns}, the seed from
     *                    {@code masterSeed}); a given start (isotropic, file) needs the overlaps engine and is the
     *                    start of every seed, and the reference curve is then the ODE from that start
     * @param engine      how the simulation runs
     * @param masterSeed  seed k of every N uses master + k
     * @see #run(ModelSpec, int[], int, AlphaGrid, SolverOptions, double, Criteria, int, LongConsumer)
     */
    public static Report run(ModelSpec spec, Engine engine, long masterSeed, int[] ns, int seeds, AlphaGrid grid,
            SolverOptions options, double isotropicR0, Criteria criteria, int threads, LongConsumer progress) {
        return run(spec, engine, masterSeed, ns, seeds, grid, options, isotropicR0, criteria, Theory.ODE, 0, threads,
                progress);
    }

    /**
     * Simulates each N with the given engine and compares it with the per-seed N → ∞ ODEs and, for
     * {@link Theory#FINITE_N}, with the finite-N theory ({@link FiniteNComparison}, {@code samples} effective
     * starts), on which the verdict then rests: AGREE when every N passes its curve, escape-mean and KS tests.
     * The per-seed ODE comparison is always computed and reported.
     *
     * @throws SpecException for the finite-N theory of a model without a plateau
     */
    public static Report run(ModelSpec spec, Engine engine, long masterSeed, int[] ns, int seeds, AlphaGrid grid,
            SolverOptions options, double isotropicR0, Criteria criteria, Theory theory, int samples, int threads,
            LongConsumer progress) {
        if (ns.length == 0) {
            throw new SpecException("N", "the list of input dimensions N", "needs at least one value");
        }
        if (seeds < 2) {
            throw new SpecException("seeds", "the number of seeds",
                    "must be at least 2 for a standard error (got " + seeds + ")");
        }
        List<SgdSimulator> simulators = new ArrayList<>();
        for (int n : ns) {
            if (n < 1) {
                throw new SpecException("N", "the input dimension N", "values must be at least 1 (got " + n + ")");
            }
            simulators.add(new SgdSimulator(spec, engine, n, masterSeed, seeds, grid, options.escapeFraction(),
                    threads).withDivergenceFactor(options.divergenceFactor()));
        }
        boolean random = spec.init() instanceof InitialCondition.Random;
        double sigma0 = spec.init() instanceof InitialCondition.Random r ? r.sigma0() : Double.NaN;
        if (random) {
            isotropicSpec(spec, sigma0, isotropicR0).initialOverlaps();
        }
        dev.overlap.ode.finiten.EscapeTimeLaw law = theory == Theory.FINITE_N
                ? dev.overlap.ode.finiten.EscapeTimeLaw.of(spec, options.escapeFraction()) : null;
        List<AtN> perN = new ArrayList<>();
        List<FiniteNComparison> finite = new ArrayList<>();
        for (SgdSimulator simulator : simulators) {
            long n = engine == Engine.WEIGHTS ? simulator.dimension() : 1;
            SimulationResult sim = simulator.run(progress == null ? null : steps -> progress.accept(steps * n));
            perN.add(compare(sim, options, criteria, threads));
            if (law != null) {
                finite.add(FiniteNComparison.of(sim, law, samples, criteria.familyWiseErrorRate(), ns.length, threads));
            }
        }
        double[] alphas = java.util.stream.DoubleStream.concat(Arrays.stream(grid.values()),
                perN.stream().flatMapToDouble(a -> Arrays.stream(a.alphas()))).toArray();
        Trajectory reference = random ? isotropicReference(spec, sigma0, isotropicR0, AlphaGrid.of(alphas), options)
                : new OverlapSolver(options).solve(OverlapDynamics.of(spec, spec.initialOverlaps().teacherOverlap()),
                        spec.initialOverlaps(), AlphaGrid.of(alphas));
        Report ode = report(simulators.get(0).spec(), perN, reference, criteria);
        if (law == null) {
            return ode;
        }
        boolean agree = finite.stream().allMatch(FiniteNComparison::agree);
        List<String> findings = finite.stream().map(FiniteNComparison::finding).toList();
        return new Report(ode.spec(), ode.perN(), ode.isotropic(), ode.scalingExponent(), criteria, agree, findings,
                List.copyOf(finite), ode.findings());
    }

    /** Total simulation work {@link #run} will do with the weight engine, in steps · N (for progress reports). */
    public static long totalWork(int[] ns, int seeds, AlphaGrid grid) {
        return totalWork(Engine.WEIGHTS, ns, seeds, grid);
    }

    /**
     * Total simulation work {@link #run} will do, in the units its progress sink receives: steps · N for the
     * weight engine (the cost of a step grows with N), steps for the chain.
     */
    public static long totalWork(Engine engine, int[] ns, int seeds, AlphaGrid grid) {
        long total = 0;
        for (int n : ns) {
            long[] steps = SgdSimulator.recordSteps(grid, Math.max(n, 1));
            total += steps[steps.length - 1] * seeds * (engine == Engine.WEIGHTS ? (long) Math.max(n, 1) : 1L);
        }
        return total;
    }

    /**
     * The N → ∞ curve from Q = σ₀² I, R = r₀ P, with the teacher's N → ∞ overlap (I for orthonormal and
     * Gaussian teachers, the file's T otherwise).
     */
    public static Trajectory isotropicReference(ModelSpec spec, double sigma0, double r0, AlphaGrid grid,
            SolverOptions options) {
        ModelSpec iso = isotropicSpec(spec, sigma0, r0);
        Overlaps start = iso.initialOverlaps();
        return new OverlapSolver(options).solve(OverlapDynamics.of(iso, start.teacherOverlap()), start, grid);
    }

    private static ModelSpec isotropicSpec(ModelSpec spec, double sigma0, double r0) {
        return spec.withTeacher(spec.teacher() instanceof TeacherSpec.FromFile ? spec.teacher()
                : new TeacherSpec.Orthonormal()).withInit(new InitialCondition.Isotropic(sigma0 * sigma0, r0));
    }

    /** Compares one simulation with the per-seed ODEs (solved on {@code threads} threads; order-independent). */
    public static AtN compare(SimulationResult sim, SolverOptions options, Criteria criteria, int threads) {
        List<SeedTrajectory> seeds = sim.seeds();
        int s = seeds.size();
        List<Trajectory> theory = solveAll(seeds, options, threads);
        int rows = sim.rows();
        for (Trajectory t : theory) {
            rows = Math.min(rows, t.size());
        }
        double[] alphas = Arrays.copyOf(sim.alphas(), rows);
        SampleStatistics[] simStats = new SampleStatistics[rows];
        double[] theoryMean = new double[rows];
        double[] deviation = new double[rows];
        double[] se = new double[rows];
        double[] z = new double[rows];
        int compared = 0;
        double[] d = new double[s];
        double[] ode = new double[s];
        for (int i = 0; i < rows; i++) {
            simStats[i] = sim.epsGStatistics(i);
            for (int k = 0; k < s; k++) {
                ode[k] = theory.get(k).epsG()[i];
                d[k] = seeds.get(k).epsG()[i] - ode[k];
            }
            theoryMean[i] = SampleStatistics.mean(ode);
            deviation[i] = simStats[i].mean() - theoryMean[i];
            double dMean = SampleStatistics.mean(d);
            se[i] = SampleStatistics.standardDeviation(d, dMean) / Math.sqrt(s);
            if (se[i] > 0) {
                z[i] = deviation[i] / se[i];
                compared++;
            } else {
                z[i] = deviation[i] == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, deviation[i]);
            }
        }
        int zAt = argMaxAbs(z);
        int devAt = argMaxAbs(deviation);
        double[] odeEscapes = theory.stream().filter(t -> t.events().escape() != null && t.events().escape().alpha() != null)
                .mapToDouble(t -> t.events().escape().alpha()).toArray();
        return new AtN(sim.n(), sim, List.copyOf(theory), alphas, simStats, theoryMean, deviation, se, z, compared,
                criteria.zBound(s, compared), zAt < 0 ? 0.0 : Math.abs(z[zAt]), zAt < 0 ? Double.NaN : alphas[zAt],
                devAt < 0 ? 0.0 : Math.abs(deviation[devAt]), devAt < 0 ? Double.NaN : alphas[devAt],
                EscapeSummary.of(sim.escapeAlphas(), s), EscapeSummary.of(odeEscapes, s));
    }

    /** The verdict over all N (see the class comment). */
    public static Report report(ModelSpec spec, List<AtN> perN, Trajectory isotropic, Criteria criteria) {
        List<String> findings = new ArrayList<>();
        boolean agree = true;
        for (AtN a : perN) {
            boolean ok = a.zWithinBound();
            agree &= ok;
            findings.add(String.format(Locale.ROOT, "N = %d: max|z| = %.3g at α = %s %s z_max = %.3g (%d seeds, %d rows)",
                    a.n(), a.maxAbsZ(), ModelSpec.compact(a.maxAbsZAlpha()), ok ? "≤" : ">", a.zBound(),
                    a.simulation().seeds().size(), a.comparedRows()));
        }
        double exponent = scalingExponent(perN);
        if (!Double.isNaN(exponent)) {
            boolean ok = exponent <= criteria.maxScalingExponent();
            agree &= ok;
            findings.add(String.format(Locale.ROOT, "max|D| ∝ N^%.3g (theory N^-0.5) %s bound N^%s", exponent,
                    ok ? "within" : "above", ModelSpec.compact(criteria.maxScalingExponent())));
        }
        return new Report(spec, List.copyOf(perN), isotropic, exponent, criteria, agree, List.copyOf(findings));
    }

    /** Least-squares slope of ln max|D| against ln N; NaN with fewer than two distinct N or a zero deviation. */
    static double scalingExponent(List<AtN> perN) {
        return scalingExponent(perN.stream().mapToDouble(AtN::n).toArray(),
                perN.stream().mapToDouble(AtN::maxAbsDeviation).toArray());
    }

    /** Least-squares slope of ln(deviation) against ln(n); NaN if undefined. */
    static double scalingExponent(double[] n, double[] deviation) {
        int m = n.length;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = Math.log(n[i]);
            y[i] = Math.log(deviation[i]);
        }
        double mx = SampleStatistics.mean(x);
        double my = SampleStatistics.mean(y);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < m; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (m < 2 || sxx == 0 || !Double.isFinite(my)) {
            return Double.NaN;
        }
        return sxy / sxx;
    }

    private static int argMaxAbs(double[] v) {
        int at = -1;
        double best = -1;
        for (int i = 0; i < v.length; i++) {
            double a = Math.abs(v[i]);
            if (a > best) {
                best = a;
                at = i;
            }
        }
        return at;
    }

    /** The ODE from a seed's start, with the plateau its simulation found where it is known (searched once). */
    private static Trajectory solveSeed(SeedTrajectory seed, SolverOptions options) {
        OverlapDynamics f = OverlapDynamics.of(seed.spec(), seed.teacherOverlap());
        AlphaGrid grid = AlphaGrid.of(seed.alphas());
        OverlapSolver solver = new OverlapSolver(options);
        return seed.plateau() != null ? solver.solve(f, seed.overlaps(0), grid, seed.plateau())
                : solver.solve(f, seed.overlaps(0), grid);
    }

    private static List<Trajectory> solveAll(List<SeedTrajectory> seeds, SolverOptions options, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, seeds.size())), r -> {
            Thread t = new Thread(r, "ode-seed");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Trajectory>> futures = new ArrayList<>();
            for (SeedTrajectory seed : seeds) {
                futures.add(pool.submit(() -> solveSeed(seed, options)));
            }
            List<Trajectory> out = new ArrayList<>();
            for (Future<Trajectory> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the comparison was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
