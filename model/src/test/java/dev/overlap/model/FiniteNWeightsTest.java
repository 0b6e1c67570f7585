package dev.overlap.model;

import static dev.overlap.model.Specs.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link FiniteNWeights}: the teacher kinds give the documented T, and the random initialisation gives
 * Q(0) = σ₀² I + O(N^-½), R(0) = O(σ₀ N^-½) with fluctuations of the predicted size.
 *
 * <p>Where the expected values come from: orthonormal rows scaled by √N have T = W*W*ᵀ/N = I exactly (up to
 * rounding); a file teacher is built to have the file's T exactly. For rows w_a ~ N(0, σ₀² I_N) independent of
 * a teacher with |w*_r|² = N: Q_aa = σ₀² χ²_N/N has sd σ₀² √(2/N), Q_ab (a ≠ b) has sd σ₀²/√N, and R_ar is
 * N(0, σ₀²/N). For a Gaussian teacher, T_rr has sd √(2/N) and T_rs sd 1/√N. The bounds are 6 sd per entry
 * ("within 6/√N, scaled"), and the root-mean-square of all standardised fluctuations is ≈ 1 (a χ² with
 * about 50 degrees of freedom: 0.6..1.4 is beyond 4 sd). Seeds are fixed, so the test is deterministic.
 */
class FiniteNWeightsTest {

    @Test
    void orthonormalTeacherHasIdentityOverlap() {
        double[][] w = FiniteNWeights.drawTeacher(new TeacherSpec.Orthonormal(), 4, 1000, 7);
        Overlaps o = new FiniteNWeights(new double[1][1000], w).overlaps();
        for (int r = 0; r < 4; r++) {
            for (int s = 0; s < 4; s++) {
                assertEquals(r == s ? 1.0 : 0.0, o.t(r, s), 1e-12, "T[" + r + "][" + s + "]");
            }
        }
    }

    @Test
    void orthonormalTeacherNeedsEnoughDimensions() {
        assertSpecError(() -> FiniteNWeights.drawTeacher(new TeacherSpec.Orthonormal(), 5, 3, 1), "N ≥ p*", "N = 3",
                "p* = 5");
    }

    @Test
    void fileTeacherHasExactlyTheRequestedOverlap() {
        double[][] t = {{2.0, 0.5, -0.3}, {0.5, 1.0, 0.2}, {-0.3, 0.2, 0.7}};
        checkFileTeacher(t, 500);
        // singular (rank one) but positive semi-definite
        checkFileTeacher(new double[][] {{1, 1}, {1, 1}}, 50);
    }

    private static void checkFileTeacher(double[][] t, int n) {
        double[][] w = FiniteNWeights.drawTeacher(new TeacherSpec.FromFile("t.json", t), t.length, n, 3);
        Overlaps o = new FiniteNWeights(new double[1][n], w).overlaps();
        for (int r = 0; r < t.length; r++) {
            for (int s = 0; s < t.length; s++) {
                assertEquals(t[r][s], o.t(r, s), 1e-10, "T[" + r + "][" + s + "]");
            }
        }
    }

    @Test
    void gaussianTeacherFluctuatesAroundIdentity() {
        int n = 20_000;
        double[][] w = FiniteNWeights.drawTeacher(new TeacherSpec.Gaussian(n, 5), 6, n, 5);
        Overlaps o = new FiniteNWeights(new double[1][n], w).overlaps();
        double sumSq = 0;
        int count = 0;
        for (int r = 0; r < 6; r++) {
            for (int s = r; s < 6; s++) {
                double sd = (r == s ? Math.sqrt(2.0) : 1.0) / Math.sqrt(n);
                double z = (o.t(r, s) - (r == s ? 1 : 0)) / sd;
                assertTrue(Math.abs(z) < 6, "T[" + r + "][" + s + "] off by " + z + " sd");
                sumSq += z * z;
                count++;
            }
        }
        double rms = Math.sqrt(sumSq / count);
        assertTrue(rms > 0.5 && rms < 1.5, "rms of standardised T fluctuations " + rms);
    }

    @Test
    void randomInitialisationHasFluctuationsOfTheRightOrder() {
        int n = 20_000;
        double sigma0 = 0.7;
        int p = 6;
        int pstar = 4;
        Overlaps o = FiniteNWeights.draw(p, new TeacherSpec.Orthonormal(), pstar, n, sigma0, 11).overlaps();
        double s2 = sigma0 * sigma0;
        double sumSq = 0;
        int count = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double sd = s2 * (a == b ? Math.sqrt(2.0) : 1.0) / Math.sqrt(n);
                double z = (o.q(a, b) - (a == b ? s2 : 0)) / sd;
                assertTrue(Math.abs(z) < 6, "Q[" + a + "][" + b + "] off by " + z + " sd");
                sumSq += z * z;
                count++;
            }
            for (int r = 0; r < pstar; r++) {
                double z = o.r(a, r) / (sigma0 / Math.sqrt(n));
                assertTrue(Math.abs(z) < 6, "R[" + a + "][" + r + "] off by " + z + " sd");
                sumSq += z * z;
                count++;
            }
        }
        double rms = Math.sqrt(sumSq / count);
        assertTrue(rms > 0.6 && rms < 1.4, "rms of standardised fluctuations " + rms + " over " + count + " entries");
        for (int r = 0; r < pstar; r++) {
            assertEquals(1.0, o.t(r, r), 1e-12);
        }
    }

    @Test
    void sameSeedSameOverlapsDifferentSeedDifferent() {
        Overlaps a = FiniteNWeights.draw(3, new TeacherSpec.Orthonormal(), 2, 2000, 0.5, 99).overlaps();
        Overlaps b = FiniteNWeights.draw(3, new TeacherSpec.Orthonormal(), 2, 2000, 0.5, 99).overlaps();
        Overlaps c = FiniteNWeights.draw(3, new TeacherSpec.Orthonormal(), 2, 2000, 0.5, 100).overlaps();
        assertEquals(a, b);
        assertNotEquals(a, c);
        for (int i = 0; i < a.toState().length; i++) {
            assertNotEquals(a.toState()[i], c.toState()[i], 0.0, "entry " + i + " should differ between seeds");
        }
    }

    @Test
    void specRandomInitialConditionUsesTheDraw() {
        ModelSpec spec = Specs.spec(2, 3, 0.5, 0, new TeacherSpec.Orthonormal(),
                new InitialCondition.Random(1000, 0.3, 17));
        Overlaps expected = FiniteNWeights.draw(2, new TeacherSpec.Orthonormal(), 3, 1000, 0.3, 17).overlaps();
        assertEquals(expected, spec.initialOverlaps());
    }

    @Test
    void zeroSigmaGivesZeroStudent() {
        Overlaps o = FiniteNWeights.draw(2, new TeacherSpec.Orthonormal(), 1, 100, 0.0, 1).overlaps();
        for (double v : o.toState()) {
            assertEquals(0.0, v, 0.0);
        }
    }
}
