package dev.overlap.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.cli.format.Numbers;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.Trajectory;
import dev.overlap.ode.TrajectoryColumns;
import dev.overlap.validation.Comparison;
import dev.overlap.validation.Engine;
import dev.overlap.validation.FiniteNComparison;
import dev.overlap.validation.SampleStatistics;
import dev.overlap.validation.SeedTrajectory;
import dev.overlap.validation.SgdSimulator;
import dev.overlap.validation.SimulationResult;

/** CSV, JSON and text renderings of simulations and comparisons. These only read. */
final class SimulationReports {

    /** The statistics columns of {@code overlap simulate}, before the overlap means. */
    static final String[] EPS_COLUMNS = {"alpha", "eps_g_mean", "eps_g_std", "eps_g_sem", "eps_g_median", "eps_g_q10",
        "eps_g_q90"};

    /** The columns of {@code overlap compare}'s CSV. */
    static final String[] COMPARE_COLUMNS = {"N", "alpha", "eps_g_sim_mean", "eps_g_sim_sem", "eps_g_sim_q10",
        "eps_g_sim_q90", "eps_g_ode_mean", "deviation", "deviation_se", "z", "eps_g_ode_isotropic"};

    /** Columns added by the finite-N theory (--theory finite-n): predicted mean and sd across seeds, and its z. */
    static final String[] FINITE_N_COLUMNS = {"eps_g_finite_n_mean", "eps_g_finite_n_sd", "z_finite_n"};

    /** How seeds and streams are derived, recorded in every output. */
    static final String SEED_RULE = "seed_k = master_seed + k; streams of seed_k: 0 teacher, 1 initial student, "
            + "2 inputs, 3 label noise (XoRoShiRo128++, Ziggurat Gaussian); overlaps engine: 5 initial overlaps"
            + " (exact law), 6 field components and chi-square per step, 3 label noise";

    private SimulationReports() {
    }

    /** Columns of the simulate CSV: the ε_g statistics, then {@code Q_1_1_mean, …, R_p_pstar_mean}. */
    static String[] simulateColumns(ModelSpec spec) {
        String[] names = Overlaps.stateNames(spec.p(), spec.pstar());
        String[] c = new String[EPS_COLUMNS.length + names.length];
        System.arraycopy(EPS_COLUMNS, 0, c, 0, EPS_COLUMNS.length);
        for (int i = 0; i < names.length; i++) {
            c[EPS_COLUMNS.length + i] = names[i] + "_mean";
        }
        return c;
    }

    /** The simulate table: one row per recorded α common to all seeds. */
    static String simulateCsv(SimulationResult r) {
        StringBuilder sb = new StringBuilder(String.join(",", simulateColumns(r.spec()))).append('\n');
        double[] alphas = r.alphas();
        for (int i = 0; i < r.rows(); i++) {
            SampleStatistics s = r.epsGStatistics(i);
            appendRow(sb, new double[] {alphas[i], s.mean(), s.std(), s.sem(), s.median(), s.q10(), s.q90()},
                    r.meanState(i));
        }
        return sb.toString();
    }

