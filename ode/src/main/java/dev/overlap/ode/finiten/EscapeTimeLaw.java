package dev.overlap.ode.finiten;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.random.SobolSequenceGenerator;
import org.hipparchus.special.Erf;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.events.EscapeDetector;
import dev.overlap.ode.events.EventKind;
import dev.overlap.ode.events.EventsLog;
import dev.overlap.ode.events.LevelDetector;
import dev.overlap.ode.events.StateDetector;

/**
 * The law of the plateau escape time α_esc at finite N: the first α with ε_g ≤ f ε_g*, ε_g* the plateau's error.
 *
 * <p><b>Theory.</b> Write Ω = φ + N^-½ ξ with φ the ODE from the mean start (the unspecialised path: R = 0 for
 * even activations, the permutation-symmetric path for erf), which converges to the plateau φ* without escaping.
 * <ol>
 * <li>Linear noise ({@link LinearNoise}): Σ = Cov(ξ) obeys Σ' = JΣ + ΣJᵀ + D(φ) from Σ(0) = Σ₀ (the start law,
 * {@link StartLaw}), integrated to the matching time α_m: the first α at which the fluctuation in the plateau's
 * unstable directions reaches the amplitude √(w_xᵀΣw_x/N) = {@value #MATCH_AMPLITUDE} (beyond it the linearisation
 * fails), or the arrival of φ at the plateau, max_i |φ_i − φ*_i| ≤ {@value #MATCH_TOLERANCE}·max(1, max_i |φ*_i|),
 * if that comes first. For z² the arrival usually comes first; for erf the symmetric plateau has slow stable modes
 * (rates −0.0019 and −0.0038 per unit α at p = p* = 2, η = 0.5, sum normalisation, against the unstable 0.032), so φ
 * is still approaching it when the seeds escape and the amplitude ends the linear noise.</li>
 * <li>Noise still to come. On the plateau the fluctuations in the unstable subspace of J* = J(φ*) (eigenvalues
 * γ_i &gt; 0, right eigenvectors V_u, left W_u) keep receiving noise; pulled back to α_m along the linear dynamics
 * it adds the covariance V_u X V_uᵀ with X_ij = (W_u D W_uᵀ)_ij/(γ_i + γ_j), the solution of
 * J_u X + X J_uᵀ = W_u D W_uᵀ (the integral of e^{−J_u s} W_u D W_uᵀ e^{−J_uᵀ s} over s ≥ 0). The stable
 * directions relax and are left to the ODE. So the state at α_m is, in law, φ(α_m) + N^-½ ξ_eff with
 * ξ_eff ~ N(0, Σ_eff), Σ_eff = Σ(α_m) + V_u X V_uᵀ: an effective initial amplitude that contains R(0) and all the
 * plateau noise, O(N^-½) both. This is why the finite-N escape is earlier than the ODE from R(0) by an O(1)
 * amount that does not shrink with N.</li>
 * <li>Nonlinear escape: from each ξ_eff the N → ∞ ODE is integrated to its escape. The samples ξ_eff are a
 * Sobol sequence with a fixed random shift, mapped through the inverse normal distribution and the symmetric
 * square root of Σ_eff (quasi-Monte Carlo, so the prediction is deterministic and its sampling error falls
 * faster than 1/√K).</li>
 * </ol>
 * For large N the escape is α_m + (1/(2γ)) ln N + O(1), γ the largest unstable rate: the mean grows like
 * ln N/(2γ) + c.
 *
 * <p>Neglected: O(N^-½) corrections to the escape time (the nonlinearity during the matching, the O(1/N) drift
 * corrections, |x|²/N − 1, a Gaussian teacher's own fluctuation of T).
 */
public final class EscapeTimeLaw {

    /** Closeness of φ to the plateau that ends the linear-noise path. */
    static final double MATCH_TOLERANCE = 1e-3;
    /**
     * Default linear-noise amplitude in the plateau's unstable directions, √(max_x w_xᵀΣw_x/N), at which the samples
     * are handed to the nonlinear ODE.
     */
    public static final double MATCH_AMPLITUDE = 0.05;
    /**
     * Seed of the fixed Cranley–Patterson shift of the Sobol points (u ↦ frac(u + s)): it keeps the prediction
     * deterministic and moves the points off the centre (0.5, …, 0.5), which maps to z = 0, a start exactly on the
     * plateau's stable manifold that would never escape.
     */
    static final long SOBOL_SHIFT_SEED = 0x5EED_0F_E5CA9EL;

    /** Longest integration of the linear noise before giving up on reaching the plateau. */
    static final double MAX_MATCH_ALPHA = 5000;
    /** Largest p + p* for which {@link #applies} uses the law for erf. */
      public static final int MAX_ERF_WIDTH = 4;
    /** The largest N a prediction is made for: the path is integrated until the matching at this N is covered. */
    public static final long MAX_N = Integer.MAX_VALUE;

