package dev.overlap.ode;

import java.util.Arrays;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

import dev.overlap.model.Activation;
import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;

/**
 * The Hessian ∂²L/∂W∂W of the population loss L(W) = ε_g(Q, R, T) in weight space (W the p×N student weights,
 * flattened row-major, index a·N + k; the teacher W* is fixed), at weights that realise given overlaps.
 *
 * <h2>Weights from overlaps</h2>
 * With the covariance taken teachers first, C' = [[T, Rᵀ], [R, Q]] = L Lᵀ ({@link ClampedCholesky}: lower
 * triangular, pivots at or below 10⁻¹⁴·(p + p*)·max C_ii set to zero), the rows of U = √N [L 0] ((p* + p)×N,
 * zero beyond column p* + p) are W* (the first p*) and W (the last p): then W*W*ᵀ/N = T, W W*ᵀ/N = R and
 * W Wᵀ/N = Q up to rounding. Teacher r lies in the span of e_1 … e_{r+1}; student a in the first p* + a + 1
 * coordinates. This needs N ≥ p + p*.
 *
 * <p>The choice does not matter for the spectrum: two realisations U, U' of the same C at the same N have the
 * same Gram matrix, so U' = U O for an orthogonal O of ℝᴺ; L depends on the weights only through the overlaps,
 * so L(W O, W* O) = L(W, W*) and H(W O) = (I_p ⊗ Oᵀ) H(W) (I_p ⊗ O), a similarity. The spectrum is a function of
 * (Q, R, T, N) alone.
 *
 * <h2>Hessian</h2>
 * σ(z) = z²: the exact closed form of {@link QuadraticLossHessian} (Isserlis). σ(z) = erf(z/√2): central
 * differences of the exact gradient ({@link PopulationLoss#hessian}, step 10⁻⁵(1 + |W_ak|), error O(h²)).
 * Other activations are refused: polynomials other than z² have no closed-form pair kernel here, and the ReLU
 * and |z| kernels are not twice differentiable where two fields align (C_ij² = C_ii C_jj, e.g. at zero loss).
 */
public final class WeightSpaceHessian {

    /** How the Hessian is computed. */
    public enum Method {
        /** The exact closed form for σ(z) = z². */
        EXACT("exact closed form (Isserlis), QuadraticLossHessian"),
        /** Central differences of the exact gradient. */
        CENTRAL_DIFFERENCES("central differences of the exact gradient, step 1e-5 (1 + |W_ak|), error O(h^2)");

        private final String description;

        Method(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * Largest weight-space dimension p·N for {@link #spectrum}: a dense (pN)² matrix and its Hipparchus
     * eigendecomposition, whose time grows as (pN)³ (about 7 s of CPU time at the limit on the development
     * machine).
     */
    public static final int MAX_DIMENSION = 2000;

    /** The activations this class handles, for messages. */
    public static final String SUPPORTED = "quadratic (exact) and erf (central differences)";

    private WeightSpaceHessian() {
    }

    /**
     * The method for an activation, as its {@link ActivationTheory#weightSpaceHessian()}.
     *
     * @return EXACT for the quadratic activation, CENTRAL_DIFFERENCES for the others with a pair kernel
     * @throws SpecException naming the supported activations otherwise
     */
    public static Method method(Activation sigma) {
        return ActivationTheory.of(sigma).weightSpaceHessian().orElseThrow(() -> new SpecException(
                "the weight-space Hessian supports the activations " + SUPPORTED + ", not '" + sigma.name() + "'"));
    }

    /**
     * Weights realising the overlaps at input dimension n, as in the class comment.
     *
     * @return student and teacher weights at dimension n whose overlaps are o
     * @throws SpecException if n &lt; p + p*
     */
    public static FiniteNWeights realise(Overlaps o, int n) {
        int p = o.p();
        int ps = o.pstar();
        int m = p + ps;
        if (n < m) {
            throw new SpecException("the input dimension N must be at least p + p* = " + m + " to realise the"
                    + " overlaps (got " + n + ")");
        }
        double[][] c = o.covariance();
        double[] cp = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                cp[i * m + j] = c[teachersFirst(i, p, ps)][teachersFirst(j, p, ps)];
            }
        }
        double[] l = new double[m * m];
        ClampedCholesky.factor(cp, m, l);
        double root = Math.sqrt(n);
        double[][] teacher = new double[ps][n];
        double[][] student = new double[p][n];
        for (int i = 0; i < m; i++) {
            double[] row = i < ps ? teacher[i] : student[i - ps];
            for (int k = 0; k <= i; k++) {
                row[k] = root * l[i * m + k];
            }
        }
        return new FiniteNWeights(student, teacher);
    }

