package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.TeacherSpec;
import dev.overlap.testing.Isserlis;

/**
 * Shared helpers of the ode tests, including the brute-force reference right-hand side assembled element-wise
 * from {@link Isserlis} (shares no code with the matrix closed forms).
 */
final class Fixtures {

    private Fixtures() {
    }

    /** A spec with an orthonormal teacher and an isotropic start (the dynamics take T separately). */
    static ModelSpec spec(int p, int pstar, Normalisation norm, double eta, double noise, boolean eta2) {
        return new ModelSpec(p, pstar, Activation.QUADRATIC, norm, eta, ModelSpec.LearningRateConvention.ABSOLUTE,
                noise, eta2, new TeacherSpec.Orthonormal(), new InitialCondition.Isotropic(0.5, 0.0));
    }

    static ModelSpec spec(int p, int pstar, double eta, boolean eta2) {
        return spec(p, pstar, Normalisation.MEAN, eta, 0.0, eta2);
    }

    /**
     * E[(Σ_i d_i Λ_i²)^m Λ_j Λ_k] (m = 0, 1, 2) by expanding the power and summing Isserlis moments of each
     * monomial; j or k may be −1 to leave that factor out.
     */
    static double bruteForce(double[][] c, double[] d, int m, int j, int k) {
        int n = d.length;
        int extra = (j >= 0 ? 1 : 0) + (k >= 0 ? 1 : 0);
        if (m == 0) {
            return extra == 0 ? 1 : Isserlis.moment(c, j, k);
        }
        double s = 0;
        if (m == 1) {
            for (int i = 0; i < n; i++) {
                s += d[i] * Isserlis.moment(c, tail(new int[] {i, i}, j, k));
            }
            return s;
        }
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < n; l++) {
                s += d[i] * d[l] * Isserlis.moment(c, tail(new int[] {i, i, l, l}, j, k));
            }
        }
        return s;
    }

    private static int[] tail(int[] head, int j, int k) {
        int len = head.length + (j >= 0 ? 1 : 0) + (k >= 0 ? 1 : 0);
        int[] out = java.util.Arrays.copyOf(head, len);
        int u = head.length;
        if (j >= 0) {
            out[u++] = j;
        }
        if (k >= 0) {
            out[u] = k;
        }
        return out;
    }

    /**
     * The right-hand side of docs/model.md assembled element-wise from Isserlis: with ŷ − y = z − √Δ ξ,
     * z = κ_s Σ λ_a² − κ_t Σ ν_r² and σ'(λ) = 2λ,
     * dR_ar = −η κ_s E[z 2λ_a ν_r],
     * dQ_ab = −η κ_s E[z (2λ_aλ_b + 2λ_aλ_b)] + η² κ_s² E[(z² + Δ) 4λ_aλ_b] (second term only with η²),
     * in the flat layout of {@link Overlaps}.
     */
    static double[] referenceDerivatives(ModelSpec spec, double[][] c) {
        int p = spec.p();
        int ps = spec.pstar();
        double ks = spec.kappaStudent();
        double kt = spec.kappaTeacher();
        double eta = spec.eta();
        double delta = spec.noise();
        double[] d = weights(p, ps, ks, kt);
        double[] out = new double[Overlaps.stateDimension(p, ps)];
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double v = -eta * ks * 4 * bruteForce(c, d, 1, a, b);
                if (spec.eta2()) {
                    v += eta * eta * ks * ks * 4 * (bruteForce(c, d, 2, a, b) + delta * bruteForce(c, d, 0, a, b));
                }
                out[k++] = v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                out[k++] = -eta * ks * 2 * bruteForce(c, d, 1, a, p + r);
            }
        }
        return out;
    }

    /** ε_g = ½ E[z²] from Isserlis. */
    static double referenceEpsG(ModelSpec spec, double[][] c) {
        return 0.5 * bruteForce(c, weights(spec.p(), spec.pstar(), spec.kappaStudent(), spec.kappaTeacher()), 2, -1,
                -1);
    }

    static double[] weights(int p, int ps, double ks, double kt) {
        double[] d = new double[p + ps];
        for (int i = 0; i < p + ps; i++) {
            d[i] = i < p ? ks : -kt;
        }
        return d;
    }

    /** Asserts max_i |actual_i − expected_i| ≤ rel · max_i |expected_i| (relative error in the sup norm). */
    static void assertVectorClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(actual[i] - expected[i]));
        }
        double e = err;
        double s = scale;
        assertTrue(e <= rel * s, () -> what + ": max error " + e + " vs scale " + s + " (relative " + e / s + ")");
    }
}
