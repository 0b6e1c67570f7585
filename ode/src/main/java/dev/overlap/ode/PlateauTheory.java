package dev.overlap.ode;

import dev.overlap.model.ModelSpec;

/**
 * Closed forms for the unspecialised fixed point (the plateau) of the quadratic-activation ODEs.
 *
 * <h2>Derivation</h2>
 * At R = 0 the covariance is block-diagonal, C = diag(Q, T), so with s = tr DC = κ_s tr Q − κ_t tr T and
 * (CDC)₁₁ = κ_s Q², (CDCDC)₁₁ = κ_s² Q³, (CDC)₁₂ = κ_s Q R − κ_t R T = 0, the R = 0 subspace is invariant and
 * <pre>
 *   dQ/dα = −4ηκ_s [s Q + 2κ_s Q²] + 4η²κ_s² [(E[z²] + Δ) Q + 4 s κ_s Q² + 8 κ_s² Q³],
 *   E[z²] = s² + 2(κ_s² tr Q² + κ_t² tr T²).
 * </pre>
 * Look for Q = q I and write u = κ_s q, τ = κ_t tr T, so s = p u − τ.
 *
 * <p><b>Gradient flow</b> (no η² term): s + 2κ_s q = 0 gives
 * <pre>
 *   q* = κ_t tr T / (κ_s (p + 2)),   ε_g* = κ_t² [(tr T)²/(p + 2) + tr T²]
 * </pre>
 * (mean normalisation, T = I: q* = p/(p+2), ε_g* = 1/p* + 1/(p+2)). Linearising dR/dα = −2ηκ_s[s R +
 * 2(κ_s Q R − κ_t R T)] at Q = q* I, where s + 2κ_s q* = 0, leaves dR/dα = 4ηκ_sκ_t R T: every row of R grows
 * along the eigenvectors of T with rates 4ηκ_sκ_t τ_k (each p-fold). The escape rate is γ = 4ηκ_sκ_t τ_max, for
 * mean normalisation and T = I γ = 4η/(p p*) = 4η̃/p*, independent of p under the per-width convention.
 * Inside R = 0, perturbations E of Q obey dE/dα = −4ηκ_s² q* (tr E · I + 2E): traceless modes decay at rate
 * 8ηκ_s² q*, the isotropic mode at 4ηκ_s² q* (p + 2). The plateau is a saddle.
 *
 * <p><b>With the η² term</b>, dividing the fixed-point equation by 4ηκ_s q leaves a quadratic in u:
 * <pre>
 *   ηκ_s [(p+2)(p+4) u² − 2(p+2) τ u + τ² + 2κ_t² tr T² + Δ] − (p + 2) u + τ = 0,
 * </pre>
 * whose smaller root is the branch that tends to the gradient-flow plateau as η → 0. Real roots exist only
 * while the discriminant is non-negative: with x = ηκ_s and K = τ² + 2κ_t² tr T² + Δ, the boundary is
 * 4[(p+2)τ² − (p+4)K] x² − 8τ x + (p + 2) = 0, whose positive root gives the critical learning rate η_c
 * beyond which no unspecialised fixed point (and no bounded-norm plateau) exists. The R-rates become
 * −2ηκ_s[(p+2)u − τ − 2κ_t τ_k].
 */
public final class PlateauTheory {

    private final boolean exists;
    private final double q;
    private final double epsG;
    private final double escapeRate;
    private final double criticalEta;

    private PlateauTheory(boolean exists, double q, double epsG, double escapeRate, double criticalEta) {
        this.exists = exists;
        this.q = q;
        this.epsG = epsG;
        this.escapeRate = escapeRate;
        this.criticalEta = criticalEta;
    }

    /**
     * The plateau of the quadratic model for teacher overlap T, with or without the η² term as in the spec.
     *
     * @param spec the model
     * @param trT  tr T
     * @param trT2 tr T²
     * @param tauMax the largest eigenvalue of T
     * @return the plateau's q, ε_g, escape rate and critical learning rate (or that it does not exist)
     */
    public static PlateauTheory of(ModelSpec spec, double trT, double trT2, double tauMax) {
        int p = spec.p();
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        double tau = kt * trT;
        double k = tau * tau + 2 * kt * kt * trT2 + spec.noise();
        double a2 = 4 * ((p + 2) * tau * tau - (p + 4) * k);
        double x = (8 * tau - Math.sqrt(64 * tau * tau - 4 * a2 * (p + 2))) / (2 * a2);
        double etaC = spec.eta2() ? x / ks : Double.POSITIVE_INFINITY;
        double u;
        if (!spec.eta2()) {
            u = tau / (p + 2);
        } else {
            double eta = spec.eta();
            double a = eta * ks * (p + 2) * (p + 4);
            double b = -(2 * eta * ks * (p + 2) * tau + (p + 2));
            double c = eta * ks * k + tau;
            double disc = b * b - 4 * a * c;
            if (disc < 0) {
                return new PlateauTheory(false, Double.NaN, Double.NaN, Double.NaN, etaC);
            }
            // smaller root, written to avoid cancellation: u = 2c / (−b + √disc)
            u = 2 * c / (-b + Math.sqrt(disc));
        }
        double qStar = u / ks;
        double s = p * u - tau;
        double eps = 0.5 * (s * s + 2 * (p * u * u + kt * kt * trT2));
        double rate = -2 * spec.eta() * ks * ((p + 2) * u - tau - 2 * kt * tauMax);
        return new PlateauTheory(true, qStar, eps, rate, etaC);
    }

    /**
     * Whether an unspecialised fixed point Q = q I, R = 0 exists.
     *
     * @return true if the fixed point exists for this spec
     */
    public boolean exists() {
        return exists;
    }

    /**
     * q of the plateau Q = q I.
     *
     * @return q, the common diagonal of Q at the plateau
     */
    public double q() {
        return q;
    }

    /**
     * ε_g at the plateau.
     *
     * @return ε_g at Q = q I, R = 0
     */
    public double epsG() {
        return epsG;
    }

    /**
     * The largest growth rate of R at the plateau (per unit α).
     *
     * @return the largest eigenvalue of the linearised dR/dα at the plateau
     */
    public double escapeRate() {
        return escapeRate;
    }

    /**
     * The learning rate η_c above which the η²-term plateau does not exist (+∞ for gradient flow).
     *
     * @return η_c, or +∞ without the η² term
     */
    public double criticalEta() {
        return criticalEta;
    }
}
