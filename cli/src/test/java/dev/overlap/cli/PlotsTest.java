package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;

/**
 * The learning-curve plot of {@code solve --plot} and {@code demo} marks what the run did: the plateau interval only
 * when the run was on the plateau, its level labelled inside the plot, and a divergence even when it happened before
 * the second grid point.
 */
class PlotsTest {

    private static Trajectory solve(ModelSpec.Builder b, AlphaGrid grid) {
        ModelSpec spec = b.p(3).pstar(2).init(new InitialCondition.Random(2000, 1.0, 1L)).build();
        return new OverlapSolver(SolverOptions.DEFAULTS).solve(spec, grid);
    }

    private static XYSeries series(XYChart chart, String name) {
        return chart.getSeriesCollection().stream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
    }

    private static List<String> names(XYChart chart) {
        return chart.getSeriesCollection().stream().filter(XYSeries::isShowInLegend).map(XYSeries::getName)
                .collect(Collectors.toList());
    }

    @Test
    void aRunOnThePlateauShadesItsIntervalAndMarksEntryAndEscape() {
        Trajectory t = solve(ModelSpec.builder().lrPerWidth(0.05), AlphaGrid.log(0.01, 100, 201));
        assertNotNull(t.events().plateau().alpha());
        XYChart chart = Plots.learningCurveChart(t, true);
        List<String> names = names(chart);
        XYSeries band = series(chart, names.stream().filter(n -> n.startsWith("on the plateau")).findFirst()
                .orElseThrow(() -> new AssertionError(names.toString())));
        double[] bx = band.getXData();
        assertEquals(t.events().plateau().alpha(), Arrays.stream(bx).min().orElseThrow(), 0);
        assertEquals(t.events().plateau().alphaExit(), Arrays.stream(bx).max().orElseThrow(), 0);
        assertTrue(names.stream().anyMatch(n -> n.startsWith("plateau entered, α = ")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("escape (ε_g = 0.50·ε_g*), α = ")), names.toString());
        assertTrue(chart.getStyler().getAntiAlias());
    }

    @Test
    void aRunThatNeverReachesThePlateauHasNoPlateauIntervalAndItsLevelLabelStaysInside() {
        Trajectory t = solve(ModelSpec.builder().lrPerWidth(0.05), AlphaGrid.log(0.01, 1, 101));
        assertNull(t.events().plateau().alpha(), "the run ends before the plateau");
        XYChart chart = Plots.learningCurveChart(t, true);
        List<String> names = names(chart);
        assertFalse(chart.getSeriesCollection().stream().anyMatch(s -> s.getXYSeriesRenderStyle()
                .orElse(XYSeries.XYSeriesRenderStyle.Line) == XYSeries.XYSeriesRenderStyle.PolygonArea),
                "no shaded interval: " + names);
        assertTrue(names.stream().anyMatch(n -> n.startsWith("plateau ε_g* = 0.7016 (never within 2% of it)")),
                names.toString());
        assertLabelInsideAndClearOfTheCurve(t, chart);
        Trajectory full = solve(ModelSpec.builder().lrPerWidth(0.05), AlphaGrid.log(0.01, 100, 201));
        double late = assertLabelInsideAndClearOfTheCurve(full, Plots.learningCurveChart(full, true));
        assertTrue(late > 28.0896, "right of the plateau's exit at α = 28.09: " + late);
    }

    /**
     * The "ε_g* = …" label's centre lies inside both axes, within 30 pixels of the level line, and over the label's
     * width (±7 % of the α axis) the curve keeps 5 pixels away from it (pixels: the y axis's decades over the 440
     * pixels of the plot's height); returns the label's α.
     */
    private static double assertLabelInsideAndClearOfTheCurve(Trajectory t, XYChart chart) {
        List<Double> x = new java.util.ArrayList<>();
        List<Double> y = new java.util.ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (t.alphas()[i] > 0) {
                x.add(t.alphas()[i]);
                y.add(t.epsG()[i]);
            }
        }
        double[] at = Plots.plateauLabel(t.events(), x, y, true);
        double label = at[0];
        double height = at[1];
        double yMin = chart.getStyler().getYAxisMin();
        double yMax = chart.getStyler().getYAxisMax();
        assertTrue(label > chart.getStyler().getXAxisMin() && label < chart.getStyler().getXAxisMax(), "α = " + label);
        assertTrue(height > yMin && height < yMax, "ε_g = " + height);
        double pixel = Math.log10(yMax / yMin) / 440;
        assertTrue(Math.abs(Math.log10(height / t.events().plateau().epsG())) < 30 * pixel, "near the level line");
        double span = Math.log(x.get(x.size() - 1) / x.get(0));
        for (int i = 0; i < x.size(); i++) {
            if (Math.abs(Math.log(x.get(i) / label)) / span <= 0.07) {
                assertTrue(Math.abs(Math.log10(y.get(i) / height)) > 5 * pixel,
                        "the curve at α = " + x.get(i) + " crosses the label");
            }
        }
        return label;
    }

    @Test
    void theLevelLabelMovesOffACurveThatEndsOnThePlateau() {
        Trajectory t = solve(ModelSpec.builder().activation(dev.overlap.model.Activation.parse("erf"))
                .normalisation(dev.overlap.model.Normalisation.SUM).lr(0.5), AlphaGrid.log(0.01, 30, 151));
        assertLabelInsideAndClearOfTheCurve(t, Plots.learningCurveChart(t, true));
    }

    @Test
    void aDivergenceBeforeTheFirstGridPointIsStillPlottedAndMarked() {
        Trajectory t = solve(ModelSpec.builder().lr(20), AlphaGrid.log(0.01, 100, 201));
        assertNotNull(t.events().divergence());
        assertTrue(Arrays.stream(t.alphas()).filter(a -> a > 0).count() < 2, "diverges before two rows with α > 0");
        XYChart chart = Plots.learningCurveChart(t, true);
        assertFalse(chart.getStyler().isXAxisLogarithmic(), "α = 0 is drawn on a linear axis");
        assertTrue(names(chart).stream().anyMatch(n -> n.startsWith("diverged at α = ")), names(chart).toString());
        assertTrue(chart.getStyler().getXAxisMin() <= 0 && chart.getStyler().getXAxisMax() > 0);
        assertTrue(Plots.learningCurve(t, true).length > 1000, "a PNG is rendered");
    }

    @Test
    void aLaterDivergenceKeepsTheLogAxisAndIsMarked() {
        Trajectory t = solve(ModelSpec.builder().lr(2), AlphaGrid.log(0.01, 100, 201));
        double a = t.events().divergence().alpha();
        XYChart chart = Plots.learningCurveChart(t, true);
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        XYSeries div = series(chart, "diverged at α = " + ModelSpec.compact(a));
        assertNotNull(div, names(chart).toString());
        assertEquals(a, div.getXData()[0], 0);
        assertTrue(a <= chart.getStyler().getXAxisMax());
    }
}
