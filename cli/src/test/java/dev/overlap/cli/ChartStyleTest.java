package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

class ChartStyleTest {

    private static List<String> labels(List<Double> values) {
        Function<Double, String> f = ChartStyle.labeller(values);
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(f.apply(v));
        }
        return out;
    }

    @Test
    void numberFormat() {
        assertEquals("0.7", ChartStyle.format(0.7, false));
        assertEquals("0.05", ChartStyle.format(0.05, false));
        assertEquals("2000", ChartStyle.format(2000, false));
        assertEquals("0.3", ChartStyle.format(0.1 + 0.2, false));
        assertEquals("0", ChartStyle.format(-0.0, false));
        assertEquals("1e-4", ChartStyle.format(1e-4, true));
        assertEquals("2.5e-12", ChartStyle.format(2.5e-12, true));
        assertEquals("3e6", ChartStyle.format(3e6, true));
        assertEquals("-5e-3", ChartStyle.format(-0.005, true));
        assertEquals("1", ChartStyle.format(1, true));
        assertEquals("5", ChartStyle.format(5, true));
        assertEquals("1e-3", ChartStyle.format(0.001, true));
    }

    @Test
    void oneAxisNeverMixesPlainAndExponentForms() {
        assertTrue(ChartStyle.scientific(List.of(1e-4, 1e-3, 1e-2)));
        assertEquals(List.of("1e-4", "1e-3", "1e-2"), labels(List.of(1e-4, 1e-3, 1e-2)));
        assertFalse(ChartStyle.scientific(List.of(0.001, 0.01, 0.1, 1.0)));
        assertEquals(List.of("0.001", "0.01", "0.1", "1"), labels(List.of(0.001, 0.01, 0.1, 1.0)));
        assertTrue(ChartStyle.scientific(List.of(0.0, 1e5)));
        for (String s : labels(List.of(1e-5, 1e-4, 1e-3, 0.01, 0.1, 1.0))) {
            assertFalse(s.contains("E") || s.startsWith("0.0"), s);
        }
    }

    @Test
    void narrowLogRangeGetsLabelsAroundThePlateau() {
        ChartStyle.LogTicks t = ChartStyle.logTicks(0.69, 0.71, 440, ChartStyle.MIN_GAP_Y);
        assertEquals(0.6, t.min(), 1e-15);
        assertEquals(0.8, t.max(), 1e-15);
        assertEquals(List.of(0.6, 0.7, 0.8), t.labelled());
        assertEquals(List.of("0.6", "0.7", "0.8"), labels(t.labelled()));
        // XChart asks for a label at every m·10^k, with float noise: only the chosen ones get text
        Function<Double, String> f = ChartStyle.labeller(t.labelled());
        assertEquals("0.7", f.apply(0.1 + 0.6000000000000001));
        assertEquals("", f.apply(0.65));
        assertEquals("", f.apply(0.5));
    }

    @Test
    void aDecadeOrTwoGetsTwoAndFiveTimesTenToTheK() {
        ChartStyle.LogTicks t = ChartStyle.logTicks(0.0026, 0.83, 440, ChartStyle.MIN_GAP_Y);
        assertTrue(t.labelled().containsAll(List.of(0.01, 0.1, 0.005, 0.02, 0.05, 0.2, 0.5)), t.toString());
        assertEquals(1.0, t.max(), 1e-15, "the top is widened to the next label when that is cheap");
        assertTrue(t.min() <= 0.0026 && t.max() >= 0.83);
        // the plateau value 0.7 is labelled when the axis spans about two decades
        ChartStyle.LogTicks u = ChartStyle.logTicks(0.003, 0.85, 440, ChartStyle.MIN_GAP_Y);
        assertTrue(u.labelled().contains(0.7), u.toString());
    }

    @Test
    void everyDecadeIsLabelledOverTwelveDecades() {
        ChartStyle.LogTicks t = ChartStyle.logTicks(1e-12, 1, 440, ChartStyle.MIN_GAP_Y);
        assertEquals(1e-12, t.min(), 1e-27);
        assertEquals(1, t.max(), 0);
        List<Double> decades = new ArrayList<>();
        for (int k = -12; k <= 0; k++) {
            decades.add(Double.parseDouble("1e" + k));
        }
        assertEquals(decades, t.labelled());
        List<String> l = labels(t.labelled());
        assertEquals("1e-12", l.get(0));
        assertEquals("1e-1", l.get(11));
        assertEquals("1", l.get(12));
    }

    @Test
    void manyDecadesAreThinnedToKeepLabelsApart() {
        double pixels = 440;
        ChartStyle.LogTicks t = ChartStyle.logTicks(3e-31, 2, pixels, ChartStyle.MIN_GAP_Y);
        assertTrue(t.min() <= 3e-31 && t.max() >= 2);
        double perDecade = pixels / Math.log10(t.max() / t.min());
        List<Double> l = t.labelled();
        assertTrue(l.size() >= 5 && l.size() < 31, l.toString());
        for (int i = 1; i < l.size(); i++) {
            assertTrue(Math.log10(l.get(i) / l.get(i - 1)) * perDecade >= ChartStyle.MIN_GAP_Y, l.toString());
        }
    }

    @Test
    void linearTicksAreCleanAndFew() {
        ChartStyle.LinearTicks cdf = ChartStyle.linearTicks(0.005, 0.995, 11);
        assertEquals(0, cdf.min(), 0);
        assertEquals(1, cdf.max(), 1e-15);
        assertEquals(0.1, cdf.step(), 1e-15);
        assertEquals(11, cdf.ticks().size());
        ChartStyle.LinearTicks alpha = ChartStyle.linearTicks(0, 2000, 10);
        assertEquals(500, alpha.step(), 0);
        assertEquals(List.of(0.0, 500.0, 1000.0, 1500.0, 2000.0), alpha.ticks());
        ChartStyle.LinearTicks odd = ChartStyle.linearTicks(28.7, 73.8, 10);
        assertTrue(odd.ticks().size() <= 10 && odd.min() <= 28.7 && odd.max() >= 73.8);
        Function<Double, String> f = ChartStyle.linearLabeller(cdf);
        assertEquals("0.3", f.apply(0.30000000000000004));
        assertEquals("0", f.apply(1e-17));
        assertEquals("1", f.apply(1.0));
    }

    @Test
    void finishSetsLimitsLabelsAndAntialiasing() {
        XYChart chart = new XYChartBuilder().width(900).height(560).build();
        ChartStyle.base(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.addSeries("plateau", new double[] {1, 2, 3, 4}, new double[] {0.71, 0.70, 0.695, 0.69});
        ChartStyle.finish(chart, null);
        assertTrue(chart.getStyler().getAntiAlias());
        assertEquals(0.6, chart.getStyler().getYAxisMin(), 1e-15);
        assertEquals(0.8, chart.getStyler().getYAxisMax(), 1e-15);
        assertEquals("0.7", chart.getStyler().getYAxisTickLabelsFormattingFunction().apply(0.7));
        assertEquals(1.0, chart.getStyler().getXAxisMin(), 0);
        assertEquals(4.0, chart.getStyler().getXAxisMax(), 0);
        assertTrue(chart.getStyler().getLegendPosition() != LegendPosition.OutsideE);
    }
}
