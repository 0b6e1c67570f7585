package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StandardActivation;
import dev.overlap.model.TeacherSpec;

/**
 * {@link FixedPoints#saddleAlongPath}: the plateau of a path that leaves no symmetric subspace to reduce to
 * (issue 15: erf with nn2pp's Gaussian teacher had no plateau at all). It finds the saddle from the slowest
 * point of the path alone, so with a permutation-symmetric teacher it must find Saad &amp; Solla's symmetric
 * plateau, whose closed form is independent of the method.
 */
class SaddleAlongPathTest {

    @Test
    void withASymmetricTeacherItFindsSaadAndSollasPlateau() {
        for (int k = 2; k <= 3; k++) {
            ModelSpec spec = ModelSpec.builder().p(k).pstar(k).activation(StandardActivation.ERF)
                    .normalisation(Normalisation.SUM).lr(0.1).eta2(false)
                    .init(new InitialCondition.Isotropic(0.2, 0.001)).build();
            Overlaps init = spec.initialOverlaps();
            OverlapDynamics f = OverlapDynamics.of(spec, init.teacherOverlap());
            FixedPoint fp = FixedPoints.saddleAlongPath(f, init.toState());
            assertNotNull(fp, "K = " + k);
            // Saad & Solla (1995): q = 1/(2K − 1), R = √(1/(K(2K − 1))), ε_g = K/π (π/6 − K arcsin(1/(2K))). The
            // saddle has zero-eigenvalue (flat) directions, along which Newton's least-squares steps stop wherever the
            // residual is met: the state agrees to O(1e-6) (as symmetricFrom's, ErfTheoryTest), ε_g to second order.
            double q = 1.0 / (2 * k - 1);
            assertEquals(q, fp.state()[0], 1e-5, "Q_11, K = " + k);
            assertEquals(q, fp.state()[1], 1e-5, "Q_12, K = " + k);
            assertEquals(Math.sqrt(1.0 / (k * (2.0 * k - 1))), fp.state()[k * (k + 1) / 2], 1e-5, "R_11, K = " + k);
            assertEquals(k / Math.PI * (Math.PI / 6 - k * Math.asin(1.0 / (2 * k))), fp.epsG(), 1e-10, "ε_g, K = " + k);
            assertTrue(fp.unstableDirections(1e-9) > 0);
        }
    }

    @Test
    void withAGaussianTeacherTheSolveHasAPlateauAndAnEscape() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF)
                .normalisation(Normalisation.SUM).lr(0.5).teacher(new TeacherSpec.Gaussian(500, 1L))
                .init(new InitialCondition.Random(500, 1.0, 1L)).build();
        Overlaps init = spec.initialOverlaps();
        OverlapDynamics f = OverlapDynamics.of(spec, init.teacherOverlap());
        assertTrue(!FixedPoints.permutationSymmetric(init.teacherOverlap()), "the drawn teacher is not symmetric");
        FixedPoint fp = FixedPoints.plateauFrom(f, init.toState());
        assertNotNull(fp);
        assertTrue(fp.residual() <= 1e-12, "a fixed point: max|F| = " + fp.residual());
        assertEquals(1, fp.unstableDirections(1e-9));
        Trajectory t = new OverlapSolver(SolverOptions.DEFAULTS).solve(f, init, AlphaGrid.log(0.01, 1000, 101));
        Events e = t.events();
        assertNotNull(e.plateau());
        assertNotNull(e.plateau().alpha(), "the path enters the plateau band");
        assertNotNull(e.escape().alpha(), "and escapes");
        assertTrue(e.escape().alpha() > e.plateau().alpha());
    }
}
