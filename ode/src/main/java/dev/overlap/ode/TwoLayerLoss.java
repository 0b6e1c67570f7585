package dev.overlap.ode;

import dev.overlap.model.Activation;

/**
 * The population loss of a two-layer network with output weights, over Gaussian inputs x ~ N(0, I_N):
 * <pre>
 *   f(x) = Σ_i a_i σ(w_i·x/√N),   f*(x) = Σ_j b_j σ(v_j·x/√N),   L(W, a) = ½ E[(f(x) − f*(x))²],
 * </pre>
 * with students W (m×N), output weights a (m), teacher V (p*×N), teacher output weights b (p*). With the fields'
 * covariance C = U Uᵀ/N, U = [W; V], the signed output weights ω = (a, −b) and the pair kernel K of
 * {@link PairKernel},
 * <pre>
 *   L      = ½ Σ_{i,j} ω_i ω_j K(C_ii, C_jj, C_ij),
 *   ∂L/∂a_i = Σ_j ω_j K(C_ii, C_jj, C_ij)                     (student i, the sum over students and teachers),
 *   ∂L/∂W   = the student rows of 2 G U / N,   G = ∂L/∂C   (as in {@link PopulationLoss}).
 * </pre>
 * With a_i = κ_s and b_j = κ_t this is {@link PopulationLoss}. The parameter vector θ of {@link #gradient} and
 * {@link #hessian} is W row-major, followed by a when the output layer is trained.
 */
public final class TwoLayerLoss {

    private final PairKernel kernel;

    /**
     * @param sigma an activation with a closed-form pair kernel (quadratic, erf, ReLU, |z|)
     * @throws dev.overlap.model.SpecException otherwise
     */
    public TwoLayerLoss(Activation sigma) {
        this.kernel = PairKernel.of(sigma);
    }

    /**
     * The pair kernel K(a, b, c) = E[σ(u)σ(v)] this loss uses.
     *
     * @return the pair kernel of the activation
     */
    public PairKernel kernel() {
        return kernel;
    }

    /**
     * L(W, a) for teacher (V, b).
     *
     * @return the population loss
     */
    public double value(double[][] w, double[] a, double[][] v, double[] b) {
        double[][] c = covariance(w, v);
        double[] om = omega(a, b);
        return value(kernel, c, om);
    }

    /**
     * ∂L/∂W (m×N).
     *
     * @return a new m×N matrix
     */
    public double[][] gradientW(double[][] w, double[] a, double[][] v, double[] b) {
        double[][] c = covariance(w, v);
        double[][] g = covarianceGradient(kernel, c, omega(a, b));
        return rowsGradient(g, w, v);
    }

    /**
     * ∂L/∂a (m).
     *
     * @return a new array of length m
     */
    public double[] gradientA(double[][] w, double[] a, double[][] v, double[] b) {
        double[][] c = covariance(w, v);
        double[] om = omega(a, b);
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j = 0; j < om.length; j++) {
                s += om[j] * kernel.value(c[i][i], c[j][j], c[i][j]);
            }
            out[i] = s;
        }
        return out;
    }

    /**
     * ∇_θ L with θ = (W row-major, a if {@code trainOutput}).
     *
     * @return a new array: ∂L/∂W row-major, then ∂L/∂a if trained
     */
    public double[] gradient(double[][] w, double[] a, double[][] v, double[] b, boolean trainOutput) {
        int m = w.length;
        int n = w[0].length;
        double[] out = new double[m * n + (trainOutput ? m : 0)];
        double[][] gw = gradientW(w, a, v, b);
        for (int i = 0; i < m; i++) {
            System.arraycopy(gw[i], 0, out, i * n, n);
        }
        if (trainOutput) {
            System.arraycopy(gradientA(w, a, v, b), 0, out, m * n, m);
        }
        return out;
    }

    /**
     * The Hessian ∂²L/∂θ∂θ by central differences of the exact gradient, step h = 1e-5 (1 + |θ_k|), symmetrised
     * (error O(h²)).
     *
     * @return a new symmetric matrix of the size of θ
     */
    public double[][] hessian(double[][] w, double[] a, double[][] v, double[] b, boolean trainOutput) {
        int m = w.length;
        int n = w[0].length;
        int dim = m * n + (trainOutput ? m : 0);
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) {
            x[i] = w[i].clone();
        }
        double[] y = a.clone();
        double[][] h = new double[dim][];
        for (int col = 0; col < dim; col++) {
            boolean inW = col < m * n;
            double x0 = inW ? x[col / n][col % n] : y[col - m * n];
            double step = 1e-5 * (1 + Math.abs(x0));
            set(x, y, col, n, m, x0 + step);
            double[] gp = gradient(x, y, v, b, trainOutput);
            set(x, y, col, n, m, x0 - step);
            double[] gm = gradient(x, y, v, b, trainOutput);
            set(x, y, col, n, m, x0);
            double[] column = new double[dim];
            for (int row = 0; row < dim; row++) {
                column[row] = (gp[row] - gm[row]) / (2 * step);
            }
            h[col] = column;
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i + 1; j < dim; j++) {
                double s = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = s;
                h[j][i] = s;
            }
        }
        return h;
    }

    private static void set(double[][] x, double[] y, int k, int n, int m, double value) {
        if (k < m * n) {
            x[k / n][k % n] = value;
        } else {
            y[k - m * n] = value;
        }
    }

    private static double[] omega(double[] a, double[] b) {
        double[] om = new double[a.length + b.length];
        System.arraycopy(a, 0, om, 0, a.length);
        for (int j = 0; j < b.length; j++) {
            om[a.length + j] = -b[j];
        }
        return om;
    }

    /** C = U Uᵀ/N for U = [students; teachers]. */
    static double[][] covariance(double[][] student, double[][] teacher) {
        int p = student.length;
        int n = p + teacher.length;
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

    /** ½ Σ_{i,j} ω_i ω_j K(C_ii, C_jj, C_ij). */
    static double value(PairKernel kernel, double[][] c, double[] om) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                s += om[i] * om[j] * kernel.value(c[i][i], c[j][j], c[i][j]);
            }
        }
        return 0.5 * s;
    }

    /**
     * G = ∂L/∂C (symmetric): G_ij = ½ ω_i ω_j ∂_c K(C_ii, C_jj, C_ij) for i ≠ j and
     * G_ii = ½ ω_i² (2∂_a + ∂_c) K(C_ii, C_ii, C_ii) + Σ_{j≠i} ω_i ω_j ∂_a K(C_ii, C_jj, C_ij).
     */
    static double[][] covarianceGradient(PairKernel kernel, double[][] c, double[] om) {
        int n = c.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            double cii = c[i][i];
            double diag = 0.5 * om[i] * om[i] * (2 * kernel.dVariance(cii, cii, cii) + kernel.dCovariance(cii, cii, cii));
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    g[i][j] = 0.5 * om[i] * om[j] * kernel.dCovariance(cii, c[j][j], c[i][j]);
                    diag += om[i] * om[j] * kernel.dVariance(cii, c[j][j], c[i][j]);
                }
            }
            g[i][i] = diag;
        }
        return g;
    }

    /** The student rows of 2 G U / N. */
    static double[][] rowsGradient(double[][] g, double[][] student, double[][] teacher) {
        int p = student.length;
        int dim = student[0].length;
        double[][] out = new double[p][dim];
        for (int a = 0; a < p; a++) {
            for (int j = 0; j < g.length; j++) {
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
}
