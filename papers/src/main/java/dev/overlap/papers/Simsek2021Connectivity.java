package dev.overlap.papers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Şimşek et al. 2021, part {@code connectivity}: the intersection graph of the T(r*, m) global-minimum subspaces
 * ({@link SubspaceGraph}) for r* = 1…4, m = r*…r* + 2: r*! isolated points at m = r*, one component from m = r* + 1,
 * the structural rule against the exact test for r* ≤ 3, and the drawing of the r* = 2, m = 3 graph.
 */
public final class Simsek2021Connectivity implements Reproducible {

    /** The catalogue's instance; it does no work until {@link #run()}. */
    public Simsek2021Connectivity() {
    }

    @Override
    public Paper paper() {
        return Paper.SIMSEK2021;
    }

    @Override
    public String name() {
        return "connectivity";
    }

    @Override
    public String summary() {
        return "intersection graph of the T(r*, m) subspaces: r*! points at m = r*,"
                + " one component from m = r* + 1";
    }

    @Override
    public Reproduction run() {
        return new Run().reproduce();
    }

    /** The state of one run, filled case by case. */
    private static final class Run {
        private final List<Check> checks = new ArrayList<>();
        private final List<double[]> rows = new ArrayList<>();
        private final List<double[]> edgeRows = new ArrayList<>();
        private final List<double[]> nodeRows = new ArrayList<>();
        private final StringBuilder md = new StringBuilder(
                "| r* | m | nodes T(r*, m) | edges | components | test |\n| --- | --- | --- | --- | --- | --- |\n");
        private final List<Figure> figures = new ArrayList<>();

        Reproduction reproduce() {
            for (int rStar = 1; rStar <= 4; rStar++) {
                for (int m = rStar; m <= rStar + 2; m++) {
                    graphCase(rStar, m);
                }
            }
            return new Reproduction("simsek2021", "connectivity", "Global-minimum subspaces form one connected set from"
                    + " m = r* + 1", summaryText(), checks,
                    List.of(new Table("graphs", List.of("rstar", "m", "nodes", "edges", "components", "exact",
                            "seconds"), rows),
                        new Table("nodes", List.of("rstar", "m", "node", "labels", "zero_slots", "dimension",
                            "component"), nodeRows),
                        new Table("edges", List.of("rstar", "m", "u", "v"), edgeRows)),
                    figures);
        }

        /** One (r*, m): the graph (exact for r* ≤ 3), its checks, rows and, for r* = 2, m = 3, its figure. */
        private void graphCase(int rStar, int m) {
            boolean exact = rStar <= 3;
            long t0 = System.nanoTime();
            SubspaceGraph g = SubspaceGraph.build(rStar, m, exact);
            double seconds = (System.nanoTime() - t0) * 1e-9;
            String tag = String.format(Locale.ROOT, "r*=%d m=%d", rStar, m);
            checks.add(new Check(tag + ": nodes", "T(r*, m)", SubspaceCounts.globalMinima(rStar, m).doubleValue(),
                    g.nodes().size(), 0));
            int expected = m == rStar ? Combinatorics.factorial(rStar).intValueExact() : 1;
            checks.add(new Check(tag + ": connected components", m == rStar ? "r*! isolated points" : "one manifold",
                    expected, g.components(), 0));
            if (m == rStar) {
                checks.add(new Check(tag + ": edges", "permutations do not meet", 0, g.edges().size(), 0));
            }
            if (exact) {
                exactChecksAndRows(g, tag);
            }
            if (rStar == 2 && m == 3) {
                int[] degree = g.degrees();
                checks.add(new Check(tag + ": every node has degree 2 (connected ⇒ one 12-cycle), min degree",
                        "figure", 2, Arrays.stream(degree).min().orElse(0), 0));
                checks.add(new Check(tag + ": max degree", "figure", 2, Arrays.stream(degree).max().orElse(0), 0));
                figures.add(SubspaceGraphFigure.of(g));
            }
            rows.add(new double[] {rStar, m, g.nodes().size(), g.edges().size(), g.components(), exact ? 1 : 0,
                seconds});
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %s |%n", rStar, m, g.nodes().size(),
                    g.edges().size(), g.components(), exact ? "exact and rule" : "rule"));
        }

        /** The rule against the exact test, distinct subspaces, and the node and edge lists of an exact graph. */
        private void exactChecksAndRows(SubspaceGraph g, String tag) {
            checks.add(new Check(tag + ": pairs where the rule and the exact test disagree", "rule derivation", 0,
                    g.exactMismatches(), 0));
            checks.add(new Check(tag + ": pairs of identical subspaces", "T counts distinct subspaces", 0,
                    g.equalPairs(), 0));
            for (int[] e : g.edges()) {
                edgeRows.add(new double[] {g.rStar(), g.m(), e[0], e[1]});
            }
            for (int u = 0; u < g.nodes().size(); u++) {
                int[] labels = g.nodes().get(u);
                int j = LabelMaps.zeroSlots(labels);
                nodeRows.add(new double[] {g.rStar(), g.m(), u, Long.parseLong(LabelMaps.digits(labels)), j,
                    (g.m() - g.rStar()) + j * (Simsek2021.D - 1), g.component()[u]});
            }
        }

        /** The summary paragraphs: the two tests, the table and what the graphs show. */
        private String summaryText() {
            return "The intersection graph of the global-minimum subspaces: one node per label map π (T(r*, m)"
                    + " of them), an edge where two subspaces meet.\n\n"
                    + "Exact test. Each subspace is instantiated as A θ = b, θ = (w_1…w_m, a_1…a_m) ∈ ℚ^{m(d+1)}, d = " + Simsek2021.D
                    + ", for the integer minimal network w* = " + Arrays.deepToString(Simsek2021.TEACHER_W) + ", a* = "
                    + Arrays.toString(Simsek2021.TEACHER_A) + " (first r* rows). Two subspaces meet iff the stacked system is"
                    + " consistent, rank A = rank [A | b], decided by fraction-free elimination in exact integer arithmetic."
                    + " The same elimination shows that no two label maps give the same subspace.\n\n"
                    + "Structural rule (derived in the Javadoc). Γ_π and Γ_ρ meet iff no slot carries two different neurons"
                    + " and every neuron keeps a slot that both maps give to it: then Σ over the shared slots of a_k = a*_i"
                    + " satisfies both sum constraints, the other slots of neuron i being zero type in one of the maps. The"
                    + " rule agrees with the exact test on every pair for r* ≤ 3. For r* = 4 only the rule is used.\n\n"
                    + md + "\n"
                    + "At m = r* the r*! permutations are isolated points. From m = r* + 1 on, all subspaces form one"
                    + " connected set, as the paper states (\"adding one extra neuron … connects all these previously"
                    + " discrete minima into a single manifold\"). For r* = 2, m = 3 the graph is a single 12-cycle that"
                    + " alternates between the 6 subspaces without a zero-type slot (dimension 1, e.g. π = 112) and the 6 with"
                    + " one (dimension 2, e.g. π = 102): 112 meets 102 and 012 and nothing else. Two maps without zero slots"
                    + " always disagree on some slot, and two with one zero slot each never share a slot for both neurons."
                    + " The figure draws it on an arc, each edge as part of one closed walk along the edges. Edge list:"
                    + " connectivity_edges.csv"
                    + " (node ids as in connectivity_nodes.csv; labels are the digits of π, 0 = zero type).";
        }
    }
}
