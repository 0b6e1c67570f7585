package dev.overlap.validation;

import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import dev.overlap.model.Activation;
import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.RandomStreams;
import dev.overlap.model.SpecException;

/**
 * One seed of one-pass SGD at finite N: the weights, the current input, and the overlaps tracked step by step.
 *
 * <p><b>Start.</b> The spec's initial condition must be {@link InitialCondition.Random}(N, σ₀, seed): the teacher
 * W* and the student W(0) are drawn exactly as {@link FiniteNWeights#draw} does (streams
 * {@link RandomStreams#TEACHER} and {@link RandomStreams#STUDENT_INIT} of {@code seed}), so the overlaps at step 0
 * are those that {@code overlap solve --init random --N N --sigma0 σ₀ --seed seed} starts from. The inputs
 * x ~ N(0, I_N) come from stream {@link RandomStreams#INPUTS} of {@code seed}, N samples per step in order
 * x_1, …, x_N, and the label noise ξ ~ N(0, 1) from stream {@link RandomStreams#LABEL_NOISE}, one sample per
 * step, drawn only when Δ &gt; 0 (so runs that differ only in Δ see the same inputs). Both use the Ziggurat
 * sampler of Commons RNG.
 *
 * <p><b>The step</b> (model conventions): with λ_a = w_a·x/√N, ν_r = w*_r·x/√N,
 * ŷ = κ_s Σ_a σ(λ_a), y = κ_t Σ_r σ(ν_r) + √Δ ξ,
 * <pre>
 *   w_a ← w_a − c_a x,   c_a = (η/√N) (ŷ − y) κ_s σ'(λ_a) = g_a/√N,   g_a = η κ_s (ŷ − y) σ'(λ_a).
 * </pre>
 * <b>Overlaps tracked exactly in O(p² + p p*) per step</b>: since w_a·x = √N λ_a and w*_r·x = √N ν_r,
 * <pre>
 *   Q'_ab = Q_ab − (g_a λ_b + g_b λ_a)/N + g_a g_b |x|²/N²,
 *   R'_ar = R_ar − g_a ν_r / N.
 * </pre>
 * These updates are exact algebra; only rounding separates them from Q, R recomputed from the weights, which
 * {@link #resynchroniseOverlaps()} does (O((p + p*) p N)) whenever the caller wants to remove the accumulated
 * rounding.
 *
 * <p><b>Cost.</b> A step draws the next input and, in one blocked pass over the weights, applies the update with
 * the current input and computes the next local fields: per step N Gaussian samples and (2p + p* + 1) N
 * multiply–adds, no allocation. Memory: (p + p* + 2) N doubles. The dot products use four partial sums in a
 * fixed order, so a run is a deterministic function of its spec. An instance is not thread-safe.
 */
public final class SgdRun implements FiniteNSgd {

    /** Elements per block of the fused pass: the block of x, x' and one weight row stay in L1. */
    private static final int BLOCK = 512;
    /** Partial sums per dot product. */
    private static final int LANES = 4;

    private final ModelSpec spec;
    private final int n;
    private final int p;
    private final int pstar;
    private final Activation activation;
    private final double kappaStudent;
    private final double kappaTeacher;
    private final double eta;
    private final double sqrtNoise;
    private final double invN;
    private final double invSqrtN;

    private final double[][] student;
    private final double[][] teacher;
    private final double[][] teacherOverlap;
    private double[] input;
    private double[] nextInput;
    private double inputNormSq;
    private final double[] lambda;
    private final double[] nu;
    private final double[] gain;
    private final double[] partial;
    private final double[] state;
    private final NormalizedGaussianSampler inputs;
    private final NormalizedGaussianSampler labelNoise;
    private long steps;

    /**
     * Draws teacher, student and the first input for {@code spec}, whose initial condition must be
     * {@link InitialCondition.Random} (it gives N, σ₀ and the seed).
     *
     * @throws SpecException if the start is not random, or N &lt; p + p*
     */
    public SgdRun(ModelSpec spec) {
        this(spec, drawWeights(spec), randomSeed(spec));
    }

