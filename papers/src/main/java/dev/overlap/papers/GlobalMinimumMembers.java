package dev.overlap.papers;

import static dev.overlap.papers.Sareen2026Hessian.N;
import static dev.overlap.papers.Sareen2026Hessian.PSTAR;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Members of the classes of global minima that {@link Sareen2026Hessian} compares across widths m: the teacher
 * (rows √N e_j), rotated and rescaled copies for the quadratic activation, tight frames, and teacher copies with
 * idle units or split output weights.
 */
final class GlobalMinimumMembers {

    private GlobalMinimumMembers() {
    }

    /** A point (W, a) of parameter space. */
    record Member(double[][] w, double[] a) {
    }

    /** Teacher rows v_j = √N e_j. */
    static double[][] teacher() {
        double[][] v = new double[PSTAR][N];
        for (int j = 0; j < PSTAR; j++) {
            v[j][j] = Math.sqrt(N);
        }
        return v;
    }

    static double[] teacherOut(double b) {
        double[] out = new double[PSTAR];
        Arrays.fill(out, b);
        return out;
    }

    /** W = κ^{-1/2} O [V; 0] with O a Haar-random orthogonal m×m matrix (identity if rng is null), a = κ. */
    static Member quadraticFixed(int m, double kappa, SplittableRandom rng) {
        double[][] base = new double[m][N];
        double[][] v = teacher();
        for (int j = 0; j < PSTAR; j++) {
            for (int k = 0; k < N; k++) {
                base[j][k] = v[j][k] / Math.sqrt(kappa);
            }
        }
        double[][] w = base;
        if (rng != null) {
            double[][] g = new double[m][m];
            for (double[] row : g) {
                for (int k = 0; k < m; k++) {
                    row[k] = gaussian(rng);
                }
            }
            RealMatrix o = new QRDecomposition(MatrixUtils.createRealMatrix(g)).getQ();
            w = o.multiply(MatrixUtils.createRealMatrix(base)).getData();
        }
        double[] a = new double[m];
        Arrays.fill(a, kappa);
        return new Member(w, a);
    }

    /** The harmonic tight frame w_i = √(qN)(cos(πi/m) e₁ + sin(πi/m) e₂), a_i = (p* / m)/q: Σ a_i w_iw_iᵀ/N = P. */
    static Member quadraticFrame(int m, double q) {
        double[][] w = new double[m][N];
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            double th = Math.PI * i / m;
            w[i][0] = Math.sqrt(q * N) * Math.cos(th);
            w[i][1] = Math.sqrt(q * N) * Math.sin(th);
            a[i] = PSTAR / (double) m / q;
        }
        return new Member(w, a);
    }

    /** k_j copies of teacher j with output weights b·β (β split equally, or {@code split} for two copies). */
    static Member teacherCopies(int[] k, double b, double split) {
        int m = Arrays.stream(k).sum();
        double[][] w = new double[m][];
        double[] a = new double[m];
        double[][] v = teacher();
        int i = 0;
        for (int j = 0; j < PSTAR; j++) {
            for (int c = 0; c < k[j]; c++) {
                w[i] = v[j].clone();
                a[i] = k[j] == 2 && !Double.isNaN(split) ? b * (c == 0 ? split : 1 - split) : b / k[j];
                i++;
            }
        }
        return new Member(w, a);
    }

    /** The width-p* teacher copy plus m − p* idle neurons (w = 0, a = 0). */
    static Member copyIdle(int m, double b) {
        double[][] w = new double[m][N];
        double[] a = new double[m];
        double[][] v = teacher();
        for (int j = 0; j < PSTAR; j++) {
            w[j] = v[j].clone();
            a[j] = b;
        }
        return new Member(w, a);
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** A random member of the trained quadratic class: a random tight-frame rotation with random per-neuron scales. */
    static Member randomQuadraticMember(int m, SplittableRandom rng) {
        double phase = rng.nextDouble() * Math.PI;
        double[][] w = new double[m][N];
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            double th = phase + Math.PI * i / m;
            double q = Math.exp(2 * (rng.nextDouble() - 0.5) * Math.log(10));
            w[i][0] = Math.sqrt(q * N) * Math.cos(th);
            w[i][1] = Math.sqrt(q * N) * Math.sin(th);
            a[i] = PSTAR / (double) m / q;
        }
        return new Member(w, a);
    }
}
