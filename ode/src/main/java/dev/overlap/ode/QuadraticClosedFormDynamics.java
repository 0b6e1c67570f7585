package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.StateLayout;
import dev.overlap.model.Overlaps;

/**
 * The overlap ODEs for σ(z) = z², in closed matrix form.
 *
 * <p>With Λ = (λ, ν) ~ N(0, C), C = [[Q, R], [Rᵀ, T]] and D = diag(κ_s I_p, −κ_t I_p*), the clean error
 * is z = ŷ − y = Λᵀ D Λ and σ'(λ) = 2λ, so the model's ODEs
 * <pre>
 *   dR/dα = −η κ_s E[z σ'(λ) νᵀ]
 *   dQ/dα = −η κ_s E[z (σ'(λ) λᵀ + λ σ'(λ)ᵀ)] + η² κ_s² E[(z² + Δ) σ'(λ) σ'(λ)ᵀ]
 * </pre>
 * become, with the identities of {@link GaussianQuadraticForm} (blocks: 11 = student–student,
 * 12 = student–teacher),
 * <pre>
 *   dR/dα = −2 η κ_s [tr(DC) C + 2 CDC]₁₂
 *   dQ/dα = −4 η κ_s [tr(DC) C + 2 CDC]₁₁
 *           + 4 η² κ_s² [(E[z²] + Δ) C + 4 tr(DC) CDC + 8 CDCDC]₁₁      (η² term, optional)
 *   ε_g   = ½ E[z²] = ½ [(tr DC)² + 2 tr(DCDC)]
 * </pre>
 * Label noise enters only the η² term, through E[(z − √Δ ξ)²] = z² + Δ.
 *
 * <p>The Jacobian ({@link #exactJacobian(double[], double[])}) differentiates these along E = ∂C/∂y_k
 * (E = e_i e_jᵀ + e_j e_iᵀ for the entry C_ij = C_ji, E = e_i e_iᵀ for a diagonal one):
 * <pre>
 *   d tr(DC) = tr(DE),   d tr(DCDC) = 2 tr(DEDC),   d E[z²] = 2 tr(DC) tr(DE) + 4 tr(DEDC)
 *   d(CDC) = EDC + CDE,   d(CDCDC) = EDCDC + CDEDC + CDCDE
 * </pre>
 */
public final class QuadraticClosedFormDynamics extends AbstractOverlapDynamics {

    private final int n;
    private final StateLayout layout;
    private final double[] cov;
    private final GaussianQuadraticForm form;
    private final double driftFactorR;
    private final double driftFactorQ;
    private final double noiseFactorQ;
    private final double delta;
    private final double[] d;
    private final double[] fullCdc;

    /**
     * @param spec the model (its activation must be quadratic)
     * @param t    the teacher overlap T (p*×p*)
     */
    public QuadraticClosedFormDynamics(ModelSpec spec, double[][] t) {
        super(spec, t);
        this.n = p + ps;
        this.layout = new StateLayout(p, ps);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
        this.form = new GaussianQuadraticForm(d, p);
        this.d = d;
        this.fullCdc = new double[n * n];
        this.cov = new double[n * n];
        for (int r = 0; r < ps; r++) {
            for (int s = 0; s < ps; s++) {
                cov[(p + r) * n + p + s] = t[r][s];
            }
        }
        double eta = spec.eta();
        double ks = spec.kappaStudent();
        this.driftFactorR = -2 * eta * ks;
        this.driftFactorQ = -4 * eta * ks;
        this.noiseFactorQ = spec.eta2() ? 4 * eta * eta * ks * ks : 0.0;
        this.delta = spec.noise();
    }

    @Override
    public String evaluatorName() {
        return "closed-form";
    }

    /** Writes Q and R of the flat state into the covariance buffer (T block is fixed). */
    private void loadCovariance(double[] y) {
        Overlaps.loadCovariance(p, ps, y, cov);
    }

