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
 * <p><b>Numerics.</b> G is factored at every step by a Cholesky factorisation (in the square-root-free form
 * G = L₁ D L₁ᵀ, L = L₁ √D) that tolerates (near-)zero pivots: a pivot at most {@value #PIVOT_TOLERANCE}·p·max_a G_aa
 * zeroes its column (that direction carries no variance), and G is then replaced by L Lᵀ so that it stays
 * positive semi-definite. Near the zero-loss manifold, where G → 0, every term of the update scales with G, so
 * the relative accuracy does not degrade.
 * The χ² is an exact Gamma((N − p − p*)/2, 2) draw (Marsaglia–Tsang; Ahrens–Dieter for one degree of freedom),
 * not a sum of squares or a normal approximation, so N up to 2³¹ − 1 costs the same.
 *
 * <p><b>Speed.</b> For p + p* ≤ {@value ChainKernels#MAX_SIZE} the step runs through straight-line code generated
 * for the (p, p*) and compiled at run time ({@link ChainKernels}; σ written out when it is quadratic, called through
 * {@link Activation} otherwise), which performs the same floating-point operations in the same order as the loops
 * below and so gives bitwise the same chain; larger sizes run the loops.
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
    /** L₁ of G = L₁ D L₁ᵀ, unit lower triangular (the diagonal is not stored: it is 1). */
    private final double[] unit;
    /** L₁ D. */
    private final double[] scaled;
    /** √D. */
    private final double[] roots;
    /** √D z of the current step. */
    private final double[] w;
    /** σ(z) = z² exactly: the step then writes out σ and σ' = 2z (the same numbers as evaluating the polynomial). */
    private final boolean quadratic;
    private final double[] u;
    private final double[] z;
    private final double[] lambdaPerp;
    private final double[] lambda;
    private final double[] gain;
    private final NormalizedGaussianSampler fields;
    private final ContinuousSampler restNorm;
    private final NormalizedGaussianSampler labelNoise;
    /**
     * The straight-line step generated for this (p, p*) ({@link ChainKernels}), bitwise the same as the loops, or
     * null for the loops (p + p* above {@link ChainKernels#MAX_SIZE}).
     */
    private ChainKernel kernel;
    private long steps;

    /**
     * A chain whose initial overlaps are drawn from their exact law at dimension N (student rows i.i.d.
     * N(0, σ₀² I_N), the spec's teacher; see {@link FactoredOverlaps#draw}).
     *
     * @return the chain at step 0, its overlaps drawn with {@code seed}
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
     * @return the chain at step 0, at the given overlaps
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
        this.unit = new double[p * p];
        this.scaled = new double[p * p];
        this.roots = new double[p];
        this.w = new double[p];
        this.quadratic = Activation.QUADRATIC.equals(activation);
        this.u = new double[pstar];
        this.z = new double[p];
        this.lambdaPerp = new double[p];
        this.lambda = new double[p];
        this.gain = new double[p];
        this.fields = ZigguratSampler.NormalizedGaussian.of(steps);
        long rest = (long) n - p - pstar;
        this.restNorm = rest == 0 ? null : FactoredOverlaps.chiSquareSampler(steps, rest);
        this.labelNoise = labelNoise;
        this.kernel = ChainKernels.covers(p, pstar) ? ChainKernels.get(p, pstar, quadratic) : null;
        factorGram();
    }

    /** Whether the steps run through a generated kernel (for tests). */
    boolean usesKernel() {
        return kernel != null;
    }

    /** M, G, L₁, L₁ D and √D, concatenated (for tests). */
    double[] rawState() {
        double[][] parts = {state.m, state.gram, unit, scaled, roots};
        int length = 0;
        for (double[] part : parts) {
            length += part.length;
        }
        double[] all = new double[length];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** From now on steps run through the generic loops, not the generated kernel (for tests). */
    void useLoops() {
        kernel = null;
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

    /**
     * The current overlaps as a value.
     *
     * @return a new immutable copy of Q, R and T
     */
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
     *
     * <p>λ⊥ = L z is formed as L₁ (√D z) from the factorisation G = L₁ D L₁ᵀ of {@link #factorGram()} (L = L₁ √D),
     * the same numbers as with L up to rounding. The student rows are taken two at a time (one pass over the
     * shared inputs for both, two independent sums in flight), which leaves every entry's arithmetic and order of
     * summation as for one row at a time.
     */
    void step(double[] uIn, double[] zIn, double restChiSquare, double xi) {
        ChainKernel generated = kernel;
        if (generated != null) {
            generated.step(uIn, zIn, restChiSquare, xi, state.teacherFactor, state.m, state.gram, unit, scaled, roots,
                    invN, kappaTeacher, kappaStudent, eta, sqrtNoise, activation);
        } else {
            stepLoops(uIn, zIn, restChiSquare, xi);
        }
        steps++;
    }

    /** {@link #step(double[], double[], double, double)} by the generic loops (without counting the step). */
    private void stepLoops(double[] uIn, double[] zIn, double restChiSquare, double xi) {
        final int p = this.p;
        final int pstar = this.pstar;
        final double invN = this.invN;
        final boolean quadratic = this.quadratic;
        final double[] lt = state.teacherFactor;
        final double[] m = state.m;
        final double[] g = state.gram;
        final double[] unit = this.unit;
        final double[] w = this.w;
        final double[] lambdaPerp = this.lambdaPerp;
        final double[] lambda = this.lambda;
        final double[] gain = this.gain;
        double teacherOut = 0;
        for (int r = 0, row = 0; r < pstar; r++, row += pstar) {
            double v = 0;
            for (int k = 0; k <= r; k++) {
                v += lt[row + k] * uIn[k];
            }
            teacherOut += quadratic ? v * v : activation.value(v);
        }
        double s = restChiSquare;
        for (int a = 0; a < p; a++) {
            double za = zIn[a];
            s += za * za;
            w[a] = roots[a] * za;
        }

        // λ⊥_a = Σ_{k<a} (L₁)_ak w_k + w_a and λ_a = λ⊥_a + Σ_r M_ar u_r, rows a and a + 1 together.
        double studentOut = 0;
        int a = 0;
        for (int row = 0, mrow = 0; a + 1 < p; a += 2, row += 2 * p, mrow += 2 * pstar) {
            int row1 = row + p;
            int mrow1 = mrow + pstar;
            double perp0 = 0;
            double perp1 = 0;
            for (int k = 0; k < a; k++) {
                double wk = w[k];
                perp0 += unit[row + k] * wk;
                perp1 += unit[row1 + k] * wk;
            }
            double wa = w[a];
            perp0 += wa;
            perp1 += unit[row1 + a] * wa;
            perp1 += w[a + 1];
            double v0 = perp0;
            double v1 = perp1;
            for (int r = 0; r < pstar; r++) {
                double ur = uIn[r];
                v0 += m[mrow + r] * ur;
                v1 += m[mrow1 + r] * ur;
            }
            lambdaPerp[a] = perp0;
            lambdaPerp[a + 1] = perp1;
            lambda[a] = v0;
            lambda[a + 1] = v1;
            studentOut += quadratic ? v0 * v0 : activation.value(v0);
            studentOut += quadratic ? v1 * v1 : activation.value(v1);
        }
        if (a < p) {
            int row = a * p;
            int mrow = a * pstar;
            double perp = 0;
            for (int k = 0; k < a; k++) {
                perp += unit[row + k] * w[k];
            }
            perp += w[a];
            double v = perp;
            for (int r = 0; r < pstar; r++) {
                v += m[mrow + r] * uIn[r];
            }
            lambdaPerp[a] = perp;
            lambda[a] = v;
            studentOut += quadratic ? v * v : activation.value(v);
        }

        double label = kappaTeacher * teacherOut;
        if (sqrtNoise != 0) {
            label += sqrtNoise * xi;
        }
        double common = eta * kappaStudent * (kappaStudent * studentOut - label);
        for (int b = 0; b < p; b++) {
            double v = lambda[b];
            gain[b] = common * (quadratic ? 2 * v : activation.derivative(v));
        }

        // M_a −= g_a u/N and the lower triangle of G (mirrored into the upper one), rows a and a + 1 together.
        double normTerm = s * invN * invN;
        a = 0;
        for (int row = 0, mrow = 0; a + 1 < p; a += 2, row += 2 * p, mrow += 2 * pstar) {
            int row1 = row + p;
            int mrow1 = mrow + pstar;
            double ga0 = gain[a];
            double ga1 = gain[a + 1];
            double ca0 = ga0 * invN;
            double ca1 = ga1 * invN;
            for (int r = 0; r < pstar; r++) {
                double ur = uIn[r];
                m[mrow + r] -= ca0 * ur;
                m[mrow1 + r] -= ca1 * ur;
            }
            double cross0 = ga0 * normTerm - lambdaPerp[a] * invN;
            double cross1 = ga1 * normTerm - lambdaPerp[a + 1] * invN;
            for (int b = 0, col = a; b <= a; b++, col += p) {
                double gb = gain[b];
                double lb = lambdaPerp[b];
                double v0 = g[row + b] + gb * cross0 - ga0 * lb * invN;
                double v1 = g[row1 + b] + gb * cross1 - ga1 * lb * invN;
                g[row + b] = v0;
                g[col] = v0;
                g[row1 + b] = v1;
                g[col + 1] = v1;
            }
            int diag = row1 + a + 1;
            g[diag] = g[diag] + ga1 * cross1 - ga1 * lambdaPerp[a + 1] * invN;
        }
        if (a < p) {
            int row = a * p;
            int mrow = a * pstar;
            double ga = gain[a];
            double ca = ga * invN;
            for (int r = 0; r < pstar; r++) {
                m[mrow + r] -= ca * uIn[r];
            }
            double cross = ga * normTerm - lambdaPerp[a] * invN;
            for (int b = 0, col = a; b <= a; b++, col += p) {
                double v = g[row + b] + gain[b] * cross - ga * lambdaPerp[b] * invN;
                g[row + b] = v;
                g[col] = v;
            }
        }
        factorGram();
    }

    /**
     * G = L₁ D L₁ᵀ with L₁ unit lower triangular ({@code unit}; its diagonal of ones is not stored) and D diagonal
     * (√D in {@code roots}), so that L = L₁ √D is the Cholesky factor of G; {@code scaled} holds L₁ D. The pivots
     * d_j are those of the Cholesky factorisation (d_j = L_jj²), and the recurrences need no square root (√d_j is
     * taken aside), so from one column to the next the chain of dependent operations is a division and a few
     * multiply-adds, not a square root and a division. The rows below the pivot are taken two at a time. Tolerates
     * (near-)zero pivots: a pivot at most {@link #PIVOT_TOLERANCE}·p·max_a G_aa (or not a number) zeroes its column
     * of L. If one did, G is replaced by L Lᵀ = L₁ D L₁ᵀ, the nearest matrix the factor represents, so G stays
     * positive semi-definite.
     */
    private void factorGram() {
        final int p = this.p;
        final int pp = p * p;
        final double[] g = state.gram;
        final double[] unit = this.unit;
        final double[] scaled = this.scaled;
        double scale = 0;
        for (int a = 0, d = 0; a < p; a++, d += p + 1) {
            scale = Math.max(scale, g[d]);
        }
        double tol = PIVOT_TOLERANCE * p * scale;
        boolean clamped = false;
        for (int j = 0, rj = 0; j < p; j++, rj += p) {
            double d = g[rj + j];
            for (int k = 0; k < j; k++) {
                d -= scaled[rj + k] * unit[rj + k];
            }
            if (d > tol) {
                double inv = 1.0 / d;
                roots[j] = Math.sqrt(d);
                scaled[rj + j] = d;
                int ri = rj + p;
                for (; ri + p < pp; ri += 2 * p) {
                    int ri1 = ri + p;
                    double v0 = g[ri + j];
                    double v1 = g[ri1 + j];
                    for (int k = 0; k < j; k++) {
                        double sk = scaled[rj + k];
                        v0 -= unit[ri + k] * sk;
                        v1 -= unit[ri1 + k] * sk;
                    }
                    scaled[ri + j] = v0;
                    unit[ri + j] = v0 * inv;
                    scaled[ri1 + j] = v1;
                    unit[ri1 + j] = v1 * inv;
                }
                if (ri < pp) {
                    double v = g[ri + j];
                    for (int k = 0; k < j; k++) {
                        v -= unit[ri + k] * scaled[rj + k];
                    }
                    scaled[ri + j] = v;
                    unit[ri + j] = v * inv;
                }
            } else {
                clamped = true;
                roots[j] = 0.0;
                scaled[rj + j] = 0.0;
                for (int ri = rj + p; ri < pp; ri += p) {
                    scaled[ri + j] = 0.0;
                    unit[ri + j] = 0.0;
                }
            }
        }
        if (clamped && scale == scale) {
            reformGram(p, g, scaled, unit);
        }
    }

    /** G = L₁ D L₁ᵀ from {@code scaled} = L₁ D and {@code unit} = L₁ (both p × p, lower triangles). */
    static void reformGram(int p, double[] g, double[] scaled, double[] unit) {
        for (int i = 0, ri = 0; i < p; i++, ri += p) {
            for (int j = 0, rj = 0; j <= i; j++, rj += p) {
                double v = 0;
                for (int k = 0; k < j; k++) {
                    v += scaled[ri + k] * unit[rj + k];
                }
                v += scaled[ri + j];
                g[ri + j] = v;
                g[rj + i] = v;
            }
        }
    }
}