    private final ModelSpec spec;
    private final double[][] teacher;
    private final FixedPoint plateau;
    private final double threshold;
    private final double escapeFraction;
    private final DenseOutputModel path;
    private final Diffusion diffusion;
    private final RealMatrix rightVectors;
    private final RealMatrix leftVectors;
    private final double[] rates;
    private final int[] unstableIndex;
    private final double escapeRate;
    private final int unstable;
    private final String diffusionMethod;
    private final int d;

    private EscapeTimeLaw(ModelSpec spec, double[][] teacher, FixedPoint plateau, double escapeFraction,
            DenseOutputModel path, Diffusion diffusion, RealMatrix rightVectors, RealMatrix leftVectors, double[] rates,
            int[] unstableIndex, double escapeRate) {
        this.spec = spec;
        this.teacher = teacher;
        this.plateau = plateau;
        this.escapeFraction = escapeFraction;
        this.threshold = escapeFraction * plateau.epsG();
        this.path = path;
        this.diffusion = diffusion;
        this.rightVectors = rightVectors;
        this.leftVectors = leftVectors;
        this.rates = rates;
        this.unstableIndex = unstableIndex;
        this.escapeRate = escapeRate;
        this.unstable = unstableIndex.length;
        this.diffusionMethod = diffusion.methodName();
        this.d = plateau.state().length;
    }

    /**
     * The escape-time law of a spec (its η² switch must be on: SGD has its noise term).
     *
     * @param escapeFraction f of the escape definition, in (0, 1)
     * @return the law, with its plateau, unstable directions, diffusion and linear-noise path
     * @throws SpecException if the model has no plateau, or the path does not reach it
     */
    public static EscapeTimeLaw of(ModelSpec spec, double escapeFraction) {
        return of(spec, escapeFraction, true);
    }

    /**
     * Whether {@code compare --theory auto} uses this theory for a spec: SGD's η² term is on, the mean start has
     * R = 0 (a random start), and the plateau is one of the two kinds the theory has been validated on against the
     * exact chain: the unspecialised R = 0 fixed point of an even activation (R = 0 invariant, as for z²), or the
     * permutation-symmetric fixed point of erf (Saad–Solla) with p + p* ≤ {@value #MAX_ERF_WIDTH}, where the
     * quadrature diffusion has 16 nodes per field and the law takes seconds (at p = 3, p* = 2 it has 12 nodes, four
     * degenerate unstable directions, and takes nearly a minute). In both cases a bounded plateau must be reached
     * from the mean start (z² above its critical η has none: there is no escape to predict, and the per-seed ODE is
     * the theory). {@link #of} itself accepts any plateau reached from the mean start.
     *
     * @return true if {@code --theory auto} picks the finite-N theory for this spec
     */
    public static boolean applies(ModelSpec spec) {
        try {
            if (!spec.eta2()) {
                return false;
            }
            StartLaw start = StartLaw.of(spec);
            if (!startsUnspecialised(start, spec)) {
                return false;
            }
            OverlapDynamics f = OverlapDynamics.of(spec, start.teacher());
            boolean validated = FixedPoints.unspecialisedInvariant(f, start.mean())
                    || (ActivationTheory.of(spec.activation()).permutationSymmetricPlateau()
                            && spec.p() + spec.pstar() <= MAX_ERF_WIDTH);
            return validated && FixedPoints.plateauFrom(f, start.mean().clone()) != null;
        } catch (SpecException e) {
            return false;
        }
    }

