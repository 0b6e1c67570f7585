package dev.overlap.validation;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.RandomStreams;
import dev.overlap.model.SpecException;
import dev.overlap.model.TeacherSpec;

/**
 * One seed of one-pass SGD at finite N simulated exactly through its overlaps, without the weights: the overlap
 * chain. Cost per step O(p³ + p² p*), independent of N; memory O((p + p*)²).
 *
 * <p><b>Why it is exact.</b> With the weights fixed at step t and a fresh x ~ N(0, I_N), the fields
 * Λ = (λ, ν) are exactly N(0, C) and the parts of x inside and outside the span of the rows of W and W* are
 * independent. In the coordinates of {@link FactoredOverlaps} (W*·N^-½ = L_T E_T, W/√N = M E_T + V, G = V Vᵀ,
 * G = L Lᵀ) write E_T x = u ~ N(0, I_p*) and let z ~ N(0, I_p) be the coordinates of the part of x orthogonal
 * to the teacher's span along a basis of p directions containing the rows of V; the rest of x has squared norm
 * χ²_{N−p−p*}, independent of (u, z). Then
 * <pre>
 *   ν = L_T u,   λ⊥ = L z,   λ = M u + λ⊥,   s = |z|² + χ²_{N−p−p*}  (the squared norm of x outside the teacher's span),
 *   g_a = η κ_s (ŷ − y) σ'(λ_a),   ŷ = κ_s Σ_a σ(λ_a),   y = κ_t Σ_r σ(ν_r) + √Δ ξ,
 *   M' = M − g uᵀ/N,   G' = G − (g λ⊥ᵀ + λ⊥ gᵀ)/N + s g gᵀ/N²,
 * </pre>
 * which is w_a ← w_a − (g_a/√N) x written in these coordinates: it gives R' = M' L_Tᵀ = R − g νᵀ/N and
 * Q' = M'M'ᵀ + G' = Q − (g λᵀ + λ gᵀ)/N + g gᵀ |x|²/N² with |x|² = |u|² + s, the overlap update of
 * {@link SgdRun}. Using p components z whatever the rank k of G is exact: the p − k components outside the
 * row space of V add to χ²_{N−p−p*} to make the χ²_{N−p*−k} of the actual complement. So (M, G), hence (Q, R),
 * is a Markov chain whose law at every step equals that of the overlaps of weight-space SGD, for every N ≥ p + p*,
 * activation and label noise.
 *
 * <p><b>Numerics.</b> G is factored at every step by a Cholesky factorisation that tolerates (near-)zero pivots:
 * a pivot at most {@value #PIVOT_TOLERANCE}·p·max_a G_aa zeroes its column (that direction carries no
 * variance), and G is then replaced by L Lᵀ so that it stays positive semi-definite. Near the zero-loss
 * manifold, where G → 0, every term of the update scales with G, so the relative accuracy does not degrade.
 * The χ² is an exact Gamma((N − p − p*)/2, 2) draw (Marsaglia–Tsang; Ahrens–Dieter for one degree of freedom),
 * not a sum of squares or a normal approximation, so N up to 2³¹ − 1 costs the same.
 *
 * <p><b>Streams.</b> A random start draws its overlaps from {@link RandomStreams#CHAIN_START} of the seed
 * ({@link FactoredOverlaps#draw}); the steps draw u (p* values), then z (p values), then the χ², from
 * {@link RandomStreams#CHAIN_STEPS}, and ξ from {@link RandomStreams#LABEL_NOISE}, only when Δ &gt; 0. A run is
 * a deterministic function of (spec, N, seed, start). An instance is not thread-safe.
 */
public final class OverlapChain implements FiniteNSgd {

    /** Relative size (per unit of p) of a Cholesky pivot below which the direction is taken as degenerate. */
    static final double PIVOT_TOLERANCE = 0x1p-46;

