package dev.overlap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link StateLayout} against the layout written out by hand for p = 3, p* = 2: y = (Q11, Q12, Q13, Q22, Q23,
 * Q33, R11, R12, R21, R22, R31, R32), and against the column names of {@link Overlaps#stateNames}.
 */
class StateLayoutTest {

    @Test
    void indicesOfTheHandWrittenLayout() {
        StateLayout layout = new StateLayout(3, 2);
        int[][] q = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(q[a][b], layout.q(a, b), "Q" + a + b);
            }
            assertEquals(q[a][a], layout.diagonal(a));
        }
        int[][] r = {{6, 7}, {8, 9}, {10, 11}};
        for (int a = 0; a < 3; a++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(r[a][k], layout.r(a, k), "R" + a + k);
            }
        }
        assertEquals(6, layout.qSize());
        assertEquals(12, layout.dimension());
    }

    @Test
    void agreesWithTheColumnNamesForSeveralSizes() {
        for (int p = 1; p <= 5; p++) {
            for (int ps = 1; ps <= 3; ps++) {
                StateLayout layout = new StateLayout(p, ps);
                String[] names = Overlaps.stateNames(p, ps);
                assertEquals(names.length, layout.dimension());
                for (int a = 0; a < p; a++) {
                    for (int b = a; b < p; b++) {
                        assertEquals("Q_" + (a + 1) + "_" + (b + 1), names[layout.q(a, b)]);
                    }
                    for (int k = 0; k < ps; k++) {
                        assertEquals("R_" + (a + 1) + "_" + (k + 1), names[layout.r(a, k)]);
                    }
                }
            }
        }
    }

    @Test
    void largestDiagonalIsTheLargestNormAndInfiniteWhenOneIsNotFinite() {
        StateLayout layout = new StateLayout(2, 1);
        assertEquals(3.0, layout.largestDiagonal(new double[] {1, 9, -3, 7, 7}));
        assertEquals(Double.POSITIVE_INFINITY, layout.largestDiagonal(new double[] {1, 0, Double.NaN, 0, 0}));
        assertArrayEquals(new int[] {0, 2}, new int[] {layout.diagonal(0), layout.diagonal(1)});
        assertThrows(IllegalArgumentException.class, () -> new StateLayout(0, 1));
    }
}
