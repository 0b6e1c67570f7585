package dev.overlap.ode;

import dev.overlap.model.ModelSpec;

/**
 * The population loss of a teacher–student pair in weight space, L(W) = ε_g(Q, R, T) with Q = W Wᵀ/N,
 * R = W W*ᵀ/N, T = W* W*ᵀ/N, and its exact gradient; the Hessian by central differences of that gradient.
 *
 * <p>With the fields' covariance C = V Vᵀ/N, V = [W; W*] (rows: students, then teachers), the weights
 * w = (κ_s, …, −κ_t, …) and the pair kernel K of {@link PairKernel},
 * <pre>
 *   ε_g = ½ Σ_{i,j} w_i w_j K(C_ii, C_jj, C_ij)         (the i = j terms are K(C_ii, C_ii, C_ii) = E[σ(u)²]),
 *   G_ij = ∂ε_g/∂C_ij = ½ w_i w_j ∂_c K(C_ii, C_jj, C_ij)                       (i ≠ j),
 *   G_ii = ½ w_i² (∂_a + ∂_b + ∂_c) K(C_ii, C_ii, C_ii) + Σ_{j≠i} w_i w_j ∂_a K(C_ii, C_jj, C_ij),
 *   ∂L/∂V = 2 G V / N,   ∂L/∂W = the student rows of 2 G V / N.
 * </pre>
 */
public final class PopulationLoss {

    private final PairKernel kernel;
    private final int p;
    private final double[] w;
    private final TwoLayerLoss twoLayer;

    public PopulationLoss(ModelSpec spec) {
        this.kernel = PairKernel.of(spec.activation());
        this.twoLayer = new TwoLayerLoss(spec.activation());
        this.p = spec.p();
        this.w = new double[p + spec.pstar()];
        for (int i = 0; i < w.length; i++) {
            w[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
    }

    private double[][] covariance(double[][] student, double[][] teacher) {
        return TwoLayerLoss.covariance(student, teacher);
    }

    /**
     * ε_g from a covariance C of the fields (students first).
     *
     * @return ε_g = ½ Σ_ij w_i w_j K(C_ii, C_jj, C_ij)
     */
    public double value(double[][] c) {
        return TwoLayerLoss.value(kernel, c, w);
    }

    /**
     * ε_g at the overlaps of a state (for any activation with a pair kernel: quadratic, erf, ReLU, |z|).
     *
     * @return ε_g at the covariance of o
     */
    public double value(dev.overlap.model.Overlaps o) {
        return value(o.covariance());
    }

    /**
     * L(W) for student weights W (p×N) and teacher weights W* (p*×N).
     *
     * @return the population loss
     */
    public double value(double[][] student, double[][] teacher) {
        return value(covariance(student, teacher));
    }

    /**
     * G = ∂ε_g/∂C as above (symmetric).
     *
     * @return a new symmetric matrix of the size of C
     */
    public double[][] covarianceGradient(double[][] c) {
        return TwoLayerLoss.covarianceGradient(kernel, c, w);
    }

    /**
     * ∂L/∂W (p×N).
     *
     * @return a new p×N matrix
     */
    public double[][] gradient(double[][] student, double[][] teacher) {
        return TwoLayerLoss.rowsGradient(covarianceGradient(covariance(student, teacher)), student, teacher);
    }

    /**
     * The Hessian ∂²L/∂W∂W (pN × pN, W flattened row-major) by central differences of the exact gradient with
     * step h = 1e-5 (1 + |W_ak|), symmetrised. Error O(h²) in the third derivatives of the gradient.
     *
     * @return a new pN×pN symmetric matrix
     */
    public double[][] hessian(double[][] student, double[][] teacher) {
        double[] a = new double[p];
        double[] b = new double[w.length - p];
        for (int i = 0; i < w.length; i++) {
            if (i < p) {
                a[i] = w[i];
            } else {
                b[i - p] = -w[i];
            }
        }
        return twoLayer.hessian(student, a, teacher, b, false);
    }
}
