package dev.overlap.cli;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.cli.format.Numbers;
import dev.overlap.ode.finiten.EscapeTimeLaw;
import dev.overlap.papers.Figure;
import dev.overlap.validation.EscapeComparison;

/** The outputs of {@code overlap escape}: CSV, JSON, the table on stdout and the two-panel figure. */
final class EscapeReports {

    /** Predicted columns, in this order, then {@code matching_alpha}. */
    static final String[] COLUMNS = {"N", "mean", "sd", "q10", "q50", "q90"};
    /** Simulation columns, added with --simulate. */
    static final String[] SIM_COLUMNS = {"sim_mean", "sim_sem", "sim_sd", "ks_pvalue", "sim_escaped"};

    private EscapeReports() {
    }

    private static boolean simulated(EscapeComparison.Report r) {
        return r.perN().get(0).simulatedRun();
    }

    static String csv(EscapeComparison.Report r) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append(",matching_alpha");
        if (simulated(r)) {
            sb.append(',').append(String.join(",", SIM_COLUMNS));
        }
        sb.append('\n');
        for (EscapeComparison.AtN a : r.perN()) {
            EscapeTimeLaw.Prediction p = a.prediction();
            sb.append(p.n());
            for (double v : new double[] {p.mean(), p.sd(), p.q10(), p.q50(), p.q90(), p.matchingAlpha()}) {
                Numbers.append(sb.append(','), v);
            }
            if (a.simulatedRun()) {
                for (double v : new double[] {a.simMean(), a.simSem(), a.simSd(), a.ksPValue()}) {
                    Numbers.append(sb.append(','), v);
                }
                sb.append(',').append(a.simulated().length);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static ObjectNode json(EscapeComparison.Report r, int samples, int seeds, long masterSeed, double wallSeconds) {
        ObjectNode root = Reports.JSON.createObjectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "overlap");
        tool.put("version", Versions.overlap());
        tool.put("java", Versions.java());
        root.put("command", "escape");
        EscapeTimeLaw law = r.law();
        root.set("spec", Reports.spec(r.law().spec()));
        root.put("escape_fraction", law.escapeFraction());
        root.put("samples", samples);
        root.put("sampling", "Sobol quasi-random points through the inverse normal CDF and the square root of Sigma_eff");
        root.put("diffusion", law.diffusionMethod());
        ObjectNode plateau = root.putObject("plateau");
        plateau.put("eps_g", law.plateauEpsG());
        plateau.put("escape_rate", law.escapeRate());
        plateau.put("unstable_directions", law.unstableDirections());
        ObjectNode large = root.putObject("large_n");
        large.put("form", "mean = ln(N)/(2 gamma) + c");
        large.put("gamma", law.escapeRate());
        large.put("c", r.largeNConstant());
        if (seeds > 0) {
            root.put("simulate", seeds);
            root.put("engine", "overlaps");
            root.put("master_seed", masterSeed);
            root.put("seed_rule", SimulationReports.SEED_RULE);
        }
        ArrayNode per = root.putArray("per_N");
        for (EscapeComparison.AtN a : r.perN()) {
            EscapeTimeLaw.Prediction p = a.prediction();
            ObjectNode o = per.addObject();
            o.put("N", p.n());
            number(o, "mean", p.mean());
            number(o, "sd", p.sd());
            number(o, "q10", p.q10());
            number(o, "q50", p.q50());
            number(o, "q90", p.q90());
            o.put("matching_alpha", p.matchingAlpha());
            ArrayNode cdf = o.putArray("predicted_sorted_escape_alphas");
            for (double v : p.sortedTimes()) {
                if (Double.isFinite(v)) {
                    cdf.add(v);
                } else {
                    cdf.addNull();
                }
            }
            if (a.simulatedRun()) {
                number(o, "sim_mean", a.simMean());
                number(o, "sim_sem", a.simSem());
                number(o, "sim_sd", a.simSd());
                number(o, "ks_pvalue", a.ksPValue());
                o.put("sim_seeds", a.seeds());
                o.put("sim_escaped", a.simulated().length);
                o.put("sim_wall_seconds", a.wallSeconds());
                ArrayNode s = o.putArray("sim_sorted_escape_alphas");
                for (double v : a.simulated()) {
                    s.add(v);
                }
            }
        }
        if (seeds > 0) {
            ObjectNode crit = root.putObject("criteria");
            crit.put("mean_se_bound", EscapeComparison.MEAN_SE_BOUND);
            crit.put("ks_family_wise_level", EscapeComparison.KS_LEVEL);
            root.put("verdict", r.verdict());
            ArrayNode f = root.putArray("findings");
            r.findings().forEach(f::add);
        }
        root.put("wall_seconds", wallSeconds);
        return root;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    static List<String> text(EscapeComparison.Report r) {
        EscapeTimeLaw law = r.law();
        List<String> lines = new ArrayList<>();
        lines.add("overlap escape: " + law.spec().describe());
        double c = r.largeNConstant();
        lines.add(String.format(Locale.ROOT, "  plateau ε_g* = %.6g, γ = %.6g (%s), D: %s;"
                + " large N: mean ≈ ln N/(2γ) %s %.4g", law.plateauEpsG(), law.escapeRate(),
                Words.count(law.unstableDirections(), "unstable direction"),
                law.diffusionMethod(), c < 0 ? "−" : "+", Math.abs(c)));
        boolean sim = simulated(r);
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%10s %8s %7s %8s %8s %8s %7s", "N", "mean", "sd",
                "q10", "q50", "q90", "α_m"));
        if (sim) {
            h.append(String.format(Locale.ROOT, "  %8s %7s %7s %9s %8s", "sim_mean", "sim_sem", "sim_sd", "ks_pvalue",
                    "escaped"));
        }
        lines.add(h.toString());
        for (EscapeComparison.AtN a : r.perN()) {
            EscapeTimeLaw.Prediction p = a.prediction();
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%10d %8.4g %7.3g %8.4g %8.4g %8.4g %7.3g",
                    p.n(), p.mean(), p.sd(), p.q10(), p.q50(), p.q90(), p.matchingAlpha()));
            if (a.simulatedRun()) {
                b.append(String.format(Locale.ROOT, "  %8.4g %7.2g %7.3g %9.3g %4d/%-4d", a.simMean(), a.simSem(),
                        a.simSd(), a.ksPValue(), a.simulated().length, a.seeds()));
            }
            lines.add(b.toString());
        }
        return lines;
    }

    /** Left: predicted (lines) and simulated (dashed) CDFs per N; right: mean escape α against ln N. */
    static byte[] plot(EscapeComparison.Report r) {
        List<Figure.Series> cdfs = new ArrayList<>();
        for (EscapeComparison.AtN a : r.perN()) {
            EscapeTimeLaw.Prediction p = a.prediction();
            double[][] pc = cdfCurve(p.sortedTimes());
            cdfs.add(new Figure.Series("N = " + p.n() + " predicted", pc[0], pc[1], null, Figure.Style.LINE));
            if (a.simulatedRun() && a.simulated().length > 0) {
                double[] sim = java.util.Arrays.copyOf(a.simulated(), a.seeds());
                java.util.Arrays.fill(sim, a.simulated().length, a.seeds(), Double.POSITIVE_INFINITY);
                double[][] sc = cdfCurve(sim);
                cdfs.add(new Figure.Series("N = " + p.n() + " simulated (" + Words.count(a.seeds(), "seed") + ")", sc[0], sc[1], null,
                        Figure.Style.DASHED));
            }
        }
        Figure left = new Figure("escape-cdf", "Escape time CDF: " + r.law().spec().describe(), "escape α",
                "P(α_esc ≤ α)", false, false, cdfs);
        int m = r.perN().size();
        double[] lnN = new double[m];
        double[] mean = new double[m];
        double[] sd = new double[m];
        double[] simMean = new double[m];
        double[] simSem = new double[m];
        for (int i = 0; i < m; i++) {
            EscapeComparison.AtN a = r.perN().get(i);
            lnN[i] = Math.log(a.prediction().n());
            mean[i] = a.prediction().mean();
            sd[i] = a.prediction().sd();
            simMean[i] = a.simMean();
            simSem[i] = a.simSem();
        }
        double c = r.largeNConstant();
        double[] line = new double[m];
        for (int i = 0; i < m; i++) {
            line[i] = lnN[i] / (2 * r.law().escapeRate()) + c;
        }
        List<Figure.Series> means = new ArrayList<>();
        means.add(new Figure.Series("predicted mean ± SD", lnN, mean, sd, Figure.Style.LINE));
        means.add(new Figure.Series(String.format(Locale.ROOT, "ln N/(2γ) + c, γ = %.4g", r.law().escapeRate()), lnN,
                line, null, Figure.Style.DASHED));
        if (simulated(r)) {
            means.add(new Figure.Series("simulated mean ± SE", lnN, simMean, simSem, Figure.Style.MARKERS));
        }
        Figure right = new Figure("escape-mean", "Mean escape α against ln N", "ln N", "mean escape α", false, false,
                means);
        org.knowm.xchart.XYChart cdf = Plots.chart(left, new double[] {0, 1},
                org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        // one colour per N: predicted solid, simulated dashed
        java.util.Map<String, java.awt.Color> colours = new java.util.HashMap<>();
        for (org.knowm.xchart.XYSeries s : cdf.getSeriesCollection()) {
            String name = s.getName();
            int cut = name.indexOf(name.contains(" predicted") ? " predicted" : " simulated");
            if (name.startsWith("N = ") && cut > 0) {
                java.awt.Color colour = colours.computeIfAbsent(name.substring(0, cut),
                        k -> ChartStyle.PALETTE[colours.size() % ChartStyle.PALETTE.length]);
                s.setLineColor(colour);
            }
        }
        BufferedImage a = Plots.image(cdf);
        BufferedImage b = Plots.image(Plots.chart(right, null, null));
        BufferedImage both = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(both, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UserError("cannot render the plot: " + e.getMessage(), e);
        }
    }

    /** The empirical CDF of sorted values at the levels 0.005, 0.015, …, 0.995 (x = quantile, y = level). */
    private static double[][] cdfCurve(double[] sorted) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double q = (i + 0.5) / 100;
            double x = EscapeTimeLaw.Prediction.quantile(sorted, q);
            if (Double.isFinite(x)) {
                pts.add(new double[] {x, q});
            }
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }
}