    private final int n;
    private final int p;
    private final int pstar;
    private final Activation activation;
    private final double kappaStudent;
    private final double kappaTeacher;
    private final double eta;
    private final double sqrtNoise;
    private final double invN;
    private final FactoredOverlaps state;
    private final double[] factor;
    private final double[] u;
    private final double[] z;
    private final double[] nu;
    private final double[] lambdaPerp;
    private final double[] lambda;
    private final double[] gain;
    private final NormalizedGaussianSampler fields;
    private final ContinuousSampler restNorm;
    private final NormalizedGaussianSampler labelNoise;
    private long steps;

    /**
     * A chain whose initial overlaps are drawn from their exact law at dimension N (student rows i.i.d.
     * N(0, σ₀² I_N), the spec's teacher; see {@link FactoredOverlaps#draw}).
     *
     * @throws SpecException if N &lt; p + p*, or a file teacher's T is not positive definite
     */
    public static OverlapChain random(ModelSpec spec, int n, double sigma0, long seed) {
        SgdRun.checkDimension(n, spec.p(), spec.pstar());
        double[][] fileT = spec.teacher() instanceof TeacherSpec.FromFile ? spec.teacherOverlap() : null;
        return new OverlapChain(spec, n, FactoredOverlaps.draw(spec.p(), spec.pstar(), spec.teacher(), fileT, n, sigma0,
                seed), seed);
    }

    /**
     * A chain started from given overlaps at dimension N (any positive semi-definite C with T positive definite is
     * the overlap matrix of some weights when N ≥ p + p*).
     *
     * @throws SpecException if N &lt; p + p*, or T is not positive definite
     */
    public static OverlapChain from(ModelSpec spec, Overlaps start, int n, long seed) {
        SgdRun.checkDimension(n, spec.p(), spec.pstar());
        if (start.p() != spec.p() || start.pstar() != spec.pstar()) {
            throw new SpecException("the start has p = " + start.p() + ", p* = " + start.pstar() + ", the model p = "
                    + spec.p() + ", p* = " + spec.pstar());
        }
        return new OverlapChain(spec, n, FactoredOverlaps.of(start), seed);
    }

