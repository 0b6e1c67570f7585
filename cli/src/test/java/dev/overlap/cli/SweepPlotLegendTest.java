package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The legend of a sweep plot writes swept values with as few digits as keep them apart. */
class SweepPlotLegendTest {

    @Test
    void aLogRangeIsShownWithFourSignificantDigits() {
        // 0.01:0.1:4:log as the sweep holds it (12 significant digits): 10^(-2 + k/3)
        List<String> values = List.of("0.01", "0.0215443469003", "0.0464158883361", "0.1");
        assertEquals("0.02154", SweepPlot.legendValue("0.0215443469003", values));
        assertEquals("0.04642", SweepPlot.legendValue("0.0464158883361", values));
        assertEquals("0.1", SweepPlot.legendValue("0.1", values));
        assertEquals("8", SweepPlot.legendValue("8", List.of("2", "4", "8")));
    }

    @Test
    void valuesThatFourDigitsWouldMergeKeepTheDigitsThatSeparateThem() {
        List<String> values = List.of("0.01", "0.010001", "0.0100002");
        assertEquals("0.010001", SweepPlot.legendValue("0.010001", values));
        assertEquals("0.0100002", SweepPlot.legendValue("0.0100002", values));
        assertEquals("0.01", SweepPlot.legendValue("0.01", values));
    }

    @Test
    void namesStayAsGiven() {
        assertEquals("poly:0,1,0.5", SweepPlot.legendValue("poly:0,1,0.5", List.of("erf", "poly:0,1,0.5")));
        assertEquals("1e-3", SweepPlot.legendValue("1e-3", List.of("1e-3", "erf")));
    }
}
