package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StandardActivation;

/**
 * The derived columns: dist_closest equals the distance computed directly from weights to the Procrustes
 * solution c·polar(R)·W*, it vanishes on a solution, and non-quadratic activations have no derived columns.
 */
class TrajectoryColumnsTest {

    @Test
    void distanceToTheClosestSolutionMatchesTheWeights() {
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.05).init(new InitialCondition.Random(300, 0.7, 9))
                .build();
        FiniteNWeights w = FiniteNWeights.draw(3, spec.teacher(), 2, 300, 0.7, 9);
        Overlaps o = w.overlaps();
        double c = Math.sqrt(spec.kappaTeacher() / spec.kappaStudent());
        double[][] polar = RotationalSymmetry.polar(o.studentTeacherOverlap());
        double sq = 0;
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < 300; i++) {
                double target = c * (polar[a][0] * w.teacher()[0][i] + polar[a][1] * w.teacher()[1][i]);
                double d = w.student()[a][i] - target;
                sq += d * d;
            }
        }
        double[] row = TrajectoryColumns.row(spec, 0, 0, o.toState(), o.teacherOverlap());
        String[] names = TrajectoryColumns.names(spec);
        assertEquals("dist_closest", names[names.length - 1]);
        assertEquals(Math.sqrt(sq / 300), row[row.length - 1], 1e-10);
    }

    @Test
    void zeroOnASolutionAndAbsentForErf() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(2).lrPerWidth(0.05).build();
        double c2 = spec.kappaTeacher() / spec.kappaStudent();
        // O = rotation by 0.3: R = c O, Q = c² O Oᵀ = c² I
        double co = Math.cos(0.3);
        double si = Math.sin(0.3);
        double c = Math.sqrt(c2);
        Overlaps sol = Overlaps.of(new double[][] {{c2, 0}, {0, c2}}, new double[][] {{c * co, -c * si}, {c * si, c * co}},
                new double[][] {{1, 0}, {0, 1}});
        double[] row = TrajectoryColumns.row(spec, 0, 0, sol.toState(), sol.teacherOverlap());
        assertEquals(0.0, row[row.length - 1], 1e-7);
        ModelSpec erf = ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF).lr(0.1).build();
        assertArrayEquals(new String[] {"alpha", "eps_g", "Q_1_1", "Q_1_2", "Q_2_2", "R_1_1", "R_1_2", "R_2_1", "R_2_2"},
                TrajectoryColumns.names(erf));
    }
}
