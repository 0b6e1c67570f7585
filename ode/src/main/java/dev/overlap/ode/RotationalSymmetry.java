package dev.overlap.ode;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;

/**
 * The conserved quantity of the quadratic-activation overlap ODEs and the solution it selects.
 *
 * <h2>Derivation</h2>
 * Without the η² term the ODEs read (see {@link QuadraticClosedFormDynamics}), with s = κ_s tr Q − κ_t tr T,
 * A(α) = −2ηκ_s (s I + 2κ_s Q) (p×p, symmetric) and c = 4ηκ_sκ_t,
 * <pre>
 *   dR/dα = A R + c R T,      dQ/dα = A Q + Q A + 2c R Rᵀ.
 * </pre>
 * They are the overlaps of the weight flow dW/dα = A W + c R W* (W* rows with W* W*ᵀ/N = T). Split
 * W = R T⁻¹ W* + W_⊥ (W_⊥ orthogonal to the teacher rows): then dW_⊥/dα = A W_⊥, so W_⊥(α) = Ψ(α) W_⊥(0) with
 * dΨ/dα = A Ψ, Ψ(0) = I, and R(α) = Ψ(α) R(0) e^{cTα}. In overlaps, Q_⊥ = Q − R T⁻¹ Rᵀ obeys
 * dQ_⊥/dα = A Q_⊥ + Q_⊥ A, so Q_⊥(α) = Ψ Q_⊥(0) Ψᵀ, and the p*×p* matrix
 * <pre>
 *   K(α) = e^{−cTα} Rᵀ Q_⊥⁻¹ R e^{−cTα}  =  R(0)ᵀ Q_⊥(0)⁻¹ R(0)
 * </pre>
 * is conserved exactly, from any start with Q_⊥ invertible (the learning rate only sets the time scale; Δ does
 * not enter gradient flow). The η² term adds to dQ/dα terms that are not of the form A Q + Q A + …, so K is
 * not conserved by SGD's N → ∞ dynamics; its drift is O(η).
 *
 * <p><b>Selection.</b> If Q_⊥(0) = q I (an isotropic start, or N → ∞ with W(0) rows i.i.d.), Ψ stays a
 * positive function of R(0)R(0)ᵀ (the ansatz is consistent: Q, hence A, are then functions of R(0)R(0)ᵀ), so
 * R(α) = e^{cα} F(R(0)R(0)ᵀ) R(0) for T = I and the polar factor of R is conserved: the flow ends at the zero-loss
 * solution R = √(κ_t/κ_s) O with O = polar(R(0)) = U Vᵀ (R(0) = U S Vᵀ), which is the orthogonal-Procrustes
 * solution closest to W(0) on the manifold W = √(κ_t/κ_s) O W*, OᵀO = I. At finite N, Q_⊥(0) = σ₀² I + O(N^-½)
 * breaks the commutation and the selection holds up to O(N^-½).
 */
public final class RotationalSymmetry {

    private RotationalSymmetry() {
    }

    /**
     * K(α) = e^{−cTα} Rᵀ Q_⊥⁻¹ R e^{−cTα} with c = 4ηκ_sκ_t (p*×p*).
     *
     * @return the p*×p* matrix K(α), conserved along the quadratic dynamics
     */
    public static double[][] conserved(ModelSpec spec, Overlaps o, double alpha) {
        RealMatrix q = MatrixUtils.createRealMatrix(o.studentOverlap());
        RealMatrix r = MatrixUtils.createRealMatrix(o.studentTeacherOverlap());
        RealMatrix t = MatrixUtils.createRealMatrix(o.teacherOverlap());
        RealMatrix tInv = MatrixUtils.inverse(t);
        RealMatrix qPerp = q.subtract(r.multiply(tInv).multiply(r.transpose()));
        RealMatrix k = r.transpose().multiply(MatrixUtils.inverse(qPerp)).multiply(r);
        double c = 4 * spec.eta() * spec.kappaStudent() * spec.kappaTeacher();
        RealMatrix e = expSymmetric(t, -c * alpha);
        return e.multiply(k).multiply(e).getData();
    }

    /**
     * The polar factor U Vᵀ of R = U S Vᵀ (p×p*): the closest matrix with orthonormal columns (p ≥ p*).
     *
     * @return the p×p* polar factor
     */
    public static double[][] polar(double[][] r) {
        SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(r));
        return svd.getU().multiply(svd.getVT()).getData();
    }

    /**
     * ‖A − B‖_F.
     *
     * @return the Frobenius norm of the difference
     */
    public static double distance(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - b[i][j];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Largest |entry| of A − B relative to the largest |entry| of B.
     *
     * @return max |a_ij − b_ij| / max |b_ij|
     */
    public static double relativeDrift(double[][] a, double[][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                num = Math.max(num, Math.abs(a[i][j] - b[i][j]));
                den = Math.max(den, Math.abs(b[i][j]));
            }
        }
        return num / den;
    }

    /**
     * e^{s M} for a symmetric M = V diag(μ) Vᵀ, as V diag(e^{s μ}) Vᵀ: the decomposition is of M itself, so a tiny
     * scale s (a learning rate of 1e-200) cannot underflow it.
     */
    private static RealMatrix expSymmetric(RealMatrix m, double scale) {
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(m);
        double[] ev = eig.getEigenvalues();
        RealMatrix d = MatrixUtils.createRealMatrix(ev.length, ev.length);
        for (int i = 0; i < ev.length; i++) {
            d.setEntry(i, i, Math.exp(scale * ev[i]));
        }
        return eig.getV().multiply(d).multiply(eig.getVT());
    }
}
