package dev.overlap.model;

import static dev.overlap.model.Specs.assertSpecError;
import static dev.overlap.model.Specs.identity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/**
 * {@link Overlaps}: the validation errors of {@link Overlaps#of} (each names the matrix and the entry or
 * condition), and the flat-state layout documented in the class comment (upper triangle of Q row by row,
 * then R row-major; names 1-based). The expected layouts and names are written out by hand from that comment.
 */
class OverlapsTest {

    @Test
    void emptyOrMissingMatricesAreRejected() {
        assertSpecError(() -> Overlaps.of(new double[0][0], new double[0][1], identity(1)), "Q", "non-empty");
        assertSpecError(() -> Overlaps.of(null, new double[1][1], identity(1)), "Q", "non-empty");
        assertSpecError(() -> Overlaps.of(identity(1), new double[1][0], new double[0][0]), "T", "non-empty");
        assertSpecError(() -> Overlaps.of(identity(2), null, identity(3)), "R is missing", "2×3");
    }

    @Test
    void wrongShapesAreRejected() {
        assertSpecError(() -> Overlaps.of(new double[][] {{1, 0}, {0}}, new double[2][1], identity(1)),
                "Q row 2 has 1 entries, expected 2");
        assertSpecError(() -> Overlaps.of(new double[][] {{1, 0}, null}, new double[2][1], identity(1)),
                "Q row 2 has 0 entries, expected 2");
        assertSpecError(() -> Overlaps.of(identity(2), new double[3][1], identity(1)), "R has 3 rows, expected 2");
        assertSpecError(() -> Overlaps.of(identity(2), new double[2][2], identity(1)),
                "R row 1 has 2 entries, expected 1");
        assertSpecError(() -> Overlaps.of(identity(2), new double[2][2], new double[][] {{1, 0}, {0, 1, 0}}),
                "T row 2 has 3 entries, expected 2");
    }

    @Test
    void nonFiniteEntriesAreRejected() {
        assertSpecError(() -> Overlaps.of(new double[][] {{1, Double.NaN}, {0, 1}}, new double[2][1], identity(1)),
                "Q[1,2]", "not a finite number", "NaN");
        assertSpecError(() -> Overlaps.of(identity(2), new double[][] {{0}, {Double.POSITIVE_INFINITY}}, identity(1)),
                "R[2,1]", "not a finite number", "Infinity");
        assertSpecError(() -> Overlaps.of(identity(1), new double[1][1], new double[][] {{Double.NEGATIVE_INFINITY}}),
                "T[1,1]", "not a finite number");
    }

    @Test
    void asymmetricMatricesAreRejected() {
        assertSpecError(() -> Overlaps.of(new double[][] {{1, 0.2}, {0.3, 1}}, new double[2][1], identity(1)),
                "Q is not symmetric", "Q[1,2] = 0.2", "Q[2,1] = 0.3");
        assertSpecError(() -> Overlaps.of(identity(1), new double[1][2], new double[][] {{1, 0}, {0.1, 1}}),
                "T is not symmetric", "T[1,2] = 0.0", "T[2,1] = 0.1");
    }

    @Test
    void asymmetryWithinToleranceIsSymmetrised() {
        Overlaps o = Overlaps.of(new double[][] {{1, 0.2 + 1e-12}, {0.2 - 1e-12, 1}}, new double[2][1], identity(1));
        assertEquals(o.q(0, 1), o.q(1, 0), 0.0);
        assertEquals(0.2, o.q(0, 1), 1e-15);
    }

    @Test
    void nonPositiveSemiDefiniteCovarianceIsRejected() {
        // Q itself not PSD: eigenvalues 1 ± 2
        assertSpecError(() -> Overlaps.of(new double[][] {{1, 2}, {2, 1}}, new double[2][1], identity(1)),
                "not positive semi-definite", "smallest eigenvalue -1");
        // Q and T fine, but R too large: C = [[1, 2], [2, 1]] again
        assertSpecError(() -> Overlaps.of(identity(1), new double[][] {{2}}, identity(1)),
                "C = [[Q, R], [Rᵀ, T]]", "not positive semi-definite");
        // singular but PSD is accepted (|R| = √(Q T))
        assertNotNull(Overlaps.of(new double[][] {{4}}, new double[][] {{2}}, identity(1)));
    }

    @Test
    void stateNamesFollowTheDocumentedOrder() {
        assertArrayEquals(new String[] {"Q_1_1", "Q_1_2", "Q_1_3", "Q_2_2", "Q_2_3", "Q_3_3", "R_1_1", "R_1_2",
                "R_2_1", "R_2_2", "R_3_1", "R_3_2"}, Overlaps.stateNames(3, 2));
        assertEquals(12, Overlaps.stateDimension(3, 2));
        assertArrayEquals(new String[] {"Q_1_1", "R_1_1", "R_1_2", "R_1_3"}, Overlaps.stateNames(1, 3));
    }

    @Test
    void flatStateRoundTrip() {
        double[][] q = {{3, 0.1, 0.2}, {0.1, 4, 0.3}, {0.2, 0.3, 5}};
        double[][] r = {{0.11, 0.12}, {0.21, 0.22}, {0.31, 0.32}};
        double[][] t = {{1, 0.05}, {0.05, 2}};
        Overlaps o = Overlaps.of(q, r, t);
        double[] y = o.toState();
        assertArrayEquals(new double[] {3, 0.1, 0.2, 4, 0.3, 5, 0.11, 0.12, 0.21, 0.22, 0.31, 0.32}, y, 0.0);
        Overlaps back = Overlaps.fromState(3, 2, y, t);
        assertEquals(o, back);
        assertEquals(o.hashCode(), back.hashCode());
        for (int a = 0; a < 3; a++) {
            assertArrayEquals(q[a], back.studentOverlap()[a], 0.0);
            assertArrayEquals(r[a], back.studentTeacherOverlap()[a], 0.0);
        }
        // the covariance has the documented block layout
        double[][] c = o.covariance();
        assertEquals(0.3, c[1][2], 0.0);
        assertEquals(0.32, c[2][4], 0.0);
        assertEquals(0.32, c[4][2], 0.0);
        assertEquals(0.05, c[3][4], 0.0);
        assertEquals(2.0, c[4][4], 0.0);
        // R = 0 copy and Frobenius norm
        Overlaps z = o.withZeroStudentTeacherOverlap();
        assertEquals(0.0, z.studentTeacherNorm(), 0.0);
        assertEquals(3.0, z.q(0, 0), 0.0);
        double frob = Math.sqrt(0.11 * 0.11 + 0.12 * 0.12 + 0.21 * 0.21 + 0.22 * 0.22 + 0.31 * 0.31 + 0.32 * 0.32);
        assertEquals(frob, o.studentTeacherNorm(), 1e-15);
    }

    @Test
    void accessorsReturnCopies() {
        double[][] t = identity(2);
        Overlaps o = Overlaps.of(identity(1), new double[1][2], t);
        t[0][0] = 99;
        o.teacherOverlap()[1][1] = 42;
        assertEquals(1.0, o.t(0, 0), 0.0);
        assertEquals(1.0, o.t(1, 1), 0.0);
    }
}