    private SgdRun(ModelSpec spec, FiniteNWeights w, long seed) {
        this(spec, w.student(), w.teacher(),
                ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, RandomStreams.INPUTS)),
                ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, RandomStreams.LABEL_NOISE)));
    }

    /**
     * A run from given weights (taken over, not copied) and given sources of the input entries and of the label
     * noise; the spec's initial condition is only recorded.
     */
    SgdRun(ModelSpec spec, double[][] student, double[][] teacher, NormalizedGaussianSampler inputs,
            NormalizedGaussianSampler labelNoise) {
        this.spec = spec;
        this.p = spec.p();
        this.pstar = spec.pstar();
        this.n = student[0].length;
        checkDimension(n, p, pstar);
        this.activation = spec.activation();
        this.kappaStudent = spec.kappaStudent();
        this.kappaTeacher = spec.kappaTeacher();
        this.eta = spec.eta();
        this.sqrtNoise = Math.sqrt(spec.noise());
        this.invN = 1.0 / n;
        this.invSqrtN = 1.0 / Math.sqrt(n);
        this.student = student;
        this.teacher = teacher;
        Overlaps start = new FiniteNWeights(student, teacher).overlaps();
        this.teacherOverlap = start.teacherOverlap();
        this.state = start.toState();
        this.inputs = inputs;
        this.labelNoise = labelNoise;
        this.input = new double[n];
        this.nextInput = new double[n];
        this.lambda = new double[p];
        this.nu = new double[pstar];
        this.gain = new double[p];
        this.partial = new double[LANES * (p + pstar + 1)];
        firstInput();
    }

    private static InitialCondition.Random randomStart(ModelSpec spec) {
        if (!(spec.init() instanceof InitialCondition.Random random)) {
            throw new SpecException("the simulator draws weights, so its initial condition must be random (got "
                    + spec.init().kind() + ")");
        }
        return random;
    }

    private static FiniteNWeights drawWeights(ModelSpec spec) {
        InitialCondition.Random init = randomStart(spec);
        checkDimension(init.n(), spec.p(), spec.pstar());
        return FiniteNWeights.draw(spec.p(), spec.teacher(), spec.pstar(), init.n(), init.sigma0(), init.seed());
    }

    private static long randomSeed(ModelSpec spec) {
        return randomStart(spec).seed();
    }

    /**
     * Checks N ≥ p + p*: below that the (p + p*)-dimensional local fields cannot be independent, and the
     * finite-N start says nothing about the N → ∞ theory.
     *
     * @throws SpecException otherwise
     */
    public static void checkDimension(int n, int p, int pstar) {
        if (n < p + pstar) {
            throw new SpecException("N", "the input dimension N",
                    "must be at least p + p* = " + (p + pstar) + " (got " + n + ")");
        }
    }

    /**
     * The model being simulated (its initial condition names N, σ₀ and the seed).
     *
     * @return the spec of this run
     */
    public ModelSpec spec() {
        return spec;
    }

    /** The input dimension N. */
    @Override
    public int dimension() {
        return n;
    }

    /** Number of SGD steps taken; α = steps/N. */
    @Override
    public long steps() {
        return steps;
    }

    /** T = W* W*ᵀ/N of this run's teacher (a copy). */
    @Override
    public double[][] teacherOverlap() {
        double[][] c = new double[pstar][];
        for (int r = 0; r < pstar; r++) {
            c[r] = teacherOverlap[r].clone();
        }
        return c;
    }

    /** Copies the tracked flat state (upper triangle of Q, then R; see {@link Overlaps}) into {@code dest}. */
    @Override
    public void copyState(double[] dest) {
        System.arraycopy(state, 0, dest, 0, state.length);
    }

    /**
     * The tracked overlaps as a value.
     *
     * @return a new immutable copy of Q, R and T
     */
    public Overlaps overlaps() {
        return Overlaps.fromState(p, pstar, state, teacherOverlap);
    }

    /**
     * A copy of the student weights W (p rows of length N).
     *
     * @return a new p×N array
     */
    public double[][] studentWeights() {
        double[][] c = new double[p][];
        for (int a = 0; a < p; a++) {
            c[a] = student[a].clone();
        }
        return c;
    }

    /**
     * Replaces the tracked Q and R by Q = W Wᵀ/N and R = W W*ᵀ/N recomputed from the weights (with
     * {@link FiniteNWeights#overlaps()}, the same arithmetic as the start), removing accumulated rounding.
     */
    public void resynchroniseOverlaps() {
        double[] exact = new FiniteNWeights(student, teacher).overlaps().toState();
        System.arraycopy(exact, 0, state, 0, state.length);
    }

    /** Recomputes the overlaps from the weights ({@link #resynchroniseOverlaps()}). */
    @Override
    public void atRecordedPoint() {
        resynchroniseOverlaps();
    }

    /** Takes {@code count} SGD steps. */
    @Override
    public void advance(long count) {
        for (long i = 0; i < count; i++) {
            step();
        }
    }

    /** One SGD step on the current input (see the class comment); then draws the next input. Allocates nothing. */
    public void step() {
        double studentOut = 0;
        for (int a = 0; a < p; a++) {
            studentOut += activation.value(lambda[a]);
        }
        double teacherOut = 0;
        for (int r = 0; r < pstar; r++) {
            teacherOut += activation.value(nu[r]);
        }
        double label = kappaTeacher * teacherOut;
        if (sqrtNoise != 0) {
            label += sqrtNoise * labelNoise.sample();
        }
        double factor = eta * kappaStudent * (kappaStudent * studentOut - label);
        for (int a = 0; a < p; a++) {
            gain[a] = factor * activation.derivative(lambda[a]);
        }

        double normTerm = inputNormSq * invN * invN;
        int k = 0;
        for (int a = 0; a < p; a++) {
            double ga = gain[a];
            double la = lambda[a];
            for (int b = a; b < p; b++) {
                state[k++] += gain[b] * (ga * normTerm - la * invN) - ga * lambda[b] * invN;
            }
        }
        for (int a = 0; a < p; a++) {
            double ga = gain[a] * invN;
            for (int r = 0; r < pstar; r++) {
                state[k++] -= ga * nu[r];
            }
        }
        fusedPass();
        steps++;
    }

    /** Draws x_1 and its local fields (same partial-sum order as {@link #fusedPass()}). */
    private void firstInput() {
        double[] x = input;
        double[] acc = partial;
        for (int i = 0; i < n; i++) {
            x[i] = inputs.sample();
        }
        int normOffset = LANES * (p + pstar);
        dot(x, x, 0, n, acc, normOffset);
        for (int a = 0; a < p; a++) {
            dot(student[a], x, 0, n, acc, LANES * a);
        }
        for (int r = 0; r < pstar; r++) {
            dot(teacher[r], x, 0, n, acc, LANES * (p + r));
        }
        readFields(acc, normOffset);
    }

    /**
     * Block by block: draw x' (the next input), apply w_a ← w_a − c_a x, and accumulate w_a·x', w*_r·x' and
     * |x'|²; then swap x and x'. Rows are processed in pairs so that each loop keeps eight independent sums
     * in flight and loads x and x' once for two rows; |x'|² rides along with the last teacher rows (its partial
     * sums follow theirs in {@code partial}).
     */
    private void fusedPass() {
        double[] x = input;
        double[] xNext = nextInput;
        double[] acc = partial;
        java.util.Arrays.fill(acc, 0.0);
        int normOffset = LANES * (p + pstar);
        for (int lo = 0; lo < n; lo += BLOCK) {
            int hi = Math.min(n, lo + BLOCK);
            for (int i = lo; i < hi; i++) {
                xNext[i] = inputs.sample();
            }
            int a = 0;
            for (; a + 1 < p; a += 2) {
                updateAndDotPair(student[a], student[a + 1], x, xNext, -gain[a] * invSqrtN, -gain[a + 1] * invSqrtN,
                        lo, hi, acc, LANES * a);
            }
            if (a < p) {
                updateAndDot(student[a], x, xNext, -gain[a] * invSqrtN, lo, hi, acc, LANES * a);
            }
            int r = 0;
            for (; r + 2 < pstar; r += 2) {
                dotPair(teacher[r], teacher[r + 1], xNext, lo, hi, acc, LANES * (p + r));
            }
            if (r + 1 < pstar) {
                dotPairAndNorm(teacher[r], teacher[r + 1], xNext, lo, hi, acc, LANES * (p + r));
            } else {
                dotAndNorm(teacher[r], xNext, lo, hi, acc, LANES * (p + r));
            }
        }
        readFields(acc, normOffset);
        input = xNext;
        nextInput = x;
    }

    /** λ, ν and |x|² from the partial sums. */
    private void readFields(double[] acc, int normOffset) {
        for (int a = 0; a < p; a++) {
            lambda[a] = sumLanes(acc, LANES * a) * invSqrtN;
        }
        for (int r = 0; r < pstar; r++) {
            nu[r] = sumLanes(acc, LANES * (p + r)) * invSqrtN;
        }
        inputNormSq = sumLanes(acc, normOffset);
    }

    private static double sumLanes(double[] acc, int off) {
        return (acc[off] + acc[off + 1]) + (acc[off + 2] + acc[off + 3]);
    }

    /**
     * Rows u and v (consecutive, partial sums at acc[off…off+7]): u[i] += cu x[i], v[i] += cv x[i] on [lo, hi),
     * accumulating Σ u[i] y[i] and Σ v[i] y[i], lane i mod 4 (the tail goes to lane 0).
     */
    private static void updateAndDotPair(double[] u, double[] v, double[] x, double[] y, double cu, double cv,
            int lo, int hi, double[] acc, int off) {
        double a0 = acc[off];
        double a1 = acc[off + 1];
        double a2 = acc[off + 2];
        double a3 = acc[off + 3];
        double b0 = acc[off + 4];
        double b1 = acc[off + 5];
        double b2 = acc[off + 6];
        double b3 = acc[off + 7];
        int i = lo;
        for (; i + 3 < hi; i += 4) {
            double x0 = x[i];
            double x1 = x[i + 1];
            double x2 = x[i + 2];
            double x3 = x[i + 3];
            double y0 = y[i];
            double y1 = y[i + 1];
            double y2 = y[i + 2];
            double y3 = y[i + 3];
            double u0 = u[i] + cu * x0;
            double u1 = u[i + 1] + cu * x1;
            double u2 = u[i + 2] + cu * x2;
            double u3 = u[i + 3] + cu * x3;
            double v0 = v[i] + cv * x0;
            double v1 = v[i + 1] + cv * x1;
            double v2 = v[i + 2] + cv * x2;
            double v3 = v[i + 3] + cv * x3;
            u[i] = u0;
            u[i + 1] = u1;
            u[i + 2] = u2;
            u[i + 3] = u3;
            v[i] = v0;
            v[i + 1] = v1;
            v[i + 2] = v2;
            v[i + 3] = v3;
            a0 += u0 * y0;
            a1 += u1 * y1;
            a2 += u2 * y2;
            a3 += u3 * y3;
            b0 += v0 * y0;
            b1 += v1 * y1;
            b2 += v2 * y2;
            b3 += v3 * y3;
        }
        for (; i < hi; i++) {
            double u0 = u[i] + cu * x[i];
            double v0 = v[i] + cv * x[i];
            u[i] = u0;
            v[i] = v0;
            a0 += u0 * y[i];
            b0 += v0 * y[i];
        }
        acc[off] = a0;
        acc[off + 1] = a1;
        acc[off + 2] = a2;
        acc[off + 3] = a3;
        acc[off + 4] = b0;
        acc[off + 5] = b1;
        acc[off + 6] = b2;
        acc[off + 7] = b3;
    }

    /** One row: u[i] += c x[i] on [lo, hi), accumulating Σ u[i] y[i] in lanes i mod 4 at acc[off…off+3]. */
    private static void updateAndDot(double[] u, double[] x, double[] y, double c, int lo, int hi, double[] acc,
            int off) {
        double a0 = acc[off];
        double a1 = acc[off + 1];
        double a2 = acc[off + 2];
        double a3 = acc[off + 3];
        int i = lo;
        for (; i + 3 < hi; i += 4) {
            double u0 = u[i] + c * x[i];
            double u1 = u[i + 1] + c * x[i + 1];
            double u2 = u[i + 2] + c * x[i + 2];
            double u3 = u[i + 3] + c * x[i + 3];
            u[i] = u0;
            u[i + 1] = u1;
            u[i + 2] = u2;
            u[i + 3] = u3;
            a0 += u0 * y[i];
            a1 += u1 * y[i + 1];
            a2 += u2 * y[i + 2];
            a3 += u3 * y[i + 3];
        }
        for (; i < hi; i++) {
            double u0 = u[i] + c * x[i];
            u[i] = u0;
            a0 += u0 * y[i];
        }
        acc[off] = a0;
        acc[off + 1] = a1;
        acc[off + 2] = a2;
        acc[off + 3] = a3;
    }

    /** Σ u[i] y[i] and Σ v[i] y[i] on [lo, hi) in lanes i mod 4 at acc[off…off+7] (rows consecutive). */
    private static void dotPair(double[] u, double[] v, double[] y, int lo, int hi, double[] acc, int off) {
        double a0 = acc[off];
        double a1 = acc[off + 1];
        double a2 = acc[off + 2];
        double a3 = acc[off + 3];
        double b0 = acc[off + 4];
        double b1 = acc[off + 5];
        double b2 = acc[off + 6];
        double b3 = acc[off + 7];
        int i = lo;
        for (; i + 3 < hi; i += 4) {
            double y0 = y[i];
            double y1 = y[i + 1];
            double y2 = y[i + 2];
            double y3 = y[i + 3];
            a0 += u[i] * y0;
            a1 += u[i + 1] * y1;
            a2 += u[i + 2] * y2;
            a3 += u[i + 3] * y3;
            b0 += v[i] * y0;
            b1 += v[i + 1] * y1;
            b2 += v[i + 2] * y2;
            b3 += v[i + 3] * y3;
        }
        for (; i < hi; i++) {
            a0 += u[i] * y[i];
            b0 += v[i] * y[i];
        }
        acc[off] = a0;
        acc[off + 1] = a1;
        acc[off + 2] = a2;
        acc[off + 3] = a3;
        acc[off + 4] = b0;
        acc[off + 5] = b1;
        acc[off + 6] = b2;
        acc[off + 7] = b3;
    }

    /**
     * Σ u[i] y[i], Σ v[i] y[i] and Σ y[i]² on [lo, hi) in lanes i mod 4 at acc[off…off+11] (u, v, then |y|²:
     * the caller places the norm's partial sums right after the two rows').
     */
    private static void dotPairAndNorm(double[] u, double[] v, double[] y, int lo, int hi, double[] acc, int off) {
        double a0 = acc[off];
        double a1 = acc[off + 1];
        double a2 = acc[off + 2];
        double a3 = acc[off + 3];
        double b0 = acc[off + 4];
        double b1 = acc[off + 5];
        double b2 = acc[off + 6];
        double b3 = acc[off + 7];
        double n0 = acc[off + 8];
        double n1 = acc[off + 9];
        double n2 = acc[off + 10];
        double n3 = acc[off + 11];
        int i = lo;
        for (; i + 3 < hi; i += 4) {
            double y0 = y[i];
            double y1 = y[i + 1];
            double y2 = y[i + 2];
            double y3 = y[i + 3];
            a0 += u[i] * y0;
            a1 += u[i + 1] * y1;
            a2 += u[i + 2] * y2;
            a3 += u[i + 3] * y3;
            b0 += v[i] * y0;
            b1 += v[i + 1] * y1;
            b2 += v[i + 2] * y2;
            b3 += v[i + 3] * y3;
            n0 += y0 * y0;
            n1 += y1 * y1;
            n2 += y2 * y2;
            n3 += y3 * y3;
        }
        for (; i < hi; i++) {
            a0 += u[i] * y[i];
            b0 += v[i] * y[i];
            n0 += y[i] * y[i];
        }
        acc[off] = a0;
        acc[off + 1] = a1;
        acc[off + 2] = a2;
        acc[off + 3] = a3;
        acc[off + 4] = b0;
        acc[off + 5] = b1;
        acc[off + 6] = b2;
        acc[off + 7] = b3;
        acc[off + 8] = n0;
        acc[off + 9] = n1;
        acc[off + 10] = n2;
        acc[off + 11] = n3;
    }

    /** Σ u[i] y[i] and Σ y[i]² on [lo, hi) in lanes i mod 4 at acc[off…off+7] (the norm's sums follow u's). */
    private static void dotAndNorm(double[] u, double[] y, int lo, int hi, double[] acc, int off) {
        double a0 = acc[off];
        double a1 = acc[off + 1];
        double a2 = acc[off + 2];
        double a3 = acc[off + 3];
        double n0 = acc[off + 4];
        double n1 = acc[off + 5];
        double n2 = acc[off + 6];
        double n3 = acc[off + 7];
        int i = lo;
        for (; i + 3 < hi; i += 4) {
            double y0 = y[i];
            double y1 = y[i + 1];
            double y2 = y[i + 2];
            double y3 = y[i + 3];
            a0 += u[i] * y0;
            a1 += u[i + 1] * y1;
            a2 += u[i + 2] * y2;
            a3 += u[i + 3] * y3;
            n0 += y0 * y0;
            n1 += y1 * y1;
            n2 += y2 * y2;
            n3 += y3 * y3;
        }
        for (; i < hi; i++) {
            a0 += u[i] * y[i];
            n0 += y[i] * y[i];
        }
        acc[off] = a0;
        acc[off + 1] = a1;
        acc[off + 2] = a2;
        acc[off + 3] = a3;
        acc[off + 4] = n0;
        acc[off + 5] = n1;
        acc[off + 6] = n2;
        acc[off + 7] = n3;
    }

    /** Σ u[i] y[i] on [lo, hi) in lanes i mod 4 at acc[off…off+3]. */
    private static void dot(double[] u, double[] y, int lo, int hi, double[] acc, int off) {
        double a0 = acc[off];
        double a1 = acc[off + 1];
        double a2 = acc[off + 2];
        double a3 = acc[off + 3];
        int i = lo;
        for (; i + 3 < hi; i += 4) {
            a0 += u[i] * y[i];
            a1 += u[i + 1] * y[i + 1];
            a2 += u[i + 2] * y[i + 2];
            a3 += u[i + 3] * y[i + 3];
        }
        for (; i < hi; i++) {
            a0 += u[i] * y[i];
        }
        acc[off] = a0;
        acc[off + 1] = a1;
        acc[off + 2] = a2;
        acc[off + 3] = a3;
    }
}
