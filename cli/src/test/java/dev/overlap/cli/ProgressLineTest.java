package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void ratesBelowTenKeepTwoDigitsAndLargeOnesAreCounts() {
        assertEquals("0", ProgressLine.rate(0));
        assertEquals("0.62", ProgressLine.rate(0.624));
        assertEquals("3.1", ProgressLine.rate(3.14159));
        assertEquals("12", ProgressLine.rate(12.4));
        assertEquals("1.23M", ProgressLine.rate(1_234_567));
    }

    @Test
    void countsUseThreeSignificantDigitsAboveTenThousand() {
        assertEquals("9999", ProgressLine.count(9999));
        assertEquals("12.3k", ProgressLine.count(12_345));
        assertEquals("1.00G", ProgressLine.count(999_500_000));
    }
}
