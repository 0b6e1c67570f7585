package dev.overlap.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The scalar results a sweep keeps of each point, per command, read from the command's own outputs (its JSON
 * report and the last row of its CSV table, which is the row at α_max, or at the divergence). Every column is
 * a number, a word, or absent (empty in the CSV, null in JSON) where the run did not produce it.
 *
 * <table>
 * <caption>Result columns</caption>
 * <tr><th>command</th><th>columns</th></tr>
 * <tr><td>solve</td><td>plateau_eps_g, plateau_alpha, plateau_exit_alpha, escape_rate, escape_alpha,
 * divergence_alpha, alpha_end, eps_g_alpha_max, rhs_evaluations</td></tr>
 * <tr><td>simulate</td><td>plateau_eps_g (mean over seeds), escape_alpha_mean, escape_alpha_sd, escaped, seeds,
 * alpha_end, eps_g_alpha_max (mean over seeds), eps_g_alpha_max_sem, steps_per_second</td></tr>
 * <tr><td>compare</td><td>verdict, max_abs_z, z_bound, escape_alpha_mean, escape_alpha_sd (simulation),
 * escape_alpha_theory_mean, escape_alpha_theory_sd, escape_ks_p, alpha_end, eps_g_alpha_max (simulation mean),
 * eps_g_alpha_max_theory</td></tr>
 * <tr><td>escape</td><td>plateau_eps_g, escape_rate, escape_alpha_mean, escape_alpha_sd, escape_alpha_q10,
 * escape_alpha_q50, escape_alpha_q90, matching_alpha, escape_alpha_sim_mean, escape_alpha_sim_sd, escape_ks_p,
 * verdict</td></tr>
 * </table>
 */
public final class SweepColumns {

    /** The commands a sweep can run. */
    public static final List<String> COMMANDS = List.of("solve", "simulate", "compare", "escape");

    /** The columns every row ends with, after the results. */
    public static final List<String> TRAILER = List.of("seconds", "status", "message");

    private final Map<String, BiFunction<JsonNode, Map<String, String>, Object>> columns = new LinkedHashMap<>();

    private SweepColumns() {
    }

    /**
     * The result columns of {@code command}, one of {@link #COMMANDS}.
     *
     * @return the columns of that command
     */
    public static SweepColumns of(String command) {
        SweepColumns c = new SweepColumns();
        switch (command) {
            case "solve" -> {
                c.json("plateau_eps_g", "/events/plateau/eps_g");
                c.json("plateau_alpha", "/events/plateau/alpha");
                c.json("plateau_exit_alpha", "/events/plateau/alpha_exit");
                c.json("escape_rate", "/events/plateau/escape_rate");
                c.json("escape_alpha", "/events/escape/alpha");
                c.json("divergence_alpha", "/events/divergence/alpha");
                c.row("alpha_end", "alpha");
                c.row("eps_g_alpha_max", "eps_g");
                c.json("rhs_evaluations", "/solver/rhs_evaluations");
            }
            case "simulate" -> {
                c.columns.put("plateau_eps_g", (json, row) -> meanOver(json.path("per_seed"), "plateau_eps_g"));
                c.json("escape_alpha_mean", "/escape/alpha_mean");
                c.json("escape_alpha_sd", "/escape/alpha_sd");
                c.json("escaped", "/escape/escaped");
                c.json("seeds", "/seeds");
                c.row("alpha_end", "alpha");
                c.row("eps_g_alpha_max", "eps_g_mean");
                c.row("eps_g_alpha_max_sem", "eps_g_sem");
                c.json("steps_per_second", "/steps_per_second");
            }
            case "compare" -> {
                c.json("verdict", "/verdict");
                c.columns.put("max_abs_z", (json, row) -> value(theoryEntry(json).path("max_abs_z")));
                c.columns.put("z_bound", (json, row) -> value(theoryEntry(json).path("z_bound")));
                c.json("escape_alpha_mean", "/per_N/0/escape_simulation/mean");
                c.json("escape_alpha_sd", "/per_N/0/escape_simulation/sd");
                c.columns.put("escape_alpha_theory_mean", (json, row) -> finiteN(json)
                        ? value(theoryEntry(json).at("/escape/predicted_mean"))
                        : value(json.at("/per_N/0/escape_theory/mean")));
                c.columns.put("escape_alpha_theory_sd", (json, row) -> finiteN(json)
                        ? value(theoryEntry(json).at("/escape/predicted_sd"))
                        : value(json.at("/per_N/0/escape_theory/sd")));
                c.columns.put("escape_ks_p", (json, row) -> value(theoryEntry(json).at("/escape/ks_pvalue")));
                c.row("alpha_end", "alpha");
                c.row("eps_g_alpha_max", "eps_g_sim_mean");
                c.columns.put("eps_g_alpha_max_theory", (json, row) -> number(
                        row.getOrDefault("eps_g_finite_n_mean", row.get("eps_g_ode_mean"))));
            }
            case "escape" -> {
                c.json("plateau_eps_g", "/plateau/eps_g");
                c.json("escape_rate", "/plateau/escape_rate");
                c.json("escape_alpha_mean", "/per_N/0/mean");
                c.json("escape_alpha_sd", "/per_N/0/sd");
                c.json("escape_alpha_q10", "/per_N/0/q10");
                c.json("escape_alpha_q50", "/per_N/0/q50");
                c.json("escape_alpha_q90", "/per_N/0/q90");
                c.json("matching_alpha", "/per_N/0/matching_alpha");
                c.json("escape_alpha_sim_mean", "/per_N/0/sim_mean");
                c.json("escape_alpha_sim_sd", "/per_N/0/sim_sd");
                c.json("escape_ks_p", "/per_N/0/ks_pvalue");
                c.json("verdict", "/verdict");
            }
            default -> throw new IllegalArgumentException("a sweep runs " + String.join(", ", COMMANDS)
                    + " (got '" + command + "')");
        }
        return c;
    }

    /**
     * The result column names, in order.
     *
     * @return a new list of the column names
     */
    public List<String> names() {
        return new ArrayList<>(columns.keySet());
    }

    /**
     * The results of one run, from its JSON report (a missing node if the run wrote none) and the last row of its
     * CSV table (column → text; empty if none).
     *
     * @return column name → value (a number, a string, or null where the run gave none)
     */
    public Map<String, Object> extract(JsonNode report, Map<String, String> lastRow) {
        JsonNode json = report == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : report;
        Map<String, Object> out = new LinkedHashMap<>();
        columns.forEach((name, f) -> out.put(name, f.apply(json, lastRow)));
        return out;
    }

    private void json(String name, String pointer) {
        columns.put(name, (json, row) -> value(json.at(pointer)));
    }

    private void row(String name, String column) {
        columns.put(name, (json, row) -> number(row.get(column)));
    }

    private static boolean finiteN(JsonNode json) {
        return json.path("finite_n").isArray() && json.path("finite_n").size() > 0;
    }

    /** The entry of the theory the verdict used: finite_n[0] for the finite-N theory, else per_N[0]. */
    private static JsonNode theoryEntry(JsonNode json) {
        return finiteN(json) ? json.path("finite_n").path(0) : json.path("per_N").path(0);
    }

    private static Object value(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.isTextual() ? n.textValue() : n.toString();
    }

    private static Object number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object meanOver(JsonNode array, String field) {
        double sum = 0;
        int n = 0;
        for (JsonNode e : array) {
            JsonNode v = e.path(field);
            if (v.isNumber()) {
                sum += v.doubleValue();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }
}
