package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleStatisticsTest {

    @Test
    void matchesNumPysDefaults() {
        // numpy: mean 5.5, std(ddof=1) 3.0276503540974917, quantile(.1) 1.9, median 5.5, quantile(.9) 9.1
        SampleStatistics s = SampleStatistics.of(new double[] {7, 2, 9, 1, 10, 4, 3, 8, 6, 5});
        assertEquals(5.5, s.mean(), 1e-15);
        assertEquals(3.0276503540974917, s.std(), 1e-15);
        assertEquals(3.0276503540974917 / Math.sqrt(10), s.sem(), 1e-15);
        assertEquals(5.5, s.median(), 1e-15);
        assertEquals(1.9, s.q10(), 1e-15);
        assertEquals(9.1, s.q90(), 1e-15);
    }

    @Test
    void singleValueHasNoSpread() {
        SampleStatistics s = SampleStatistics.of(new double[] {0.25});
        assertEquals(0.25, s.mean());
        assertEquals(0.25, s.q10());
        assertTrue(Double.isNaN(s.std()) && Double.isNaN(s.sem()));
    }
}