    /** Whether the mean start has R = 0 (as a random start has). */
    private static boolean startsUnspecialised(StartLaw start, ModelSpec spec) {
        int nq = spec.p() * (spec.p() + 1) / 2;
        for (int i = nq; i < start.mean().length; i++) {
            if (start.mean()[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The law of the escape time of the N → ∞ ODE started from each seed's own random overlaps: the same
     * construction with D = 0 (only the law of the start, no SGD noise). The difference of the means of
     * {@link #of} and of this law is the predicted shift between simulation and per-seed ODE.
     *
     * @return the law with D = 0
     */
    public static EscapeTimeLaw perSeedOde(ModelSpec spec, double escapeFraction) {
        return of(spec, escapeFraction, false);
    }

    private static EscapeTimeLaw of(ModelSpec spec, double escapeFraction, boolean noise) {
        if (!spec.eta2()) {
            throw SpecException.mentioning("the finite-N theory is about SGD, which always has its η² term: drop"
                    + " {no_eta2} (compare {theory ode} compares with the ODE without it)", null);
        }
        if (!(escapeFraction > 0 && escapeFraction < 1)) {
            throw new SpecException("escape_fraction", "the escape fraction",
                    "must be in (0, 1) (got " + escapeFraction + ")");
        }
        StartLaw start = StartLaw.of(spec);
        double[][] t = start.teacher();
        OverlapDynamics f = OverlapDynamics.of(spec, t);
        if (!startsUnspecialised(start, spec)) {
            throw SpecException.mentioning("the finite-N theory starts from R = 0 on average (a random start); this"
                    + " start has R ≠ 0, so its ODE escapes by itself (compare {theory ode} compares with the per-seed"
                    + " ODE)", null);
        }
        int d = f.dimension();
        Diffusion diffusion = noise ? Diffusion.of(spec, t) : new Diffusion() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public void diffusion(double[] y, double[] out) {
                Arrays.fill(out, 0, d * d, 0.0);
            }

            @Override
            public void drift(double[] y, double[] out) {
                f.derivatives(y, out);
            }

            @Override
            public String methodName() {
                return "none (per-seed ODE)";
            }
        };
        FixedPoint plateau = FixedPoints.plateauFrom(f, start.mean().clone());
        if (plateau == null) {
            throw new SpecException("no plateau is reached from the mean start of " + spec.describe()
                    + ", so there is no escape to predict");
        }
        double[] star = plateau.state();
        double scale = 1;
        for (double v : star) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = MATCH_TOLERANCE * scale;

        double[] jStar = new double[d * d];
        LinearNoise.jacobian(f, star.clone(), jStar, new double[d], new double[d]);
        RealMatrix jm = MatrixUtils.createRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                jm.setEntry(i, k, jStar[i * d + k]);
            }
        }
        EigenDecompositionNonSymmetric eig = new EigenDecompositionNonSymmetric(jm);
        org.hipparchus.complex.Complex[] lambda = eig.getEigenvalues();
        double gammaMax = 0;
        for (org.hipparchus.complex.Complex l : lambda) {
            gammaMax = Math.max(gammaMax, l.getReal());
        }
        List<Integer> up = new ArrayList<>();
        double[] rates = new double[d];
        for (int i = 0; i < d; i++) {
            rates[i] = lambda[i].getReal();
            if (lambda[i].getReal() > 1e-6 * Math.max(gammaMax, 1e-12)) {
                if (Math.abs(lambda[i].getImaginary()) > 1e-9 * Math.abs(lambda[i].getReal())) {
                    throw new SpecException("the plateau has complex unstable eigenvalues; the escape law assumes real"
                            + " unstable rates");
                }
                up.add(i);
            }
        }
        if (up.isEmpty()) {
            throw new SpecException("the plateau of " + spec.describe() + " has no unstable direction");
        }
        int[] unstableIndex = up.stream().mapToInt(Integer::intValue).toArray();
        RealMatrix left = eig.getVInv();
        LinearNoise ode = new LinearNoise(f, diffusion, new PathOnDemand(f, 0, start.mean()), 0);
        double[] combined = LinearNoise.pack(start.mean(), start.covariance());
        LevelDetector arrival = new LevelDetector(EventKind.SETTLED, (alpha, y) -> {
            double m = 0;
            for (int i = 0; i < d; i++) {
                m = Math.max(m, Math.abs(y[i] - star[i]));
            }
            return m - tol;
        }).withHandler(StateDetector.STOP_WHEN_DECREASING);
        double largestVariance = MATCH_AMPLITUDE * MATCH_AMPLITUDE * MAX_N;
        LevelDetector grown = new LevelDetector(EventKind.LEVEL,
                (alpha, y) -> Math.log(unstableVariance(y, left, unstableIndex, d) / largestVariance))
                .withHandler(StateDetector.STOP_WHEN_INCREASING);
        DenseOutputModel path = new DenseOutputModel();
        ODEStateAndDerivative end = LinearNoise.integrate(ode, 0, combined, MAX_MATCH_ALPHA, List.of(arrival, grown),
                path);
        if (!(end.getTime() < MAX_MATCH_ALPHA)) {
            throw new SpecException("the path from the mean start neither reaches its plateau nor grows its unstable"
                    + " fluctuations to the matching amplitude within α = " + MAX_MATCH_ALPHA);
        }
        return new EscapeTimeLaw(spec, t, plateau, escapeFraction, path, diffusion, eig.getV(), left, rates,
                unstableIndex, gammaMax);
    }

    /**
     * The matching time at dimension N: the first α at which the linear-noise amplitude in the plateau's unstable
     * directions, √(max_x w_xᵀ Σ(α) w_x / N), reaches a (default {@value #MATCH_AMPLITUDE}), or the end of the path
     * (the arrival at the plateau) if that comes first. The amplitude need not be monotone along the path, so the
     * first crossing is bracketed by a scan of 2000 steps and then bisected.
     *
     * @return the matching time α_m, at most the α of arrival at the plateau
     */
    public double matchingAlpha(long n, double target) {
        double start = path.getInitialTime();
        double end = path.getFinalTime();
        if (amplitude(start, n) >= target) {
            return start;
        }
        int scan = 2000;
        double lo = start;
        double hi = Double.NaN;
        for (int k = 1; k <= scan; k++) {
            double a = start + (end - start) * k / scan;
            if (amplitude(a, n) >= target) {
                hi = a;
                break;
            }
            lo = a;
        }
        if (Double.isNaN(hi)) {
            return end;
        }
        for (int it = 0; it < 60 && hi - lo > 1e-9 * (1 + hi); it++) {
            double mid = 0.5 * (lo + hi);
            if (amplitude(mid, n) >= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private double amplitude(double alpha, long n) {
        double[] y = path.getInterpolatedState(alpha).getPrimaryState();
        return Math.sqrt(unstableVariance(y, leftVectors, unstableIndex, d) / n);
    }

    /**
     * max over the plateau's unstable modes x of w_xᵀ Σ w_x, w_x the left eigenvector (row x of V⁻¹, V's columns
     * of unit length): the variance of ξ's coordinate along the unit unstable direction v_x. Σ is read from the
     * linear-noise state (φ, Σ, μ).
     */
    private static double unstableVariance(double[] y, RealMatrix left, int[] unstableIndex, int d) {
        double m = 0;
        for (int x : unstableIndex) {
            double v = 0;
            for (int i = 0; i < d; i++) {
                double wi = left.getEntry(x, i);
                for (int j = 0; j < d; j++) {
                    v += wi * y[d + i * d + j] * left.getEntry(x, j);
                }
            }
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * Σ_eff at α_m: the linear-noise covariance there plus the noise still to come in the plateau's unstable
     * subspace, V_u X V_uᵀ with X_ij = (W_u D(φ(α_m)) W_uᵀ)_ij/(γ_i + γ_j).
     */
    private double[] effectiveCovariance(double[] phi, double[] sigma) {
        double[] noise = new double[d * d];
        diffusion.diffusion(phi, noise);
        int k = unstableIndex.length;
        double[][] b = new double[k][k];
        for (int x = 0; x < k; x++) {
            for (int z = 0; z < k; z++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    double wi = leftVectors.getEntry(unstableIndex[x], i);
                    if (wi == 0) {
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        s += wi * noise[i * d + j] * leftVectors.getEntry(unstableIndex[z], j);
                    }
                }
                b[x][z] = s / (rates[unstableIndex[x]] + rates[unstableIndex[z]]);
            }
        }
        double[] eff = sigma.clone();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int x = 0; x < k; x++) {
                    for (int z = 0; z < k; z++) {
                        s += rightVectors.getEntry(i, unstableIndex[x]) * b[x][z] * rightVectors.getEntry(j, unstableIndex[z]);
                    }
                }
                eff[i * d + j] += s;
            }
        }
        return eff;
    }

    /** The symmetric square root of a covariance (negative eigenvalues, from rounding, set to 0). */
    private static double[] symmetricSquareRoot(double[] c, int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = 0.5 * (c[i * d + j] + c[j * d + i]);
            }
        }
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(m));
        double[] ev = e.getEigenvalues();
        RealMatrix v = e.getV();
        double[] out = new double[d * d];
        for (int x = 0; x < d; x++) {
            double s = Math.sqrt(Math.max(0, ev[x]));
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out[i * d + j] += v.getEntry(i, x) * s * v.getEntry(j, x);
                }
            }
        }
        return out;
    }

    /**
     * The predicted escape times at dimension N from {@code samples} quasi-random effective starts, solved on
     * {@code threads} threads (the result does not depend on the thread count).
     *
     * @return the sorted predicted escape times and their summary statistics
     * @throws CancellationException if interrupted
     */
    public Prediction predict(long n, int samples, int threads) {
        return predict(n, samples, threads, MATCH_AMPLITUDE);
    }

    /**
     * As {@link #predict(long, int, int)} with another matching amplitude a (the result should not depend on it
     * much: a check of the matching).
     *
     * @return the sorted predicted escape times and their summary statistics
     */
    public Prediction predict(long n, int samples, int threads, double amplitude) {
        Ensemble e = ensemble(n, samples, threads, amplitude, new double[0]);
        return Prediction.of(n, e.escapes, e.alphaM);
    }

    /**
     * The predicted learning curve across seeds at dimension N, at the given α: mean and standard deviation of
     * ε_g. Up to the matching time α_m by linear noise around φ,
     * <pre>
     *   E ε_g = ε(φ) + (1/N) [∇ε·μ + ½ Σ_kl ∂²ε/∂Ω_k∂Ω_l Σ_kl],    sd ε_g = N^-½ (∇εᵀ Σ ∇ε)^½;
     * </pre>
     * after α_m, over the ensemble of ODE paths from the effective starts (the seeds follow nearly the same curve
     * shifted by their escape time, so the spread is |dε_g/dα| × the escape-time spread, not O(N^-½)).
     *
     * @return mean and standard deviation of ε_g at each α, with the matching time and the escape prediction
     */
    public Curve curve(long n, int samples, double[] alphas, int threads) {
        double[] sorted = alphas.clone();
        Arrays.sort(sorted);
        Ensemble e = ensemble(n, samples, threads, MATCH_AMPLITUDE, sorted);
        double[] mean = new double[alphas.length];
        double[] sd = new double[alphas.length];
        OverlapDynamics f = OverlapDynamics.of(spec, teacher);
        PostEscape post = postEscape(f, e, n, sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        for (int i = 0; i < alphas.length; i++) {
            double a = alphas[i];
            int at = Arrays.binarySearch(sorted, a);
            if (a <= e.alphaM) {
                double[] y = path.getInterpolatedState(Math.max(a, path.getInitialTime())).getPrimaryState();
                double[] m = linearNoiseMoments(f, y, n);
                mean[i] = m[0];
                sd[i] = m[1];
            } else {
                double s1 = 0;
                double s2 = 0;
                double within = 0;
                int k = 0;
                for (int j = 0; j < e.curves.length; j++) {
                    double v = e.curves[j][at];
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    if (post != null && Double.isFinite(e.escapes[j])) {
                        double shifted = a - (e.escapes[j] - post.from);
                        v += post.meanShift(shifted);
                        within += post.variance(shifted);
                    }
                    s1 += v;
                    s2 += v * v;
                    k++;
                }
                mean[i] = s1 / k;
                double between = k > 1 ? Math.max(0, (s2 - s1 * s1 / k) / (k - 1)) : Double.NaN;
                sd[i] = Math.sqrt(between + within / k);
            }
        }
        return new Curve(n, alphas.clone(), mean, sd, e.alphaM, Prediction.of(n, e.escapes, e.alphaM));
    }

    /**
     * The O(N^-½) fluctuations and the O(1/N) mean shift of ε_g after the escape, transverse to the shifted
     * curves: the linear noise (Σ, μ) integrated from zero along the ensemble's median path from its escape time
     * τ_med on, tabulated as functions of the time since that escape. Sample k, which escapes at τ_k, uses them
     * at α − (τ_k − τ_med). (The noise before the escape is in the ensemble's starts.)
     */
    private record PostEscape(double from, double step, double[] shift, double[] variance) {

        double meanShift(double s) {
            return interpolate(shift, s);
        }

        double variance(double s) {
            return interpolate(variance, s);
        }

        private double interpolate(double[] table, double s) {
            if (!(s > from)) {
                return 0.0;
            }
            double x = (s - from) / step;
            int i = (int) Math.floor(x);
            if (i >= table.length - 1) {
                return table[table.length - 1];
            }
            double w = x - i;
            return (1 - w) * table[i] + w * table[i + 1];
        }
    }

    private PostEscape postEscape(OverlapDynamics f, Ensemble e, long n, double lastAlpha) {
        double[] finite = Arrays.stream(e.escapes).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0 || lastAlpha <= finite[0]) {
            return null;
        }
        double median = finite[finite.length / 2];
        int medianSample = -1;
        for (int j = 0; j < e.escapes.length; j++) {
            if (e.escapes[j] == median) {
                medianSample = j;
                break;
            }
        }
        double[] atEscape = stateAt(f, e.starts[medianSample], e.alphaM, median);
        double end = lastAlpha + (median - finite[0]) + 1;
        double[] combined = new double[2 * d + d * d];
        System.arraycopy(atEscape, 0, combined, 0, d);
        DenseOutputModel lna = new DenseOutputModel();
        LinearNoise.integrate(new LinearNoise(f, diffusion, new PathOnDemand(f, median, atEscape), median), median,
                combined, end, List.of(), lna);
        double step = 0.05;
        int points = (int) Math.ceil((end - median) / step) + 1;
        double[] shift = new double[points];
        double[] variance = new double[points];
        for (int i = 0; i < points; i++) {
            double s = Math.min(end, median + i * step);
            double[] y = lna.getInterpolatedState(s).getPrimaryState();
            double[] m = linearNoiseMoments(f, y, n);
            shift[i] = m[0] - f.generalisationError(Arrays.copyOf(y, d));
            variance[i] = m[1] * m[1];
        }
        return new PostEscape(median, step, shift, variance);
    }

    /** The overlap ODE as a Hipparchus equation (one derivative buffer, reused). */
    private static org.hipparchus.ode.OrdinaryDifferentialEquation ode(OverlapDynamics f) {
        double[] yDot = new double[f.dimension()];
        return new org.hipparchus.ode.OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return f.dimension();
            }

            @Override
            public double[] computeDerivatives(double t, double[] x) {
                f.derivatives(x, yDot);
                return yDot;
            }
        };
    }

    /** The ODE state at α from y at α₀. */
    private double[] stateAt(OverlapDynamics f, double[] y, double alpha0, double alpha) {
        if (alpha <= alpha0) {
            return y.clone();
        }
        org.hipparchus.ode.OrdinaryDifferentialEquation eq = ode(f);
        return new DormandPrince853Integrator(1e-10, 50, 1e-10, 1e-8).integrate(eq, new ODEState(alpha0, y.clone()),
                alpha).getPrimaryState();
    }

    /**
     * [mean, sd] of ε_g from the linear-noise state (φ, Σ, μ), to second order in ξ/√N with ξ ~ N(0, Σ):
     * E ε_g = ε(φ) + (∇ε·μ + ½ tr(HΣ))/N and Var ε_g = ∇εᵀΣ∇ε/N + ½ tr((HΣ)²)/N², H the Hessian of ε_g. The
     * second-order variance matters on the plateau, where ε_g is stationary in the unstable directions (∇ε ⊥ them)
     * while Σ grows there like e^{2γα}. Derivatives by central differences (h = 10⁻⁶ (1 + |φ_i|) for ∇ε, 10⁻⁴ for H).
     */
    private double[] linearNoiseMoments(OverlapDynamics f, double[] y, long n) {
        double[] phi = Arrays.copyOf(y, d);
        double e0 = f.generalisationError(phi);
        double[] grad = new double[d];
        double[] x = phi.clone();
        for (int i = 0; i < d; i++) {
            double h = 1e-6 * (1 + Math.abs(phi[i]));
            x[i] = phi[i] + h;
            double up = f.generalisationError(x);
            x[i] = phi[i] - h;
            double down = f.generalisationError(x);
            x[i] = phi[i];
            grad[i] = (up - down) / (2 * h);
        }
        double h = 1e-4;
        double[][] hess = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v;
                if (i == j) {
                    x[i] = phi[i] + h;
                    double up = f.generalisationError(x);
                    x[i] = phi[i] - h;
                    double down = f.generalisationError(x);
                    v = (up - 2 * e0 + down) / (h * h);
                } else {
                    x[i] = phi[i] + h;
                    x[j] = phi[j] + h;
                    double pp = f.generalisationError(x);
                    x[j] = phi[j] - h;
                    double pm = f.generalisationError(x);
                    x[i] = phi[i] - h;
                    double mm = f.generalisationError(x);
                    x[j] = phi[j] + h;
                    double mp = f.generalisationError(x);
                    v = (pp - pm - mp + mm) / (4 * h * h);
                }
                x[i] = phi[i];
                x[j] = phi[j];
                hess[i][j] = v;
                hess[j][i] = v;
            }
        }
        double[][] sigma = new double[d][d];
        double var1 = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                sigma[i][j] = 0.5 * (y[d + i * d + j] + y[d + j * d + i]);
                var1 += grad[i] * sigma[i][j] * grad[j];
            }
        }
        double[][] hs = new double[d][d];
        double trace = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += hess[i][k] * sigma[k][j];
                }
                hs[i][j] = v;
            }
            trace += hs[i][i];
        }
        double trace2 = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                trace2 += hs[i][j] * hs[j][i];
            }
        }
        double shift = 0.5 * trace;
        for (int i = 0; i < d; i++) {
            shift += grad[i] * y[d + d * d + i];
        }
        double var = Math.max(0, var1) / n + 0.5 * Math.max(0, trace2) / ((double) n * n);
        return new double[] {e0 + shift / n, Math.sqrt(var)};
    }

    /** The escape times of the samples, and ε_g of each sample at the grid α &gt; α_m (NaN at α ≤ α_m). */
    private record Ensemble(double alphaM, double[][] starts, double[] escapes, double[][] curves) {
    }

    private Ensemble ensemble(long n, int samples, int threads, double amplitude, double[] grid) {
        if (n < spec.p() + spec.pstar()) {
            throw new SpecException("N", "the input dimension N",
                    "must be at least p + p* = " + (spec.p() + spec.pstar()) + " (got " + n + ")");
        }
        if (samples < 2) {
            throw new SpecException("samples", "the number of samples", "must be at least 2 (got " + samples + ")");
        }
        dev.overlap.model.MemoryBudget.require((double) samples * (2 * d + grid.length + 6), Math.max(d, grid.length),
                "the " + samples + " effective starts, each with its state" + (grid.length == 0 ? ","
                        : " and ε_g at the " + grid.length + " grid α,"),
                "fewer {samples}");
        double alphaM = matchingAlpha(n, amplitude);
        double[] y0 = path.getInterpolatedState(alphaM).getPrimaryState();
        double[] matchingState = Arrays.copyOf(y0, d);
        for (int i = 0; i < d; i++) {
            matchingState[i] += y0[d + d * d + i] / n;
        }
        double[] sqrtCovariance = symmetricSquareRoot(effectiveCovariance(Arrays.copyOf(y0, d),
                Arrays.copyOfRange(y0, d, d + d * d)), d);
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
        double[] shift = new double[d];
        java.util.SplittableRandom rotation = new java.util.SplittableRandom(SOBOL_SHIFT_SEED);
        for (int i = 0; i < d; i++) {
            shift[i] = rotation.nextDouble();
        }
        double[][] starts = new double[samples][];
        double c = 1 / Math.sqrt(n);
        for (int s = 0; s < samples; s++) {
            double[] u = sobol.nextVector();
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                double v = u[i] + shift[i];
                v -= Math.floor(v);
                v = Math.min(Math.max(v, 0x1p-53), 1 - 0x1p-53);
                z[i] = Math.sqrt(2) * Erf.erfInv(2 * v - 1);
            }
            double[] y = matchingState.clone();
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += sqrtCovariance[i * d + j] * z[j];
                }
                y[i] += c * v;
            }
            starts[s] = y;
        }
        double horizon = alphaM + 40 / escapeRate + Math.log(n) / escapeRate;
        if (grid.length > 0) {
            horizon = Math.max(horizon, grid[grid.length - 1]);
        }
        double[] escapes = new double[samples];
        double[][] curves = new double[samples][grid.length];
        solveAll(n, starts, alphaM, horizon, grid, escapes, curves, threads);
        return new Ensemble(alphaM, starts, escapes, curves);
    }

    /**
     * Solves the ODE from every effective start (see {@link #solveSample}) on {@code threads} threads. An
     * integration that fails (its step size underflows, as where a start lies beyond the bounded solutions: the
     * Gaussian of the linear-noise theory is too wide at this N) is a {@link SpecException} naming N.
     */
    private void solveAll(long n, double[][] starts, double alphaM, double horizon, double[] grid, double[] escapes,
            double[][] curves, int threads) {
        int workers = Math.max(1, Math.min(threads, starts.length));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, "escape-law");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int wk = 0; wk < workers; wk++) {
                int first = wk;
                futures.add(pool.submit(() -> {
                    OverlapDynamics f = OverlapDynamics.of(spec, teacher);
                    for (int s = first; s < starts.length; s += workers) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new CancellationException("interrupted");
                        }
                        escapes[s] = solveSample(f, starts[s], alphaM, horizon, grid, curves[s]);
                    }
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the escape prediction was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MathRuntimeException m) {
                throw new SpecException(String.format(Locale.ROOT, "the finite-N theory does not hold at N = %d: the "
                        + "N → ∞ ODE from one of its effective starts at α_m = %.4g cannot be integrated (its step size "
                        + "underflows, as at a blow-up): the start's Gaussian is too wide at this N; use a larger N",
                        n, alphaM), m);
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The ODE from y at α_m: returns the first α ≥ α_m with ε_g ≤ f ε_g* (α_m itself if y is already there; +∞ if
     * none before the horizon), and writes ε_g at the grid points α &gt; α_m into {@code curve} (NaN elsewhere).
     * Without grid points after α_m the integration stops at the escape.
     */
    private double solveSample(OverlapDynamics f, double[] y, double alphaM, double horizon, double[] grid,
            double[] curve) {
        Arrays.fill(curve, Double.NaN);
        boolean wantCurve = grid.length > 0 && grid[grid.length - 1] > alphaM;
        boolean startsBelow = f.generalisationError(y) <= threshold;
        if (startsBelow && !wantCurve) {
            return alphaM;
        }
        org.hipparchus.ode.OrdinaryDifferentialEquation eq = ode(f);
        ODEIntegrator integrator = new DormandPrince853Integrator(1e-10, 50, 1e-10, 1e-8);
        EventsLog log = new EventsLog();
        integrator.addEventDetector(log.monitor(new EscapeDetector(f, threshold).withMaxCheck(0.5)
                .withHandler(wantCurve ? StateDetector.CONTINUE : StateDetector.STOP_WHEN_DECREASING)));
        if (wantCurve) {
            integrator.addStepHandler(interpolator -> {
                double t0 = interpolator.getPreviousState().getTime();
                double t1 = interpolator.getCurrentState().getTime();
                for (int i = 0; i < grid.length; i++) {
                    if (grid[i] > alphaM && grid[i] > t0 && grid[i] <= t1) {
                        curve[i] = f.generalisationError(interpolator.getInterpolatedState(grid[i]).getPrimaryState());
                    }
                }
            });
        }
        integrator.integrate(eq, new ODEState(alphaM, y.clone()), horizon);
        Double escape = log.first(EventKind.ESCAPE, false);
        return startsBelow ? alphaM : escape == null ? Double.POSITIVE_INFINITY : escape;
    }

    /**
     * The predicted learning curve across seeds at one N.
     *
     * @param n             N
     * @param alphas        the α values
     * @param mean          predicted mean of ε_g across seeds
     * @param sd            predicted standard deviation of ε_g across seeds
     * @param matchingAlpha α_m: linear noise before, the ensemble after
     * @param escape        the escape-time law of the same ensemble
     */
    public record Curve(long n, double[] alphas, double[] mean, double[] sd, double matchingAlpha, Prediction escape) {
    }

    /**
     * The model.
     *
     * @return the spec the law was built for
     */
    public ModelSpec spec() {
        return spec;
    }

    /**
     * ε_g* of the plateau.
     *
     * @return ε_g at the plateau
     */
    public double plateauEpsG() {
        return plateau.epsG();
    }

    /**
     * γ, the largest unstable rate of the plateau (η² term included).
     *
     * @return γ &gt; 0
     */
    public double escapeRate() {
        return escapeRate;
    }

    /**
     * Number of unstable directions of the plateau.
     *
     * @return the number of eigenvalues with positive real part at the plateau
     */
    public int unstableDirections() {
        return unstable;
    }

    /**
     * The escape fraction f.
     *
     * @return f, in (0, 1)
     */
    public double escapeFraction() {
        return escapeFraction;
    }

    /**
     * How D was computed.
     *
     * @return the {@link Diffusion#methodName()} of the diffusion used
     */
    public String diffusionMethod() {
        return diffusionMethod;
    }

    /**
     * The predicted escape times at one N.
     *
     * @param n             N
     * @param sortedTimes   the escape α of every sample, ascending (+∞ for a sample that did not escape)
     * @param mean          their mean (over the samples that escaped)
     * @param sd            their standard deviation
     * @param q10           10 % quantile
     * @param q50           median
     * @param q90           90 % quantile
     * @param matchingAlpha α_m
     */
    public record Prediction(long n, double[] sortedTimes, double mean, double sd, double q10, double q50, double q90,
            double matchingAlpha) {

        static Prediction of(long n, double[] times, double matchingAlpha) {
            double[] sorted = times.clone();
            Arrays.sort(sorted);
            int m = 0;
            double sum = 0;
            for (double t : sorted) {
                if (Double.isFinite(t)) {
                    m++;
                    sum += t;
                }
            }
            double mean = m == 0 ? Double.NaN : sum / m;
            double ss = 0;
            for (int i = 0; i < m; i++) {
                ss += (sorted[i] - mean) * (sorted[i] - mean);
            }
            return new Prediction(n, sorted, mean, m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN,
                    quantile(sorted, 0.1), quantile(sorted, 0.5), quantile(sorted, 0.9), matchingAlpha);
        }

        /**
         * The q-quantile of the samples (linear interpolation between order statistics).
         *
         * @return the q-quantile, interpolated linearly between the order statistics
         */
        public static double quantile(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.length - 1, lo + 1);
            double frac = pos - lo;
            return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
        }

        /**
         * The predicted CDF P(α_esc ≤ a): the fraction of samples at or below a (a step function).
         *
         * @return the fraction of predicted escape times ≤ a
         */
        public double cdf(double a) {
            int lo = 0;
            int hi = sortedTimes.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sortedTimes[mid] <= a) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo / (double) sortedTimes.length;
        }

        /**
         * The predicted CDF made continuous: linear between consecutive sorted samples, 0 before the first, and
         * the fraction of escaping samples after the last finite one (for a one-sample Kolmogorov–Smirnov test).
         *
         * @return the piecewise-linear CDF at a, in [0, 1]
         */
        public double cdfInterpolated(double a) {
            int k = sortedTimes.length;
            if (!(a >= sortedTimes[0])) {
                return 0.0;
            }
            int lo = 0;
            int hi = k - 1;
            while (hi > 0 && !Double.isFinite(sortedTimes[hi])) {
                hi--;
            }
            if (a >= sortedTimes[hi]) {
                return (hi + 1) / (double) k;
            }
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (sortedTimes[mid] <= a) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double f = (a - sortedTimes[lo]) / (sortedTimes[hi] - sortedTimes[lo]);
            return (lo + 1 + f) / k;
        }

        /**
         * A one-line summary.
         *
         * @return N, the mean, standard deviation and quantiles of the escape time on one line
         */
        public String describe() {
            return String.format(Locale.ROOT, "N = %d: mean %.4g, sd %.3g, q10 %.4g, q50 %.4g, q90 %.4g", n, mean, sd,
                    q10, q50, q90);
        }
    }
}
