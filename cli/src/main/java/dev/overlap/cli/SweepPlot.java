package dev.overlap.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.overlap.cli.sweep.PointRecord;
import dev.overlap.cli.sweep.SweepAxis;
import dev.overlap.cli.sweep.SweepColumns;
import dev.overlap.cli.sweep.SweepPoint;
import dev.overlap.papers.Figure;

/**
 * The plot of a sweep: a result column against the first swept flag, one line per combination of the other
 * swept flags' values (one per value of the second flag when two are swept). A column ending in {@code _mean}
 * gets ± its {@code _sd} column as error bars. The x axis is logarithmic for a log range or geometric values
 * (2, 4, 8, 16); the y axis when the values are positive and span a factor 10 or more. Points whose status is not ok, or whose value is absent, are left out.
 */
final class SweepPlot {

    private SweepPlot() {
    }

    /** Whether positive values spread over a factor 8 or more with every step a factor 1.5 or more (2, 4, 8, 16). */
    static boolean geometric(List<String> values) {
        double[] v = values.stream().mapToDouble(Double::parseDouble).sorted().toArray();
        if (v.length < 2 || v[0] <= 0 || v[v.length - 1] / v[0] < 8) {
            return false;
        }
        for (int i = 1; i < v.length; i++) {
            if (v[i] / v[i - 1] < 1.5) {
                return false;
            }
        }
        return true;
    }

    /** The default column of {@code --y}. */
    static String defaultColumn(String command) {
        return command.equals("solve") ? "escape_alpha" : "escape_alpha_mean";
    }

    /**
     * Checks a plot request before anything runs: {@code --y} names a result column of the command, and the first
     * swept flag exists and has numeric values.
     *
     * @return the column to draw
     * @throws UserError otherwise
     */
    static String check(SweepPlan plan, String yColumn) {
        String y = yColumn == null ? defaultColumn(plan.command()) : yColumn;
        List<String> names = SweepColumns.of(plan.command()).names();
        if (!names.contains(y)) {
            throw new UserError("--y " + y + " is not a result column of 'sweep " + plan.command() + "': use one of "
                    + String.join(", ", names));
        }
        List<SweepAxis> axes = plan.grid().axes();
        if (axes.isEmpty()) {
            throw new UserError("--plot needs at least one swept flag");
        }
        SweepAxis xAxis = axes.get(0);
        for (String v : xAxis.values()) {
            try {
                Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new UserError("--plot draws against the first swept flag, " + xAxis.flag()
                        + ", whose values are not numbers: put a numeric flag first");
            }
        }
        return y;
    }

    /**
     * A swept value as the legend shows it: a number with the fewest significant digits (at least 4) that keep the
     * values of its flag apart ("0.02154" for the 12-digit "0.0215443469003" of a log range), anything else as
     * given.
     *
     * @param value  the value, as the sweep holds it
     * @param values every value of the same flag (null or empty: only {@code value} itself)
     */
    static String legendValue(String value, List<String> values) {
        List<BigDecimal> all = new ArrayList<>();
        try {
            BigDecimal v = new BigDecimal(value.trim());
            for (String o : values == null ? List.of(value) : values) {
                all.add(new BigDecimal(o.trim()));
            }
            long distinct = all.stream().map(BigDecimal::stripTrailingZeros).distinct().count();
            for (int digits = 4; digits < 34; digits++) {
                MathContext mc = new MathContext(digits);
                if (all.stream().map(b -> b.round(mc).stripTrailingZeros()).distinct().count() == distinct) {
                    return v.round(mc).stripTrailingZeros().toPlainString();
                }
            }
            return value;
        } catch (NumberFormatException e) {
            return value;
        }
    }

    static byte[] png(SweepPlan plan, Map<Integer, PointRecord> records, String yColumn) {
        String y = check(plan, yColumn);
        List<String> names = SweepColumns.of(plan.command()).names();
        SweepAxis xAxis = plan.grid().axes().get(0);
        String sd = y.endsWith("_mean") ? y.substring(0, y.length() - "_mean".length()) + "_sd" : null;
        boolean bars = sd != null && names.contains(sd);
        Map<String, List<String>> axisValues = new LinkedHashMap<>();
        for (SweepAxis a : plan.grid().axes()) {
            axisValues.put(a.flag(), a.values());
        }
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (SweepPoint p : plan.grid().points()) {
            List<String> rest = new ArrayList<>();
            p.parameters().forEach((flag, value) -> {
                if (!flag.equals(xAxis.flag())) {
                    rest.add(SweepAxis.column(flag) + " = " + legendValue(value, axisValues.get(flag)));
                }
            });
            String label = rest.isEmpty() ? y : String.join(", ", rest);
            List<double[]> pts = lines.computeIfAbsent(label, k -> new ArrayList<>());
            PointRecord r = records.get(p.index());
            if (r == null || !r.ok() || !(r.results().get(y) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                continue;
            }
            double e = bars && r.results().get(sd) instanceof Number s ? s.doubleValue() : 0;
            pts.add(new double[] {Double.parseDouble(p.parameters().get(xAxis.flag())), n.doubleValue(), e});
        }
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = 0;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = 0;
        boolean positive = true;
        int count = 0;
        for (List<double[]> l : lines.values()) {
            for (double[] q : l) {
                xMin = Math.min(xMin, q[0]);
                xMax = Math.max(xMax, q[0]);
                yMin = Math.min(yMin, q[1]);
                yMax = Math.max(yMax, q[1]);
                positive &= q[0] > 0 && q[1] > 0;
                count++;
            }
        }
        if (count == 0) {
            throw new UserError("--plot: no point has a value of " + y + " to draw");
        }
        boolean logX = xAxis.log() || (positive && geometric(xAxis.values()));
        boolean logY = positive && yMax / yMin >= 10;
        List<Figure.Series> series = new ArrayList<>();
        lines.forEach((label, pts) -> {
            if (!pts.isEmpty()) {
                double[] xs = pts.stream().mapToDouble(q -> q[0]).toArray();
                double[] ys = pts.stream().mapToDouble(q -> q[1]).toArray();
                double[] es = bars ? pts.stream().mapToDouble(q -> q[2]).toArray() : null;
                series.add(new Figure.Series(label, xs, ys, es, Figure.Style.LINE_MARKERS));
            }
        });
        String title = "overlap sweep " + plan.command() + ": " + y + " against " + xAxis.column()
                + (bars ? " (bars: ± SD across seeds)" : "");
        return Plots.figure(new Figure("sweep", title, xAxis.column(), y, logX, logY, series));
    }
}
