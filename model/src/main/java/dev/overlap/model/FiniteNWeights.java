package dev.overlap.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Student and teacher weights at a finite input dimension N, and their overlaps.
 *
 * @param student W, p rows of length N
 * @param teacher W*, p* rows of length N
 */
public record FiniteNWeights(double[][] student, double[][] teacher) {

    /** The input dimension N. */
    public int n() {
        return student[0].length;
    }

    /** Q = W Wᵀ/N, R = W W*ᵀ/N, T = W* W*ᵀ/N (trusted: they come from weights). */
    public Overlaps overlaps() {
        int n = n();
        int p = student.length;
        int ps = teacher.length;
        double[] y = new double[Overlaps.stateDimension(p, ps)];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                y[k++] = dot(student[a], student[b]) / n;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int s = 0; s < ps; s++) {
                y[k++] = dot(student[a], teacher[s]) / n;
            }
        }
        double[][] t = new double[ps][ps];
        for (int r = 0; r < ps; r++) {
            for (int s = r; s < ps; s++) {
                t[r][s] = dot(teacher[r], teacher[s]) / n;
                t[s][r] = t[r][s];
            }
        }
        return Overlaps.fromState(p, ps, y, t);
    }

    /**
     * Draws the teacher of {@code spec} and the student's initial weights at dimension {@code n}:
     * teacher from stream {@link RandomStreams#TEACHER}, student rows i.i.d. N(0, σ₀² I_N) from stream
     * {@link RandomStreams#STUDENT_INIT} of {@code seed}.
     */
    public static FiniteNWeights draw(int p, TeacherSpec teacherSpec, int pstar, int n, double sigma0, long seed) {
        MemoryBudget.require((double) (p + pstar) * n, n, "the random start's weights W and W*, (p + p*)·N doubles,",
                "a smaller N ({N}) or a given start ({init isotropic})");
        double[][] teacher = drawTeacher(teacherSpec, pstar, n, seed);
        ZigguratSampler.NormalizedGaussian g =
                ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, RandomStreams.STUDENT_INIT));
        double[][] student = new double[p][n];
        for (double[] row : student) {
            for (int i = 0; i < n; i++) {
                row[i] = sigma0 * g.sample();
            }
        }
        return new FiniteNWeights(student, teacher);
    }

    /** Teacher weights W* (p*×N) for the given spec; see {@link TeacherSpec} for each kind. */
    public static double[][] drawTeacher(TeacherSpec spec, int pstar, int n, long seed) {
        MemoryBudget.require((double) pstar * n, n, "the teacher's weights W*, p*·N doubles,", "a smaller N");
        UniformRandomProvider rng = RandomStreams.stream(seed, RandomStreams.TEACHER);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] w = new double[pstar][n];
        for (double[] row : w) {
            for (int i = 0; i < n; i++) {
                row[i] = g.sample();
            }
        }
        if (spec instanceof TeacherSpec.Gaussian) {
            return w;
        }
        if (n < pstar) {
            throw new SpecException("an orthonormal or file teacher needs N ≥ p* (N = " + n + ", p* = " + pstar + ")");
        }
        orthonormaliseRows(w);
        double sqrtN = Math.sqrt(n);
        for (double[] row : w) {
            for (int i = 0; i < n; i++) {
                row[i] *= sqrtN;
            }
        }
        if (spec instanceof TeacherSpec.FromFile file) {
            double[][] t = file.t();
            EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(t));
            RealMatrix v = eig.getV();
            double[] lambda = eig.getEigenvalues();
            double[][] out = new double[pstar][n];
            for (int r = 0; r < pstar; r++) {
                for (int k = 0; k < pstar; k++) {
                    double c = v.getEntry(r, k) * Math.sqrt(Math.max(0.0, lambda[k]));
                    for (int i = 0; i < n; i++) {
                        out[r][i] += c * w[k][i];
                    }
                }
            }
            return out;
        }
        return w;
    }

    /** Modified Gram–Schmidt, twice for accuracy: rows become orthonormal. */
    private static void orthonormaliseRows(double[][] w) {
        for (int pass = 0; pass < 2; pass++) {
            for (int r = 0; r < w.length; r++) {
                for (int s = 0; s < r; s++) {
                    double c = dot(w[r], w[s]);
                    for (int i = 0; i < w[r].length; i++) {
                        w[r][i] -= c * w[s][i];
                    }
                }
                double norm = Math.sqrt(dot(w[r], w[r]));
                for (int i = 0; i < w[r].length; i++) {
                    w[r][i] /= norm;
                }
            }
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
