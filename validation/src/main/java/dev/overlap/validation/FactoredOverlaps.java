package dev.overlap.validation;

import java.util.Locale;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

import dev.overlap.model.Overlaps;
import dev.overlap.model.RandomStreams;
import dev.overlap.model.SpecException;
import dev.overlap.model.TeacherSpec;

/**
 * The overlaps in the coordinates the exact chain works in: the teacher's span and its orthogonal complement.
 *
 * <p>Write W*·N^-½ = L_T E_T with L_T the (lower-triangular) Cholesky factor of T and E_T orthonormal rows spanning
 * the teacher's row space, and split the student W/√N = M E_T + V with V orthogonal to that span. Then
 * <pre>
 *   T = L_T L_Tᵀ,   R = M L_Tᵀ,   Q = M Mᵀ + G,   G = V Vᵀ = Q − R T⁻¹ Rᵀ (= Q⊥).
 * </pre>
 * The chain tracks M (p×p*) and G (p×p) rather than Q and R: near the zero-loss manifold G → 0, and forming it
 * as Q − R T⁻¹ Rᵀ would lose every digit. Arrays are row-major; the instance is a mutable working copy owned by
 * one chain.
 */
final class FactoredOverlaps {

    final int p;
    final int pstar;
    /** T, p*×p*. */
    final double[] t;
    /** L_T, lower triangular, p*×p*. */
    final double[] teacherFactor;
    /** M = R L_T⁻ᵀ, p×p*. */
    final double[] m;
    /** G = Q − M Mᵀ, p×p, symmetric (both triangles stored). */
    final double[] gram;

    private FactoredOverlaps(int p, int pstar, double[] t, double[] teacherFactor, double[] m, double[] gram) {
        this.p = p;
        this.pstar = pstar;
        this.t = t;
        this.teacherFactor = teacherFactor;
        this.m = m;
        this.gram = gram;
    }