    /** One seed's table, with the columns of {@code overlap solve}. */
    static String seedCsv(SeedTrajectory s) {
        StringBuilder sb = new StringBuilder(String.join(",", s.columns())).append('\n');
        for (int i = 0; i < s.size(); i++) {
            appendRow(sb, s.row(i));
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, double[]... parts) {
        boolean first = true;
        for (double[] part : parts) {
            for (double v : part) {
                if (!first) {
                    sb.append(',');
                }
                Numbers.append(sb, v);
                first = false;
            }
        }
        sb.append('\n');
    }

    private static ObjectNode tool() {
        ObjectNode tool = Reports.JSON.createObjectNode();
        tool.put("name", "overlap");
        tool.put("version", Versions.overlap());
        tool.put("java", Versions.java());
        tool.put("hipparchus", Versions.hipparchus());
        return tool;
    }

    /** The simulate sidecar: spec, seeds, per-seed escape times, speed, wall time, columns. */
    static ObjectNode simulateJson(SimulationResult r, SgdSimulator sim, String gridDescription) {
        ObjectNode root = Reports.JSON.createObjectNode();
        root.set("tool", tool());
        root.put("command", "simulate");
        root.set("spec", Reports.spec(r.spec()));
        root.put("engine", r.engine().flag());
        root.put("N", r.n());
        root.put("master_seed", r.masterSeed());
        root.put("seeds", r.seeds().size());
        root.put("seed_rule", SEED_RULE);
        root.put("start", sim.givenStart() ? "given: every seed starts from the spec's initial overlaps"
                : "random: each seed draws its own initial overlaps");
        root.put("threads", r.threads());
        root.put("grid", gridDescription);
        root.put("recording", "alpha = round(grid alpha * N) steps / N; " + (r.engine() == Engine.WEIGHTS
                ? "overlaps recomputed from the weights there;" : "overlaps of the exact overlap chain;")
                + " eps_g exact from the overlaps");
        root.put("steps_per_seed", sim.stepsPerSeed());
        root.put("total_steps", r.totalSteps());
        root.put("steps_per_second", r.stepsPerSecond());
        root.put("ns_per_step_per_thread", nsPerStepPerThread(r));
        root.put("ns_per_step_N_per_thread", nsPerStepPerThread(r) / r.n());
        root.put("wall_seconds", r.wallSeconds());
        ObjectNode esc = root.putObject("escape");
        esc.put("definition", "first alpha with eps_g <= fraction * plateau eps_g of the seed's own initial state");
        esc.put("fraction", r.escapeFraction());
        esc.put("resolution_steps", r.escapeStride());
        double[] escapes = r.escapeAlphas();
        esc.put("escaped", escapes.length);
        putNumber(esc, "alpha_mean", escapes.length == 0 ? Double.NaN : SampleStatistics.mean(escapes));
        putNumber(esc, "alpha_sd", SampleStatistics.standardDeviation(escapes,
                escapes.length == 0 ? Double.NaN : SampleStatistics.mean(escapes)));
        ArrayNode seeds = root.putArray("per_seed");
        for (SeedTrajectory s : r.seeds()) {
            ObjectNode o = seeds.addObject();
            o.put("k", s.index());
            o.put("seed", s.seed());
            putNullable(o, "escape_alpha", s.escapeAlpha());
            putNumber(o, "plateau_eps_g", s.plateauEpsG());
            putNullable(o, "divergence_alpha", s.divergenceAlpha());
            Overlaps start = s.overlaps(0);
            ObjectNode init = o.putObject("initial_overlaps");
            init.set("Q", Reports.matrix(start.studentOverlap()));
            init.set("R", Reports.matrix(start.studentTeacherOverlap()));
            init.set("T", Reports.matrix(start.teacherOverlap()));
        }
        root.put("rows", r.rows());
        ArrayNode cols = root.putArray("columns");
        for (String c : simulateColumns(r.spec())) {
            cols.add(c);
        }
        return root;
    }

    /** Wall time per step and thread, everything included (set-up, recording, events). */
    private static double nsPerStepPerThread(SimulationResult r) {
        return 1e9 * r.wallSeconds() * r.threads() / (double) r.totalSteps();
    }

    /** One line for a person: model, size, speed, escape and final error. */
    static String simulateSummary(SimulationResult r, SgdSimulator sim) {
        StringBuilder sb = new StringBuilder();
        boolean chain = r.engine() == Engine.OVERLAPS;
        sb.append(r.spec().describe()).append(String.format(Locale.ROOT,
                ". Engine %s, N = %d, %s (master seed %d), %d steps each: %s steps in %.2f s (",
                r.engine().flag(), r.n(), Words.count(r.seeds().size(), "seed"), r.masterSeed(), sim.stepsPerSeed(),
                ProgressLine.count(r.totalSteps()), r.wallSeconds()));
        if (r.totalSteps() > 0) {
            sb.append(String.format(Locale.ROOT, "%s steps/s, %.2f ns per %s per thread, ", c(r.stepsPerSecond()),
                    chain ? nsPerStepPerThread(r) : nsPerStepPerThread(r) / r.n(), chain ? "step" : "step·N"));
        }
        sb.append(Words.count(r.threads(), "thread")).append("). ");
        double[] escapes = r.escapeAlphas();
        if (escapes.length > 0) {
            double m = SampleStatistics.mean(escapes);
            sb.append(String.format(Locale.ROOT, "Escape (ε_g ≤ %s·ε_g*) at α = %s ± %s (SD; %d/%d seeds). ",
                    c(r.escapeFraction()), c(m), c(escapes.length > 1 ? SampleStatistics.standardDeviation(escapes, m) : 0),
                    escapes.length, r.seeds().size()));
        } else {
            sb.append("No seed escaped (ε_g ≤ ").append(c(r.escapeFraction())).append("·ε_g*) within the run. ");
        }
        int last = r.rows() - 1;
        if (last >= 0) {
            SampleStatistics s = r.epsGStatistics(last);
            sb.append("ε_g(").append(c(r.alphas()[last])).append(") = ").append(c(s.mean()));
            if (r.seeds().size() > 1) {
                sb.append(" ± ").append(c(s.sem())).append(" (SE)");
            }
            sb.append('.');
        }
        return sb.toString();
    }

    /**
     * For the quadratic activation: the mean over seeds, at the last compared α, of the distance to the closest
     * zero-loss solution ({@code dist_closest}) and of the relative drift of the conserved matrix K since α = 0
     * ({@code K_*} columns; exactly 0 for gradient flow, not for SGD), for the simulation and for the per-seed
     * theory.
     */
    private static void symmetryColumns(ObjectNode o, Comparison.AtN a) {
        String[] names = TrajectoryColumns.names(a.simulation().spec());
        List<Integer> kCols = new ArrayList<>();
        int dist = -1;
        for (int i = 0; i < names.length; i++) {
            if (names[i].startsWith("K_")) {
                kCols.add(i);
            } else if (names[i].equals("dist_closest")) {
                dist = i;
            }
        }
        if (kCols.isEmpty()) {
            return;
        }
        double[] simulation = new double[2];
        for (SeedTrajectory seed : a.simulation().seeds()) {
            accumulate(seed.row(0), seed.row(seed.size() - 1), kCols, dist, simulation);
        }
        double[] theory = new double[2];
        for (Trajectory t : a.theory()) {
            accumulate(t.row(0), t.row(t.size() - 1), kCols, dist, theory);
        }
        int n = a.simulation().seeds().size();
        int m = a.theory().size();
        ObjectNode k = o.putObject("conserved_K_relative_drift");
        k.put("definition", "max_rs |K_rs(last) - K_rs(0)| / max_rs |K_rs(0)|, mean over seeds; K is conserved by"
                + " gradient flow, not with the eta^2 term");
        putNumber(k, "simulation_mean", simulation[0] / n);
        putNumber(k, "theory_mean", theory[0] / m);
        if (dist >= 0) {
            ObjectNode d = o.putObject("dist_closest_last");
            putNumber(d, "simulation_mean", simulation[1] / n);
            putNumber(d, "theory_mean", theory[1] / m);
        }
    }

    /** Adds the relative drift of the K columns (into sums[0]) and the last dist_closest (into sums[1]). */
    private static void accumulate(double[] first, double[] last, List<Integer> kCols, int dist, double[] sums) {
        double num = 0;
        double den = 0;
        for (int c : kCols) {
            num = Math.max(num, Math.abs(last[c] - first[c]));
            den = Math.max(den, Math.abs(first[c]));
        }
        sums[0] += num / den;
        if (dist >= 0) {
            sums[1] += last[dist];
        }
    }

    /** The compare table (long format: one row per N and α). */
    static String compareCsv(Comparison.Report report) {
        Map<Double, Double> iso = isotropicByAlpha(report.isotropic());
        boolean finite = report.theory() == Comparison.Theory.FINITE_N;
        StringBuilder sb = new StringBuilder(String.join(",", COMPARE_COLUMNS));
        if (finite) {
            sb.append(',').append(String.join(",", FINITE_N_COLUMNS));
        }
        sb.append('\n');
        for (int k = 0; k < report.perN().size(); k++) {
            Comparison.AtN a = report.perN().get(k);
            FiniteNComparison f = finite ? report.finiteN().get(k) : null;
            for (int i = 0; i < a.alphas().length; i++) {
                SampleStatistics s = a.simulationStatistics()[i];
                Double isoEps = iso.get(a.alphas()[i]);
                double[] row = {a.n(), a.alphas()[i], s.mean(), s.sem(), s.q10(), s.q90(), a.theoryMean()[i],
                    a.deviation()[i], a.deviationSe()[i], a.z()[i], isoEps == null ? Double.NaN : isoEps};
                if (f != null && i < f.alphas().length) {
                    appendRow(sb, row, new double[] {f.prediction().mean()[i], f.prediction().sd()[i], f.z()[i]});
                } else if (f != null) {
                    appendRow(sb, row, new double[] {Double.NaN, Double.NaN, Double.NaN});
                } else {
                    appendRow(sb, row);
                }
            }
        }
        return sb.toString();
    }

    private static Map<Double, Double> isotropicByAlpha(Trajectory t) {
        Map<Double, Double> m = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            m.put(t.alphas()[i], t.epsG()[i]);
        }
        return m;
    }

