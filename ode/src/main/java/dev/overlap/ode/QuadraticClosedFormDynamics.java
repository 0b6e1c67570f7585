package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
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
 */
public final class QuadraticClosedFormDynamics extends AbstractOverlapDynamics {

    private final int n;
    private final double[] cov;
    private final GaussianQuadraticForm form;
    private final double driftFactorR;
    private final double driftFactorQ;
    private final double noiseFactorQ;
    private final double delta;

    /**
     * @param spec the model (its activation must be quadratic)
     * @param t    the teacher overlap T (p*×p*)
     */
    public QuadraticClosedFormDynamics(ModelSpec spec, double[][] t) {
        super(spec, t);
        this.n = p + ps;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
        this.form = new GaussianQuadraticForm(d, p);
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
    public double generalisationError(double[] y) {
        loadCovariance(y);
        return 0.5 * form.meanZ2NonNegative(cov);
    }
}