    /**
     * Factors given overlaps (validated by {@link Overlaps#of}, so C is positive semi-definite). G = Q − M Mᵀ is
     * formed once here and projected onto the positive semi-definite cone (negative eigenvalues, which validated
     * input allows at rounding level, are set to 0).
     *
     * @throws SpecException if T is not positive definite (the chain needs the teacher's span to be p*-dimensional)
     */
    static FactoredOverlaps of(Overlaps o) {
        int p = o.p();
        int ps = o.pstar();
        double[] t = flatten(o.teacherOverlap());
        double[] lt = cholesky(t, ps);
        if (lt == null) {
            throw SpecException.mentioning(String.format(Locale.ROOT, "the overlaps engine needs a positive-definite"
                    + " teacher overlap T (its smallest eigenvalue is %.6g); use {engine weights}",
                    smallestEigenvalue(t, ps)), null);
        }
        double[][] r = o.studentTeacherOverlap();
        double[] m = new double[p * ps];
        for (int a = 0; a < p; a++) {
            for (int s = 0; s < ps; s++) {
                double v = r[a][s];
                for (int k = 0; k < s; k++) {
                    v -= lt[s * ps + k] * m[a * ps + k];
                }
                m[a * ps + s] = v / lt[s * ps + s];
            }
        }
        double[] g = new double[p * p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double v = o.q(a, b);
                for (int s = 0; s < ps; s++) {
                    v -= m[a * ps + s] * m[b * ps + s];
                }
                g[a * p + b] = v;
            }
        }
        return new FactoredOverlaps(p, ps, t, lt, m, positivePart(g, p));
    }

    /**
     * Draws the overlaps at step 0 from their exact law at dimension N, without drawing N-vectors, for student
     * rows i.i.d. N(0, σ₀² I_N) and the given teacher (stream {@link RandomStreams#CHAIN_START} of {@code seed}).
     *
     * <p>The student's coordinates in the teacher's span (in the orthonormal basis E_T) are i.i.d. N(0, σ₀²), so
     * M = σ₀ Z/√N with Z p×p* standard Gaussian; its part orthogonal to that span has Gram matrix
     * G = (σ₀²/N) B Bᵀ with B Bᵀ ~ Wishart_p(N − p*, I), drawn by Bartlett's decomposition: B lower triangular
     * with B_ii = √χ²_{N−p*−i} (i = 0 … p − 1) and B_ij ~ N(0, 1) below the diagonal. The teacher factor is
     * L_T = I for an orthonormal teacher, the Cholesky factor of the file's T, and for a Gaussian teacher (rows
     * i.i.d. N(0, I_N)) the Bartlett factor of Wishart_p*(N, I) divided by √N (its Gram T/N = L_T L_Tᵀ; the
     * student's law given the teacher is the same as above). This is the Bartlett decomposition of the Gram
     * matrix of (W*, W) in that order, teacher rows first.
     *
     * <p>Draw order: the teacher's Bartlett factor (Gaussian teacher only: for each row its χ² then the
     * entries left of the diagonal), then Z row by row, then B row by row in the same way.
     *
     * @param fileT T of a file teacher (ignored otherwise)
     */
    static FactoredOverlaps draw(int p, int ps, TeacherSpec teacher, double[][] fileT, int n, double sigma0,
            long seed) {
        UniformRandomProvider rng = RandomStreams.stream(seed, RandomStreams.CHAIN_START);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] lt;
        double[] t;
        if (teacher instanceof TeacherSpec.Gaussian) {
            lt = bartlett(ps, n, rng, gauss);
            double scale = 1.0 / Math.sqrt(n);
            for (int i = 0; i < lt.length; i++) {
                lt[i] *= scale;
            }
            t = gramOfLower(lt, ps);
        } else if (teacher instanceof TeacherSpec.FromFile) {
            t = flatten(fileT);
            lt = cholesky(t, ps);
            if (lt == null) {
                throw SpecException.mentioning(String.format(Locale.ROOT, "the overlaps engine needs a"
                        + " positive-definite teacher overlap T (the file's smallest eigenvalue is %.6g); use"
                        + " {engine weights}", smallestEigenvalue(t, ps)), null);
            }
        } else {
            lt = new double[ps * ps];
            for (int s = 0; s < ps; s++) {
                lt[s * ps + s] = 1.0;
            }
            t = lt.clone();
        }
        double c = sigma0 / Math.sqrt(n);
        double[] m = new double[p * ps];
        for (int i = 0; i < m.length; i++) {
            m[i] = c * gauss.sample();
        }
        double[] b = bartlett(p, n - ps, rng, gauss);
        for (int i = 0; i < b.length; i++) {
            b[i] *= c;
        }
        return new FactoredOverlaps(p, ps, t, lt, m, gramOfLower(b, p));
    }

    /** The overlaps (Q, R, T) these coordinates stand for. */
    Overlaps overlaps() {
        double[] y = new double[Overlaps.stateDimension(p, pstar)];
        copyState(y);
        double[][] tt = new double[pstar][pstar];
        for (int r = 0; r < pstar; r++) {
            System.arraycopy(t, r * pstar, tt[r], 0, pstar);
        }
        return Overlaps.fromState(p, pstar, y, tt);
    }

    /** Q = M Mᵀ + G (upper triangle) and R = M L_Tᵀ into the flat state {@code y}. Allocates nothing. */
    void copyState(double[] y) {
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double v = gram[b * p + a];
                for (int s = 0; s < pstar; s++) {
                    v += m[a * pstar + s] * m[b * pstar + s];
                }
                y[k++] = v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int s = 0; s < pstar; s++) {
                double v = 0;
                for (int r = 0; r <= s; r++) {
                    v += m[a * pstar + r] * teacherFactor[s * pstar + r];
                }
                y[k++] = v;
            }
        }
    }

    /**
     * Bartlett factor of Wishart_k(dof, I): lower triangular, B_ii = √χ²_{dof−i}, B_ij ~ N(0, 1) for j &lt; i; row
     * by row, the χ² first. Needs dof ≥ k.
     */
    private static double[] bartlett(int k, int dof, UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian g) {
        double[] b = new double[k * k];
        for (int i = 0; i < k; i++) {
            b[i * k + i] = Math.sqrt(chiSquare(rng, dof - i));
            for (int j = 0; j < i; j++) {
                b[i * k + j] = g.sample();
            }
        }
        return b;
    }

    /** An exact χ²_k draw (Gamma(k/2, 2)); 0 for k = 0. */
    static double chiSquare(UniformRandomProvider rng, int k) {
        return k == 0 ? 0.0 : chiSquareSampler(rng, k).sample();
    }

    /** The exact sampler of χ²_k = Gamma(k/2, 2), k ≥ 1 (Ahrens–Dieter for k = 1, Marsaglia–Tsang above). */
    static ContinuousSampler chiSquareSampler(UniformRandomProvider rng, long k) {
        return AhrensDieterMarsagliaTsangGammaSampler.of(rng, 0.5 * k, 2.0);
    }

    /** L Lᵀ for a lower-triangular k×k L (row-major), both triangles. */
    static double[] gramOfLower(double[] l, int k) {
        double[] g = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0;
                for (int r = 0; r <= j; r++) {
                    v += l[i * k + r] * l[j * k + r];
                }
                g[i * k + j] = v;
                g[j * k + i] = v;
            }
        }
        return g;
    }

    /** The Cholesky factor of a symmetric positive-definite k×k matrix, or null if it is not positive definite. */
    static double[] cholesky(double[] a, int k) {
        double[] l = new double[k * k];
        for (int j = 0; j < k; j++) {
            double d = a[j * k + j];
            for (int r = 0; r < j; r++) {
                d -= l[j * k + r] * l[j * k + r];
            }
            if (!(d > 0)) {
                return null;
            }
            double ljj = Math.sqrt(d);
            l[j * k + j] = ljj;
            for (int i = j + 1; i < k; i++) {
                double v = a[i * k + j];
                for (int r = 0; r < j; r++) {
                    v -= l[i * k + r] * l[j * k + r];
                }
                l[i * k + j] = v / ljj;
            }
        }
        return l;
    }

    private static double[] positivePart(double[] g, int k) {
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(unflatten(g, k)));
        double[] ev = eig.getEigenvalues();
        boolean negative = false;
        for (double v : ev) {
            negative |= v < 0;
        }
        if (!negative) {
            return g;
        }
        RealMatrix v = eig.getV();
        double[] out = new double[k * k];
        for (int e = 0; e < k; e++) {
            double lambda = Math.max(0.0, ev[e]);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    out[i * k + j] += lambda * v.getEntry(i, e) * v.getEntry(j, e);
                }
            }
        }
        return out;
    }

    private static double smallestEigenvalue(double[] a, int k) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(unflatten(a, k))).getEigenvalues()) {
            min = Math.min(min, v);
        }
        return min;
    }

    private static double[] flatten(double[][] a) {
        int k = a.length;
        double[] f = new double[k * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a[i], 0, f, i * k, k);
        }
        return f;
    }

    private static double[][] unflatten(double[] f, int k) {
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(f, i * k, a[i], 0, k);
        }
        return a;
    }
}