    /** The compare document: spec, seeds, criteria, per-N statistics and escapes, scaling, verdict. */
    static ObjectNode compareJson(Comparison.Report report, int seeds, double isotropicR0, double wallSeconds,
            String gridDescription) {
        ObjectNode root = Reports.JSON.createObjectNode();
        root.set("tool", tool());
        root.put("command", "compare");
        root.set("spec", Reports.spec(report.spec()));
        root.put("engine", report.perN().get(0).simulation().engine().flag());
        root.put("master_seed", report.perN().get(0).simulation().masterSeed());
        root.put("seeds", seeds);
        root.put("seed_rule", SEED_RULE);
        root.put("grid", gridDescription);
        ArrayNode ns = root.putArray("N");
        report.perN().forEach(a -> ns.add(a.n()));
        ObjectNode crit = root.putObject("criteria");
        crit.put("family_wise_error_rate", report.criteria().familyWiseErrorRate());
        crit.put("z_bound", "Student t quantile with seeds-1 dof at 1 - rate/(2 m), m = rows with SE > 0");
        crit.put("max_scaling_exponent", report.criteria().maxScalingExponent());
        ArrayNode per = root.putArray("per_N");
        for (Comparison.AtN a : report.perN()) {
            ObjectNode o = per.addObject();
            o.put("N", a.n());
            o.put("max_abs_z", a.maxAbsZ());
            putNumber(o, "max_abs_z_alpha", a.maxAbsZAlpha());
            o.put("z_bound", a.zBound());
            o.put("compared_rows", a.comparedRows());
            o.put("z_within_bound", a.zWithinBound());
            o.put("max_abs_deviation", a.maxAbsDeviation());
            putNumber(o, "max_abs_deviation_alpha", a.maxAbsDeviationAlpha());
            o.set("escape_simulation", escape(a.simulationEscape()));
            o.set("escape_theory", escape(a.theoryEscape()));
            symmetryColumns(o, a);
            ArrayNode sim = o.putArray("per_seed_escape_simulation");
            a.simulation().seeds().forEach(s -> addNullable(sim, s.escapeAlpha()));
            ArrayNode th = o.putArray("per_seed_escape_theory");
            a.theory().forEach(t -> addNullable(th, t.events().escape() == null ? null : t.events().escape().alpha()));
            o.put("steps_per_second", a.simulation().stepsPerSecond());
            o.put("simulation_wall_seconds", a.simulation().wallSeconds());
        }
        putNumber(root, "scaling_exponent", report.scalingExponent());
        ObjectNode iso = root.putObject("isotropic_reference");
        iso.put("q0", report.isotropic().overlaps(0).q(0, 0));
        iso.put("r0", isotropicR0);
        Trajectory t = report.isotropic();
        putNullable(iso, "escape_alpha", t.events().escape() == null ? null : t.events().escape().alpha());
        root.put("theory", report.theory().flag());
        if (report.theory() == Comparison.Theory.FINITE_N) {
            ArrayNode fin = root.putArray("finite_n");
            for (FiniteNComparison fc : report.finiteN()) {
                ObjectNode o = fin.addObject();
                o.put("N", fc.n());
                o.put("max_abs_z", fc.maxAbsZ());
                putNumber(o, "max_abs_z_alpha", fc.maxAbsZAlpha());
                o.put("z_bound", fc.zBound());
                o.put("compared_rows", fc.comparedRows());
                o.put("matching_alpha", fc.prediction().matchingAlpha());
                ObjectNode esc = o.putObject("escape");
                putNumber(esc, "predicted_mean", fc.prediction().escape().mean());
                putNumber(esc, "predicted_sd", fc.prediction().escape().sd());
                putNumber(esc, "simulated_mean", fc.simulatedEscapeMean());
                esc.put("escaped", fc.escaped());
                putNumber(esc, "mean_z", fc.escapeZ());
                esc.put("ks_pvalue", fc.ksPValue());
                esc.put("ks_bound", fc.ksBound());
                o.put("agree", fc.agree());
            }
            ArrayNode odeF = root.putArray("ode_findings");
            report.odeFindings().forEach(odeF::add);
        }
        root.put("verdict", report.verdict());
        ArrayNode f = root.putArray("findings");
        report.findings().forEach(f::add);
        root.put("wall_seconds", wallSeconds);
        ArrayNode cols = root.putArray("columns");
        for (String c : COMPARE_COLUMNS) {
            cols.add(c);
        }
        if (report.theory() == Comparison.Theory.FINITE_N) {
            for (String c : FINITE_N_COLUMNS) {
                cols.add(c);
            }
        }
        return root;
    }

