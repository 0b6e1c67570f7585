package dev.overlap.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.overlap.model.Overlaps;

/** A 4×4 covariance of (λ_1, λ_2, ν_1, ν_2) read entry by entry into Q, R and T. */
class CovarianceBlocksTest {

    @Test
    void blocksAreReadWhereTheyStand() {
        double[][] c = {
            {1.0, 0.2, 0.3, 0.4},
            {0.2, 2.0, 0.5, 0.6},
            {0.3, 0.5, 3.0, 0.7},
            {0.4, 0.6, 0.7, 4.0}};
        Overlaps o = CovarianceBlocks.split(c, 2);
        assertEquals(2, o.p());
        assertEquals(2, o.pstar());
        assertEquals(1.0, o.q(0, 0));
        assertEquals(0.2, o.q(0, 1));
        assertEquals(2.0, o.q(1, 1));
        assertEquals(0.3, o.r(0, 0));
        assertEquals(0.4, o.r(0, 1));
        assertEquals(0.5, o.r(1, 0));
        assertEquals(0.6, o.r(1, 1));
        assertEquals(3.0, o.t(0, 0));
        assertEquals(0.7, o.t(0, 1));
        assertEquals(4.0, o.t(1, 1));
    }
}
