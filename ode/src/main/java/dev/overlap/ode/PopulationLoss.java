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
    private final int ps;
    private final double[] w;

    public PopulationLoss(ModelSpec spec) {
        this.kernel = PairKernel.of(spec.activation());
        this.p = spec.p();
        this.ps = spec.pstar();
        this.w = new double[p + ps];
        for (int i = 0; i < w.length; i++) {
            w[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
    }

    private double[][] covariance(double[][] student, double[][] teacher) {
        int n = p + ps;
        int dim = student[0].length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] vi = i < p ? student[i] : teacher[i - p];
            for (int j = i; j < n; j++) {
                double[] vj = j < p ? student[j] : teacher[j - p];
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    s += vi[k] * vj[k];
                }
                c[i][j] = s / dim;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    /** ε_g from a covariance C of the fields (students first). */
    public double value(double[][] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                s += w[i] * w[j] * kernel.value(c[i][i], c[j][j], c[i][j]);
            }
        }
        return 0.5 * s;
    }

    /** ε_g at the overlaps of a state (for any activation with a pair kernel: quadratic, erf, ReLU, |z|). */
    public double value(dev.overlap.model.Overlaps o) {
        return value(o.covariance());
    }

    /** L(W) for student weights W (p×N) and teacher weights W* (p*×N). */
    public double value(double[][] student, double[][] teacher) {
        return value(covariance(student, teacher));
    }

    /** G = ∂ε_g/∂C as above (symmetric). */
    public double[][] covarianceGradient(double[][] c) {
        int n = c.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            double cii = c[i][i];
            double diag = 0.5 * w[i] * w[i] * (2 * kernel.dVariance(cii, cii, cii) + kernel.dCovariance(cii, cii, cii));
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    g[i][j] = 0.5 * w[i] * w[j] * kernel.dCovariance(cii, c[j][j], c[i][j]);
                    diag += w[i] * w[j] * kernel.dVariance(cii, c[j][j], c[i][j]);
                }
            }
            g[i][i] = diag;
        }
        return g;
    }

    /** ∂L/∂W (p×N). */
    public double[][] gradient(double[][] student, double[][] teacher) {
        double[][] c = covariance(student, teacher);
        double[][] g = covarianceGradient(c);
        int dim = student[0].length;
        double[][] out = new double[p][dim];
        for (int a = 0; a < p; a++) {
            for (int j = 0; j < p + ps; j++) {
                double coef = 2 * g[a][j] / dim;
                if (coef == 0) {
                    continue;
                }
                double[] vj = j < p ? student[j] : teacher[j - p];
                for (int k = 0; k < dim; k++) {
                    out[a][k] += coef * vj[k];
                }
            }
        }
        return out;
    }

    /**
     * The Hessian ∂²L/∂W∂W (pN × pN, W flattened row-major) by central differences of the exact gradient with
     * step h = 1e-5 (1 + |W_ak|), symmetrised. Error O(h²) in the third derivatives of the gradient.
     */
    public double[][] hessian(double[][] student, double[][] teacher) {
        int dim = student[0].length;
        int m = p * dim;
        double[][] h = new double[m][m];
        double[][] x = new double[p][];
        for (int a = 0; a < p; a++) {
            x[a] = student[a].clone();
        }
        for (int col = 0; col < m; col++) {
            int a = col / dim;
            int k = col % dim;
            double x0 = x[a][k];
            double step = 1e-5 * (1 + Math.abs(x0));
            x[a][k] = x0 + step;
            double[][] gp = gradient(x, teacher);
            x[a][k] = x0 - step;
            double[][] gm = gradient(x, teacher);
            x[a][k] = x0;
            for (int row = 0; row < m; row++) {
                h[row][col] = (gp[row / dim][row % dim] - gm[row / dim][row % dim]) / (2 * step);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double s = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = s;
                h[j][i] = s;
            }
        }
        return h;
    }
}