    private static ObjectNode escape(Comparison.EscapeSummary e) {
        ObjectNode o = Reports.JSON.createObjectNode();
        putNumber(o, "mean", e.mean());
        putNumber(o, "sd", e.sd());
        o.put("escaped", e.escaped());
        o.put("seeds", e.seeds());
        return o;
    }

    /** The printed comparison: a header, one line per N, the scaling, and the verdict line last. */
    static List<String> compareText(Comparison.Report report, int seeds) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("overlap compare: " + report.spec().describe() + ", " + Words.count(seeds, "seed") + " per N (master seed "
                + report.perN().get(0).simulation().masterSeed() + ", engine "
                + report.perN().get(0).simulation().engine().flag() + ", theory " + report.theory().flag() + ")");
        if (report.theory() == Comparison.Theory.FINITE_N) {
            lines.add("finite-N theory (the verdict):");
            lines.add(String.format(Locale.ROOT, "%8s %8s %8s %9s  %-26s %-26s %9s", "N", "max|z|", "z_max", "at α",
                    "escape α ± SD, simulation", "escape α ± SD, predicted", "KS p"));
            for (int k = 0; k < report.perN().size(); k++) {
                FiniteNComparison f = report.finiteN().get(k);
                lines.add(String.format(Locale.ROOT, "%8d %8.3g %8.3g %9s  %-26s %-26s %9.3g", f.n(), f.maxAbsZ(),
                        f.zBound(), c(f.maxAbsZAlpha()), escapeText(report.perN().get(k).simulationEscape()),
                        String.format(Locale.ROOT, "%.4g ± %.2g", f.prediction().escape().mean(),
                                f.prediction().escape().sd()), f.ksPValue()));
            }
            lines.add("N → ∞ ODE from each seed's own start (reported, not the verdict):");
        }
        lines.add(String.format(Locale.ROOT, "%8s %8s %8s %9s %11s %9s  %-26s %-26s", "N", "max|z|", "z_max", "at α",
                "max|D|", "at α", "escape α ± SD, simulation", "escape α ± SD, theory"));
        for (Comparison.AtN a : report.perN()) {
            lines.add(String.format(Locale.ROOT, "%8d %8.3g %8.3g %9s %11.3e %9s  %-26s %-26s", a.n(), a.maxAbsZ(),
                    a.zBound(), c(a.maxAbsZAlpha()), a.maxAbsDeviation(), c(a.maxAbsDeviationAlpha()),
                    escapeText(a.simulationEscape()), escapeText(a.theoryEscape())));
        }
        if (!Double.isNaN(report.scalingExponent())) {
            lines.add(String.format(Locale.ROOT, "deviation scaling: max|D| ∝ N^%.3f (theory: N^-0.5)",
                    report.scalingExponent()));
        }
        if (report.theory() == Comparison.Theory.FINITE_N) {
            boolean odeAgree = report.perN().stream().allMatch(Comparison.AtN::zWithinBound)
                    && (Double.isNaN(report.scalingExponent())
                            || report.scalingExponent() <= report.criteria().maxScalingExponent());
            lines.add("per-seed ODE alone: " + (odeAgree ? "would AGREE" : "would DISAGREE") + " ("
                    + String.join("; ", report.odeFindings()) + ")");
        }
        lines.add(report.verdict() + ": " + String.join("; ", report.findings()));
        return lines;
    }

    private static String escapeText(Comparison.EscapeSummary e) {
        if (e.escaped() == 0) {
            return "none (0/" + e.seeds() + ")";
        }
        return String.format(Locale.ROOT, "%.4g ± %.2g (%d/%d)", e.mean(), Double.isNaN(e.sd()) ? 0.0 : e.sd(),
                e.escaped(), e.seeds());
    }

    private static String c(double x) {
        return ModelSpec.compact(x);
    }

    private static void putNullable(ObjectNode n, String key, Double v) {
        if (v == null || !Double.isFinite(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static void addNullable(ArrayNode a, Double v) {
        if (v == null) {
            a.addNull();
        } else {
            a.add(v);
        }
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
