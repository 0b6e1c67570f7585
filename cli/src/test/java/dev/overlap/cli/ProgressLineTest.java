package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

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

    /** A phase that reports α again (the tail refinement) is named on its α lines, which follow the plain ones. */
    @Test
    void aLaterPhaseThatReportsAlphaIsNamedOnItsLines() {
        StringWriter text = new StringWriter();
        try (ProgressLine line = ProgressLine.startAlphaIfWanted("solve", "finding the plateau", 1000,
                new PrintWriter(text), true)) {
            assertTrue(line.render().startsWith("solve: finding the plateau ("), line.render());
            ProgressLine.alphaSink(line).accept(400);
            assertTrue(line.render().startsWith("solve: α = 400.0 of 1000 (40%)"), line.render());
            line.enterPhase("refining the tail");
            assertTrue(line.render().startsWith("solve: refining the tail ("), line.render());
            ProgressLine.alphaSink(line).accept(250);
            assertTrue(line.render().startsWith("solve: refining the tail: α = 250.0 of 1000 (25%)"), line.render());
        }
    }
}