    private OverlapChain(ModelSpec spec, int n, FactoredOverlaps start, long seed) {
        this(spec, n, start, RandomStreams.stream(seed, RandomStreams.CHAIN_STEPS),
                ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, RandomStreams.LABEL_NOISE)));
    }

    private OverlapChain(ModelSpec spec, int n, FactoredOverlaps start, UniformRandomProvider steps,
            NormalizedGaussianSampler labelNoise) {
        this.n = n;
        this.p = spec.p();
        this.pstar = spec.pstar();
        this.activation = spec.activation();
        this.kappaStudent = spec.kappaStudent();
        this.kappaTeacher = spec.kappaTeacher();
        this.eta = spec.eta();
        this.sqrtNoise = Math.sqrt(spec.noise());
        this.invN = 1.0 / n;
        this.state = start;
        this.factor = new double[p * p];
        this.u = new double[pstar];
        this.z = new double[p];
        this.nu = new double[pstar];
        this.lambdaPerp = new double[p];
        this.lambda = new double[p];
        this.gain = new double[p];
        this.fields = ZigguratSampler.NormalizedGaussian.of(steps);
        long rest = (long) n - p - pstar;
        this.restNorm = rest == 0 ? null : FactoredOverlaps.chiSquareSampler(steps, rest);
        this.labelNoise = labelNoise;
        factorGram();
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public double[][] teacherOverlap() {
        double[][] t = new double[pstar][pstar];
        for (int r = 0; r < pstar; r++) {
            System.arraycopy(state.t, r * pstar, t[r], 0, pstar);
        }
        return t;
    }

    @Override
    public void copyState(double[] dest) {
        state.copyState(dest);
    }

    /** The current overlaps as a value. */
    public Overlaps overlaps() {
        return state.overlaps();
    }

    @Override
    public void advance(long count) {
        for (long i = 0; i < count; i++) {
            step();
        }
    }

    /** One step: draws u, z, the χ² and (if Δ &gt; 0) ξ, and applies the update of the class comment. */
    public void step() {
        for (int r = 0; r < pstar; r++) {
            u[r] = fields.sample();
        }
        for (int a = 0; a < p; a++) {
            z[a] = fields.sample();
        }
        double rest = restNorm == null ? 0.0 : restNorm.sample();
        double xi = sqrtNoise != 0 ? labelNoise.sample() : 0.0;
        step(u, z, rest, xi);
    }

    /**
     * One step with given draws: u (p* values), z (p values), the χ²_{N−p−p*} of the rest of x and the label noise
     * ξ (used only when Δ &gt; 0). Allocates nothing.
     */
    void step(double[] uIn, double[] zIn, double restChiSquare, double xi) {
        double[] lt = state.teacherFactor;
        double[] m = state.m;
        double[] g = state.gram;
        double teacherOut = 0;
        for (int r = 0; r < pstar; r++) {
            double v = 0;
            for (int k = 0; k <= r; k++) {
                v += lt[r * pstar + k] * uIn[k];
            }
            nu[r] = v;
            teacherOut += activation.value(v);
        }
        double s = restChiSquare;
        double studentOut = 0;
        for (int a = 0; a < p; a++) {
            s += zIn[a] * zIn[a];
            double perp = 0;
            for (int k = 0; k <= a; k++) {
                perp += factor[a * p + k] * zIn[k];
            }
            double v = perp;
            for (int r = 0; r < pstar; r++) {
                v += m[a * pstar + r] * uIn[r];
            }
            lambdaPerp[a] = perp;
            lambda[a] = v;
            studentOut += activation.value(v);
        }
        double label = kappaTeacher * teacherOut;
        if (sqrtNoise != 0) {
            label += sqrtNoise * xi;
        }
        double common = eta * kappaStudent * (kappaStudent * studentOut - label);
        for (int a = 0; a < p; a++) {
            gain[a] = common * activation.derivative(lambda[a]);
        }
        double normTerm = s * invN * invN;
        for (int a = 0; a < p; a++) {
            double ga = gain[a];
            double ca = ga * invN;
            for (int r = 0; r < pstar; r++) {
                m[a * pstar + r] -= ca * uIn[r];
            }
            double la = lambdaPerp[a];
            for (int b = 0; b <= a; b++) {
                double v = g[a * p + b] + gain[b] * (ga * normTerm - la * invN) - ga * lambdaPerp[b] * invN;
                g[a * p + b] = v;
                g[b * p + a] = v;
            }
        }
        factorGram();
        steps++;
    }

    /**
     * L with L Lᵀ = G, lower triangular, tolerating (near-)zero pivots: a pivot at most
     * {@link #PIVOT_TOLERANCE}·p·max_a G_aa (or not a number) zeroes its column. If one did, G is replaced by
     * L Lᵀ, the nearest matrix the factor represents, so G stays positive semi-definite.
     */
    private void factorGram() {
        double[] g = state.gram;
        double scale = 0;
        for (int a = 0; a < p; a++) {
            scale = Math.max(scale, g[a * p + a]);
        }
        double tol = PIVOT_TOLERANCE * p * scale;
        boolean clamped = false;
        for (int j = 0; j < p; j++) {
            double d = g[j * p + j];
            for (int k = 0; k < j; k++) {
                d -= factor[j * p + k] * factor[j * p + k];
            }
            if (d > tol) {
                double ljj = Math.sqrt(d);
                double inv = 1.0 / ljj;
                factor[j * p + j] = ljj;
                for (int i = j + 1; i < p; i++) {
                    double v = g[i * p + j];
                    for (int k = 0; k < j; k++) {
                        v -= factor[i * p + k] * factor[j * p + k];
                    }
                    factor[i * p + j] = v * inv;
                }
            } else {
                clamped = true;
                for (int i = j; i < p; i++) {
                    factor[i * p + j] = 0.0;
                }
            }
        }
        if (clamped && scale == scale) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = 0;
                    for (int k = 0; k <= j; k++) {
                        v += factor[i * p + k] * factor[j * p + k];
                    }
                    g[i * p + j] = v;
                    g[j * p + i] = v;
                }
            }
        }
    }
}
