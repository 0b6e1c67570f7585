package dev.overlap.papers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/** Small dense vectors and matrices (arrays of rows, each row its own array): copies, products, bases. */
final class Matrices {

    private Matrices() {
    }

    /** @return a copy of {@code m} that shares no row with it */
    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    /** @return f · m, a new matrix */
    static double[][] scaled(double[][] m, double f) {
        double[][] c = copy(m);
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= f;
            }
        }
        return c;
    }

    /** @return a copy of {@code m} that shares no row with it */
    static long[][] copy(long[][] m) {
        long[][] c = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double[] scaled(double[] x, double c) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = c * x[i];
        }
        return y;
    }

    /** Orthonormal vectors completing the orthonormal set {@code given} to a basis of ℝⁿ (Gram–Schmidt twice). */
    static List<double[]> complete(List<double[]> given, int n) {
        List<double[]> all = new ArrayList<>(given);
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < n && all.size() < n; k++) {
            double[] v = new double[n];
            v[k] = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : all) {
                    double c = dot(v, b);
                    for (int i = 0; i < n; i++) {
                        v[i] -= c * b[i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (norm > 1e-6) {
                v = scaled(v, 1 / norm);
                all.add(v);
                out.add(v);
            }
        }
        return out;
    }

    /** Orthonormalises {@code vs} in place (Gram–Schmidt twice). */
    static List<double[]> orthonormalise(List<double[]> vs) {
        List<double[]> out = new ArrayList<>();
        for (double[] v0 : vs) {
            double[] v = v0.clone();
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : out) {
                    double c = dot(v, b);
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= c * b[i];
                    }
                }
            }
            out.add(scaled(v, 1 / Math.sqrt(dot(v, v))));
        }
        return out;
    }

    static double[] outer(double[] v, double[] u) {
        double[] e = new double[v.length * u.length];
        for (int a = 0; a < v.length; a++) {
            for (int k = 0; k < u.length; k++) {
                e[a * u.length + k] = v[a] * u[k];
            }
        }
        return e;
    }

    static double[][] identity(int m, double c) {
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            a[i][i] = c;
        }
        return a;
    }

    static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[] apply(double[][] h, double[] v) {
        double[] y = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            y[i] = dot(h[i], v);
        }
        return y;
    }

    static double maxAbs(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double x : row) {
                s = Math.max(s, Math.abs(x));
            }
        }
        return s;
    }

    /** Rank of a set of vectors (eigenvalues of their Gram matrix above 1e-9 of the largest). */
    static int rank(List<double[]> vs) {
        int m = vs.size();
        if (m == 0) {
            return 0;
        }
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                g[i][j] = dot(vs.get(i), vs.get(j));
            }
        }
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(g)).getEigenvalues();
        double max = Arrays.stream(ev).max().orElse(0);
        return (int) Arrays.stream(ev).filter(x -> x > 1e-9 * max).count();
    }

    static double[] flatten(double[][] w) {
        int n = w[0].length;
        double[] e = new double[w.length * n];
        for (int a = 0; a < w.length; a++) {
            System.arraycopy(w[a], 0, e, a * n, n);
        }
        return e;
    }
}
