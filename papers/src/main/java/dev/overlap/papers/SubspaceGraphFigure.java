package dev.overlap.papers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The drawing of a {@link SubspaceGraph}: nodes on a three-quarter circle (the lower-left quadrant, where the legend
 * sits, left empty) in the order of their first visit by {@link SubspaceGraph#edgeWalk}, so that paths and cycles run
 * around the arc; one line series per component (its closed edge walk) and one marker series per number j of
 * zero-type slots (subspace dimension h + j(d − 1)).
 */
final class SubspaceGraphFigure {

    private SubspaceGraphFigure() {
    }

    /** @return the figure {@code graph} of {@code g}, for subspaces in ℝ^d with d = {@link Simsek2021#D} */
    static Figure of(SubspaceGraph g) {
        int n = g.nodes().size();
        int[] order = arcOrder(g);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int u = 0; u < n; u++) {
            double angle = Math.PI * (-0.5 + 1.5 * order[u] / Math.max(1, n - 1));
            x[u] = Math.cos(angle);
            y[u] = Math.sin(angle);
        }
        List<Figure.Series> series = new ArrayList<>(edgeSeries(g, x, y));
        series.addAll(nodeSeries(g, x, y));
        return new Figure("graph", String.format(Locale.ROOT, "Intersection graph of the %d global-minimum subspaces,"
                + " r* = %d, m = %d: %d edges, %d component(s); j = zero-type slots", n, g.rStar(), g.m(),
                g.edges().size(), g.components()), "", "", false, false, series);
    }

    /** @return each node's position on the arc: the order of first visit by the edge walks, component by component */
    private static int[] arcOrder(SubspaceGraph g) {
        int n = g.nodes().size();
        int[] order = new int[n];
        Arrays.fill(order, -1);
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (order[start] >= 0) {
                continue;
            }
            for (int u : g.edgeWalk(start)) {
                if (order[u] < 0) {
                    order[u] = next++;
                }
            }
        }
        return order;
    }

    /** @return one line per component with an edge, along its closed edge walk */
    private static List<Figure.Series> edgeSeries(SubspaceGraph g, double[] x, double[] y) {
        List<Figure.Series> series = new ArrayList<>();
        boolean[] drawn = new boolean[g.components()];
        for (int u = 0; u < g.nodes().size(); u++) {
            int c = g.component()[u];
            if (drawn[c]) {
                continue;
            }
            drawn[c] = true;
            List<Integer> walk = g.edgeWalk(u);
            if (walk.size() < 2) {
                continue;
            }
            double[] wx = new double[walk.size()];
            double[] wy = new double[walk.size()];
            for (int k = 0; k < walk.size(); k++) {
                wx[k] = x[walk.get(k)];
                wy[k] = y[walk.get(k)];
            }
            series.add(new Figure.Series(String.format(Locale.ROOT, "edges, component %d", c + 1), wx, wy, null,
                    Figure.Style.LINE));
        }
        return series;
    }

    /** @return the nodes as markers, one series per number j = 0…h of zero-type slots */
    private static List<Figure.Series> nodeSeries(SubspaceGraph g, double[] x, double[] y) {
        List<Figure.Series> series = new ArrayList<>();
        int h = g.m() - g.rStar();
        for (int j = 0; j <= h; j++) {
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int u = 0; u < g.nodes().size(); u++) {
                if (LabelMaps.zeroSlots(g.nodes().get(u)) == j) {
                    px.add(x[u]);
                    py.add(y[u]);
                }
            }
            series.add(new Figure.Series(String.format(Locale.ROOT, "j = %d, dim %d (%d)", j, h + j * (Simsek2021.D - 1),
                    px.size()), px.stream().mapToDouble(Double::doubleValue).toArray(),
                    py.stream().mapToDouble(Double::doubleValue).toArray(), null, Figure.Style.MARKERS));
        }
        return series;
    }
}
