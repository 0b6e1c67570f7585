package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StandardActivation;
import dev.overlap.model.TeacherSpec;

/**
 * ε_g of the erf network as the sum of squares ½‖Lᵀw‖² (issue 15: the plain double sum of arcsines went negative,
 * −1.4e-12, in the tail of a converging run). It must equal the double sum where that is accurate and never be
 * negative.
 */
class ErfGeneralisationErrorTest {

    /** The plain double sum ½ Σ_ij w_i w_j I2(i, j) over the covariance of (λ, ν), computed here independently. */
    private static double doubleSum(ModelSpec spec, double[][] t, double[] y) {
        int p = spec.p();
        int ps = spec.pstar();
        int n = p + ps;
        double[] c = new double[n * n];
        Overlaps.loadCovariance(p, ps, y, c);
        for (int r = 0; r < ps; r++) {
            for (int s = 0; s < ps; s++) {
                c[(p + r) * n + p + s] = t[r][s];
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double wi = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
                double wj = j < p ? spec.kappaStudent() : -spec.kappaTeacher();
                sum += wi * wj * 2 / Math.PI * Math.asin(c[i * n + j] / Math.sqrt((1 + c[i * n + i]) * (1 + c[j * n + j])));
            }
        }
        return 0.5 * sum;
    }

    @Test
    void theSumOfSquaresIsTheDoubleSumAndNeverNegativeAlongAConvergingRun() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF)
                .normalisation(Normalisation.SUM).lr(0.5).teacher(new TeacherSpec.Gaussian(500, 1L))
                .init(new InitialCondition.Random(500, 1.0, 1L)).build();
        Overlaps init = spec.initialOverlaps();
        OverlapDynamics f = OverlapDynamics.of(spec, init.teacherOverlap());
        Trajectory t = new OverlapSolver(SolverOptions.DEFAULTS).solve(f, init, AlphaGrid.log(0.01, 1000, 201));
        int compared = 0;
        for (int i = 0; i < t.size(); i++) {
            double e = t.epsG()[i];
            assertTrue(e >= 0, "ε_g(" + t.alphas()[i] + ") = " + e);
            double reference = doubleSum(spec, init.teacherOverlap(), t.states()[i]);
            if (reference >= 1e-6) {
                // the double sum's own rounding is about n² ulp(1) ≈ 1e-15 absolute
                assertEquals(reference, e, 1e-12 * reference + 1e-15, "α = " + t.alphas()[i]);
                compared++;
            }
        }
        assertTrue(compared > 100, "rows compared: " + compared);
        assertTrue(t.epsG()[t.size() - 1] < 1e-15, "the run converges to zero loss: " + t.epsG()[t.size() - 1]);
    }
}