    @Override
    public void derivatives(double[] y, double[] yDot) {
        loadCovariance(y);
        form.compute(cov);
        double noisy = form.meanZ2() + delta;
        double trDC = form.meanZ();
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double v = driftFactorQ * form.meanZOuter(a, b);
                if (noiseFactorQ != 0) {
                    v += noiseFactorQ * (noisy * cov[a * n + b] + 4 * trDC * form.cdc(a, b) + 8 * form.cdcdc(a, b));
                }
                yDot[k++] = v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                yDot[k++] = driftFactorR * form.meanZOuter(a, p + r);
            }
        }
    }

    /**
     * The eigenvalue dynamics at R = 0: dλ_a/dα for Q = diag(λ), the diagonal of {@link #derivatives} there, in
     * O(p + p*²) operations. With C = diag(Q, T), s = tr DC = κ_s Σλ − κ_t tr T and tr DCDC = κ_s² Σλ² + κ_t² tr T²,
     * the moment identities give E[z Λ_aΛ_a] = s λ_a + 2κ_s λ_a², (CDC)_aa = κ_s λ_a², (CDCDC)_aa = κ_s² λ_a³, so
     * <pre>
     *   dλ_a/dα = −4ηκ_s (s λ_a + 2κ_s λ_a²)
     *             + 4η²κ_s² [(s² + 2 tr DCDC + Δ) λ_a + 4κ_s s λ_a² + 8κ_s² λ_a³]     (η² term, optional).
     * </pre>
     *
     * @param lambda the eigenvalues λ of Q (length p)
     * @param out    receives dλ/dα (length p); nothing is allocated
     */
    public void eigenvalueRates(double[] lambda, double[] out) {
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        double trT = 0;
        double trT2 = 0;
        for (int r = 0; r < ps; r++) {
            trT += t[r][r];
            for (int u = 0; u < ps; u++) {
                trT2 += t[r][u] * t[u][r];
            }
        }
        double sum = 0;
        double sumSq = 0;
        for (int a = 0; a < p; a++) {
            sum += lambda[a];
            sumSq += lambda[a] * lambda[a];
        }
        double s = ks * sum - kt * trT;
        double noisy = s * s + 2 * (ks * ks * sumSq + kt * kt * trT2) + delta;
        for (int a = 0; a < p; a++) {
            double l = lambda[a];
            double v = driftFactorQ * (s * l + 2 * ks * l * l);
            if (noiseFactorQ != 0) {
                v += noiseFactorQ * (noisy * l + 4 * ks * s * l * l + 8 * ks * ks * l * l * l);
            }
            out[a] = v;
        }
    }

    @Override
    public boolean exactJacobian() {
        return true;
    }

    @Override
    public boolean exactJacobian(double[] y, double[] rowMajor) {
        loadCovariance(y);
        form.compute(cov);
        // the whole CDC (the form keeps only the student rows), for the d(CDCDC) terms
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    v += cov[i * n + k] * d[k] * cov[k * n + j];
                }
                fullCdc[i * n + j] = v;
            }
        }
        double trDC = form.meanZ();
        double noisy = form.meanZ2() + delta;
        int dim = dimension();
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p + ps; j++) {
                jacobianColumn(i, j, trDC, noisy, rowMajor, dim, columnOf(i, j));
            }
        }
        return true;
    }

    /** Index of the state entry holding C_ij (i &lt; p, i ≤ j; j ≥ p is R_{i, j−p}). */
    private int columnOf(int i, int j) {
        return j < p ? layout.q(i, j) : layout.r(i, j - p);
    }

    /** Writes column k = ∂(dy/dα)/∂C_ij (C_ij and C_ji moving together) of the Jacobian. */
    private void jacobianColumn(int i, int j, double trDC, double noisy, double[] out, int dim, int k) {
        boolean diagonal = i == j;
        double dTr = diagonal ? d[i] : 0;
        double dTrDCDC = diagonal ? 2 * d[i] * d[i] * cov[i * n + i] : 4 * d[i] * d[j] * cov[i * n + j];
        double dNoisy = 2 * trDC * dTr + 2 * dTrDCDC;
        int row = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double v = driftFactorQ * dMeanZOuter(a, b, i, j, trDC, dTr);
                if (noiseFactorQ != 0) {
                    v += noiseFactorQ * (dNoisy * cov[a * n + b] + noisy * e(a, b, i, j) + 4 * dTr * form.cdc(a, b)
                            + 4 * trDC * dCdc(a, b, i, j) + 8 * dCdcdc(a, b, i, j));
                }
                out[row++ * dim + k] = v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                out[row++ * dim + k] = driftFactorR * dMeanZOuter(a, p + r, i, j, trDC, dTr);
            }
        }
    }

    /** E_ab for E = ∂C/∂C_ij. */
    private static double e(int a, int b, int i, int j) {
        return (a == i && b == j) || (a == j && b == i) ? 1 : 0;
    }

    /** d[tr(DC) C + 2 CDC]_ab. */
    private double dMeanZOuter(int a, int b, int i, int j, double trDC, double dTr) {
        return dTr * cov[a * n + b] + trDC * e(a, b, i, j) + 2 * dCdc(a, b, i, j);
    }

    /** (EDC + CDE)_ab, summing over the one or two unit entries (m, l) of E. */
    private double dCdc(int a, int b, int i, int j) {
        double v = (a == i ? d[j] * cov[j * n + b] : 0) + (b == j ? cov[a * n + i] * d[i] : 0);
        if (i != j) {
            v += (a == j ? d[i] * cov[i * n + b] : 0) + (b == i ? cov[a * n + j] * d[j] : 0);
        }
        return v;
    }

    /** (EDCDC + CDEDC + CDCDE)_ab with CDC from {@link #fullCdc}. */
    private double dCdcdc(int a, int b, int i, int j) {
        double v = (a == i ? d[j] * fullCdc[j * n + b] : 0) + cov[a * n + i] * d[i] * d[j] * cov[j * n + b]
                + (b == j ? fullCdc[a * n + i] * d[i] : 0);
        if (i != j) {
            v += (a == j ? d[i] * fullCdc[i * n + b] : 0) + cov[a * n + j] * d[j] * d[i] * cov[i * n + b]
                    + (b == i ? fullCdc[a * n + j] * d[j] : 0);
        }
        return v;
    }

    @Override
    public double generalisationError(double[] y) {
        loadCovariance(y);
        return 0.5 * form.meanZ2NonNegative(cov);
    }
}
