package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.TeacherSpec;

/**
 * The conserved quantity K(α) = e^{−cTα} Rᵀ Q_⊥⁻¹ R e^{−cTα} of gradient flow (derived in
 * {@link RotationalSymmetry}): constant along ODE trajectories from general starts and teachers, not constant
 * with the η² term; the polar factor of R constant from Q_⊥(0) = q I; polar() against a hand example.
 */
class RotationalSymmetryTest {

    private static final SolverOptions TIGHT = SolverOptions.DEFAULTS.withTolerances(1e-12, 1e-14);

    private static double maxDrift(ModelSpec spec, Overlaps start, double... alphas) {
        Trajectory t = new OverlapSolver(TIGHT).solve(OverlapDynamics.of(spec, start.teacherOverlap()), start,
                AlphaGrid.of(alphas));
        double[][] k0 = RotationalSymmetry.conserved(spec, t.overlaps(0), 0);
        double worst = 0;
        for (int i = 1; i < t.size(); i++) {
            worst = Math.max(worst, RotationalSymmetry.relativeDrift(
                    RotationalSymmetry.conserved(spec, t.overlaps(i), t.alphas()[i]), k0));
        }
        return worst;
    }

    @Test
    void conservedByGradientFlowNotBySgdNoise() {
        for (TeacherSpec teacher : new TeacherSpec[] {new TeacherSpec.Orthonormal(), new TeacherSpec.Gaussian(80, 2)}) {
            ModelSpec gf = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05).eta2(false).teacher(teacher)
                    .init(new InitialCondition.Random(80, 1.0, 2)).build();
            assertTrue(maxDrift(gf, gf.initialOverlaps(), 0, 5, 15, 25) < 1e-10, teacher.kind());
            ModelSpec sgd = gf.withEta2(true);
            assertTrue(maxDrift(sgd, sgd.initialOverlaps(), 0, 5, 15, 25) > 1e-4, teacher.kind() + " with η²");
        }
    }

    /**
     * A vanishing learning rate makes e^{−cTα} the identity: K is then Rᵀ Q_⊥⁻¹ R itself, here with Q_⊥ = 0.8 I
     * (Q = 0.8 I + R T⁻¹ Rᵀ, T⁻¹ of the 2×2 T by hand) so that K = RᵀR / 0.8, finite at η = 1e-200 for a T with
     * off-diagonal entries (the exponent's decomposition of the 1e-200-scaled T once underflowed to NaN there).
     */
    @Test
    void tinyLearningRateLeavesKFinite() {
        double[][] r = {{0.03, -0.01}, {0.02, 0.04}, {-0.05, 0.01}};
        double[][] t = {{1, 0.3}, {0.3, 1.2}};
        double det = 1 * 1.2 - 0.3 * 0.3;
        double[][] tInv = {{1.2 / det, -0.3 / det}, {-0.3 / det, 1 / det}};
        double[][] q = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                q[a][b] = a == b ? 0.8 : 0;
                for (int s = 0; s < 2; s++) {
                    for (int u = 0; u < 2; u++) {
                        q[a][b] += r[a][s] * tInv[s][u] * r[b][u];
                    }
                }
            }
        }
        Overlaps o = Overlaps.of(q, r, t);
        ModelSpec tiny = ModelSpec.builder().p(3).pstar(2).lrPerWidth(1e-200).build();
        double[][] k = RotationalSymmetry.conserved(tiny, o, 1e4);
        for (int s = 0; s < 2; s++) {
            for (int u = 0; u < 2; u++) {
                double expected = (r[0][s] * r[0][u] + r[1][s] * r[1][u] + r[2][s] * r[2][u]) / 0.8;
                assertEquals(expected, k[s][u], 1e-14, "K_" + s + u);
            }
        }
    }

    @Test
    void polarFactorOfRIsConservedFromAnIsotropicPerpendicularStart() {
        // Q = q I + R Rᵀ makes Q_⊥ = q I exactly (T = I)
        double[][] r = {{0.03, -0.01}, {0.02, 0.04}, {-0.05, 0.01}};
        double[][] q = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                q[a][b] = (a == b ? 0.8 : 0) + r[a][0] * r[b][0] + r[a][1] * r[b][1];
            }
        }
        Overlaps start = Overlaps.of(q, r, new double[][] {{1, 0}, {0, 1}});
        ModelSpec gf = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05).eta2(false)
                .init(new InitialCondition.FromFile("inline", start)).build();
        Trajectory t = new OverlapSolver(TIGHT).solve(OverlapDynamics.of(gf, start.teacherOverlap()), start,
                AlphaGrid.of(0, 50, 400));
        double[][] p0 = RotationalSymmetry.polar(r);
        for (int i = 1; i < t.size(); i++) {
            assertTrue(RotationalSymmetry.distance(RotationalSymmetry.polar(t.overlaps(i).studentTeacherOverlap()), p0)
                    < 1e-9, "α = " + t.alphas()[i]);
        }
        assertTrue(t.epsG()[2] < 1e-2 * t.epsG()[0], "it learns");
    }

    @Test
    void polarOfADiagonalMatrixAndConservedValueAtTheStart() {
        double[][] p = RotationalSymmetry.polar(new double[][] {{2, 0}, {0, -3}, {0, 0}});
        assertArrayEquals(new double[] {1, 0}, p[0], 1e-15);
        assertArrayEquals(new double[] {0, -1}, p[1], 1e-15);
        assertArrayEquals(new double[] {0, 0}, p[2], 1e-15);
        // K(0) = Rᵀ Q_⊥⁻¹ R: p = p* = 1, Q = 2, R = 1, T = 1 ⇒ Q_⊥ = 1, K = 1
        ModelSpec s = ModelSpec.builder().p(1).pstar(1).lr(0.1).eta2(false).build();
        Overlaps o = Overlaps.of(new double[][] {{2}}, new double[][] {{1}}, new double[][] {{1}});
        assertEquals(1.0, RotationalSymmetry.conserved(s, o, 0)[0][0], 1e-15);
        // at α = 1 with c = 4ηκ_sκ_t = 0.4: e^{−0.8}
        assertEquals(Math.exp(-0.8), RotationalSymmetry.conserved(s, o, 1)[0][0], 1e-15);
    }
}