    /** Index into C = [[Q, R], [Rᵀ, T]] of row i of C' = [[T, Rᵀ], [R, Q]]. */
    private static int teachersFirst(int i, int p, int ps) {
        return i < ps ? p + i : i - ps;
    }

    /**
     * The Hessian at overlaps, diagonalised, with the loss and gradient there.
     *
     * @param at            the overlaps (p, p* as in the spec; T from here, not from the spec)
     * @param n             the input dimension N
     * @param eigenvalues   the eigenvalues of ∂²L/∂W∂W, ascending (pN of them)
     * @param loss          L = ε_g at the weights
     * @param gradient      max_{a,k} |∂L/∂W_ak| (0 at a critical point, up to rounding)
     * @param overlapError  max |C(weights) − C| over the entries of the covariance: how well the weights realise
     *                      the overlaps
     * @param method        how the Hessian was computed
     */
    public record Spectrum(Overlaps at, int n, double[] eigenvalues, double loss, double gradient, double overlapError,
            Method method) {

        /** A copy of the eigenvalues, ascending. */
        @Override
        public double[] eigenvalues() {
            return eigenvalues.clone();
        }
    }

    /**
     * The spectrum of the Hessian at weights realising {@code at} at input dimension n ({@link #realise}).
     *
     * @return the eigenvalues, loss, gradient norm and overlap error at the realised weights
     * @throws SpecException for an unsupported activation, n &lt; p + p*, p·n &gt; {@link #MAX_DIMENSION}, or
     *                       widths that differ from the spec's
     */
    public static Spectrum spectrum(ModelSpec spec, Overlaps at, int n) {
        Method method = method(spec.activation());
        if (at.p() != spec.p() || at.pstar() != spec.pstar()) {
            throw new SpecException("the overlaps have p = " + at.p() + ", p* = " + at.pstar() + " but the model has p = "
                    + spec.p() + ", p* = " + spec.pstar());
        }
        long dim = (long) spec.p() * n;
        if (dim > MAX_DIMENSION) {
            int nMax = MAX_DIMENSION / spec.p();
            throw new SpecException("the weight-space dimension N·p = " + dim + " is beyond the limit of "
                    + MAX_DIMENSION + " for a dense eigendecomposition (time grows as (N·p)³, about 7 s of CPU at the"
                    + " limit): " + (nMax >= spec.p() + spec.pstar() ? "use N ≤ " + nMax + " for p = " + spec.p()
                    : "use a smaller p (N must be at least p + p*)"));
        }
        dev.overlap.model.MemoryBudget.require(3.0 * dim * dim, dim,
                "the Hessian and its eigendecomposition, 3 (N·p)² doubles,", "a smaller N");
        FiniteNWeights w = realise(at, n);
        double[][] h = hessian(spec, w);
        PopulationLoss loss = new PopulationLoss(spec);
        double grad = 0;
        for (double[] row : loss.gradient(w.student(), w.teacher())) {
            for (double g : row) {
                grad = Math.max(grad, Math.abs(g));
            }
        }
        double[][] c = at.covariance();
        double[][] realised = w.overlaps().covariance();
        double err = 0;
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                err = Math.max(err, Math.abs(c[i][j] - realised[i][j]));
            }
        }
        return new Spectrum(at, n, eigenvalues(h), loss.value(w.student(), w.teacher()), grad, err, method);
    }

    /**
     * ∂²L/∂W∂W (pN × pN) at the weights, for the spec's activation and κ_s, κ_t.
     *
     * @return a new pN×pN symmetric matrix
     */
    public static double[][] hessian(ModelSpec spec, FiniteNWeights w) {
        return switch (method(spec.activation())) {
            case EXACT -> new QuadraticLossHessian(spec.kappaStudent(), spec.kappaTeacher())
                    .hessian(w.student(), w.teacher());
            case CENTRAL_DIFFERENCES -> new PopulationLoss(spec).hessian(w.student(), w.teacher());
        };
    }

    /**
     * The eigenvalues of a symmetric matrix, ascending (Hipparchus {@link EigenDecompositionSymmetric}).
     *
     * @return the eigenvalues in ascending order
     */
    public static double[] eigenvalues(double[][] h) {
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(h)).getEigenvalues().clone();
        Arrays.sort(ev);
        return ev;
    }
}
