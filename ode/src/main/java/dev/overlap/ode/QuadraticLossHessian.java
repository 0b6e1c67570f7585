package dev.overlap.ode;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;

/**
 * The exact Hessian in weight space of the population loss for the quadratic activation σ(z) = z².
 *
 * <h2>Derivation</h2>
 * With the N×N matrix M = κ_s WᵀW/N − κ_t W*ᵀW* / N the clean error is
 * ŷ − y = κ_s Σ_a (w_a·x)²/N − κ_t Σ_r (w*_r·x)² / N = xᵀ M x, and for x ~ N(0, I_N) Isserlis' theorem gives
 * <pre>
 *   L(W) = ½ E[(xᵀMx)²] = ½ [(tr M)² + 2 tr M²]        (a quartic in W; tr M = κ_s tr Q − κ_t tr T).
 * </pre>
 * Along W + tE, Ṁ = κ_s(EᵀW + WᵀE)/N and M̈ = 2κ_s EᵀE/N, so
 * <pre>
 *   ∂L/∂W = (2κ_s/N) [tr M · W + 2 W M],
 *   d²L/dt² = (tr Ṁ)² + tr M tr M̈ + 2 tr Ṁ² + 2 tr(M M̈)
 *           = (4κ_s²/N²) [⟨W,E⟩² + tr((WEᵀ)²) + tr(WWᵀ EEᵀ)] + (2κ_s/N) [tr M |E|² + 2 tr(E M Eᵀ)],
 * </pre>
 * whose coefficients are the Hessian entries (W flattened row-major, index a·N + k):
 * <pre>
 *   H_{(a,k),(b,l)} = (4κ_s²/N²) [W_ak W_bl + W_al W_bk + (WWᵀ)_ab δ_kl] + (2κ_s/N) δ_ab [tr M δ_kl + 2 M_kl].
 * </pre>
 * This is exact (no truncation); {@link PopulationLoss#hessian} (central differences of the exact gradient)
 * agrees with it to its O(h²) error.
 */
public final class QuadraticLossHessian {

    private final double kappaS;
    private final double kappaT;

    /** For the normalisation of a spec whose activation must be quadratic. */
    public QuadraticLossHessian(ModelSpec spec) {
        this(spec.kappaStudent(), spec.kappaTeacher());
        if (!Activation.QUADRATIC.equals(spec.activation())) {
            throw new IllegalArgumentException("QuadraticLossHessian needs the quadratic activation, not "
                    + spec.activation());
        }
    }

    /** For second-layer weights κ_s (students) and κ_t (teachers). */
    public QuadraticLossHessian(double kappaS, double kappaT) {
        this.kappaS = kappaS;
        this.kappaT = kappaT;
    }

    /**
     * M = κ_s WᵀW/N − κ_t W*ᵀW* / N (N×N).
     *
     * @return a new N×N matrix M
     */
    public double[][] m(double[][] student, double[][] teacher) {
        int n = student[0].length;
        double[][] m = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = k; l < n; l++) {
                double s = 0;
                for (double[] w : student) {
                    s += kappaS * w[k] * w[l];
                }
                for (double[] w : teacher) {
                    s -= kappaT * w[k] * w[l];
                }
                m[k][l] = s / n;
                m[l][k] = m[k][l];
            }
        }
        return m;
    }

    /**
     * L(W) = ½[(tr M)² + 2 tr M²].
     *
     * @return the population loss L(W)
     */
    public double value(double[][] student, double[][] teacher) {
        double[][] m = m(student, teacher);
        double tr = 0;
        double tr2 = 0;
        for (int k = 0; k < m.length; k++) {
            tr += m[k][k];
            for (int l = 0; l < m.length; l++) {
                tr2 += m[k][l] * m[l][k];
            }
        }
        return 0.5 * (tr * tr + 2 * tr2);
    }

    /**
     * ∂L/∂W = (2κ_s/N)[tr M · W + 2 W M] (p×N).
     *
     * @return a new p×N matrix ∂L/∂W
     */
    public double[][] gradient(double[][] student, double[][] teacher) {
        int n = student[0].length;
        double[][] m = m(student, teacher);
        double tr = trace(m);
        double[][] g = new double[student.length][n];
        for (int a = 0; a < student.length; a++) {
            for (int k = 0; k < n; k++) {
                double wm = 0;
                for (int l = 0; l < n; l++) {
                    wm += student[a][l] * m[l][k];
                }
                g[a][k] = 2 * kappaS / n * (tr * student[a][k] + 2 * wm);
            }
        }
        return g;
    }

    /**
     * The exact Hessian ∂²L/∂W∂W (pN × pN, W flattened row-major) as in the class comment.
     *
     * @return a new pN×pN symmetric matrix
     */
    public double[][] hessian(double[][] student, double[][] teacher) {
        int p = student.length;
        int n = student[0].length;
        double[][] m = m(student, teacher);
        double tr = trace(m);
        double[][] gram = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += student[a][k] * student[b][k];
                }
                gram[a][b] = s;
            }
        }
        double c4 = 4 * kappaS * kappaS / ((double) n * n);
        double c2 = 2 * kappaS / n;
        double[][] h = new double[p * n][p * n];
        for (int a = 0; a < p; a++) {
            for (int k = 0; k < n; k++) {
                int i = a * n + k;
                for (int b = 0; b < p; b++) {
                    for (int l = 0; l < n; l++) {
                        double v = c4 * (student[a][k] * student[b][l] + student[a][l] * student[b][k]
                                + (k == l ? gram[a][b] : 0));
                        if (a == b) {
                            v += c2 * ((k == l ? tr : 0) + 2 * m[k][l]);
                        }
                        h[i][b * n + l] = v;
                    }
                }
            }
        }
        return h;
    }

    private static double trace(double[][] m) {
        double s = 0;
        for (int k = 0; k < m.length; k++) {
            s += m[k][k];
        }
        return s;
    }
}
