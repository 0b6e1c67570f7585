package dev.overlap.papers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The intersection graph of the T(r*, m) global-minimum subspaces Γ_π (Şimşek et al. 2021): one node per covering
 * label map π, an edge where two subspaces meet, decided by the structural rule {@link #intersectRule} (derived in
 * {@link Simsek2021}) and, optionally, also exactly by {@link ExactAffineSystems} on the integer network
 * {@link Simsek2021#TEACHER_W}, {@link Simsek2021#TEACHER_A}.
 *
 * @param rStar           the minimal zero-loss width r*
 * @param m               the network's width
 * @param nodes           the label maps, in the order of {@link LabelMaps#labelMaps}
 * @param edges           pairs {u, v}, u &lt; v, of node indices whose subspaces meet (by the rule)
 * @param components      the number of connected components
 * @param component       the component index (0, 1, …) of each node
 * @param exactMismatches pairs where the rule and the exact test disagree (0 unless {@code exact})
 * @param equalPairs      pairs of identical subspaces by the exact test (0 unless {@code exact})
 * @param exact           whether every pair was also decided exactly
 */
record SubspaceGraph(int rStar, int m, List<int[]> nodes, List<int[]> edges, int components, int[] component,
        int exactMismatches, int equalPairs, boolean exact) {

    /**
     * Builds the graph with the structural rule; with {@code exact} it also tests every pair exactly and counts the
     * pairs where the two disagree and the pairs of identical subspaces.
     *
     * @return the graph and its components
     */
    static SubspaceGraph build(int rStar, int m, boolean exact) {
        List<int[]> nodes = LabelMaps.labelMaps(rStar, m, true);
        ExactPairs pairs = exact ? new ExactPairs(nodes, rStar) : null;
        List<int[]> edges = new ArrayList<>();
        int[] parent = new int[nodes.size()];
        Arrays.setAll(parent, u -> u);
        for (int u = 0; u < nodes.size(); u++) {
            for (int v = u + 1; v < nodes.size(); v++) {
                boolean rule = intersectRule(nodes.get(u), nodes.get(v), rStar);
                if (pairs != null) {
                    pairs.compare(u, v, rule);
                }
                if (rule) {
                    edges.add(new int[] {u, v});
                    parent[find(parent, u)] = find(parent, v);
                }
            }
        }
        int[] component = new int[nodes.size()];
        int count = label(parent, component);
        return new SubspaceGraph(rStar, m, nodes, edges, count, component, pairs == null ? 0 : pairs.mismatches,
                pairs == null ? 0 : pairs.equal, exact);
    }

    /** The exact side of {@link #build}: each node's system and rank, and the tallies of the pair tests. */
    private static final class ExactPairs {
        private final List<long[][]> systems = new ArrayList<>();
        private final int[] rank;
        private int mismatches;
        private int equal;

        ExactPairs(List<int[]> nodes, int rStar) {
            long[][] w = Arrays.copyOf(Simsek2021.TEACHER_W, rStar);
            long[] a = Arrays.copyOf(Simsek2021.TEACHER_A, rStar);
            rank = new int[nodes.size()];
            for (int u = 0; u < nodes.size(); u++) {
                long[][] s = ExactAffineSystems.system(nodes.get(u), w, a);
                systems.add(s);
                rank[u] = ExactAffineSystems.ranks(s)[0];
            }
        }

        void compare(int u, int v, boolean rule) {
            int[] s = ExactAffineSystems.ranks(ExactAffineSystems.stack(systems.get(u), systems.get(v)));
            boolean meet = s[0] == s[1];
            mismatches += meet != rule ? 1 : 0;
            equal += meet && s[0] == rank[u] && s[0] == rank[v] ? 1 : 0;
        }
    }

    /** Writes the component index of each node (numbered by first node) into {@code component}; returns the count. */
    private static int label(int[] parent, int[] component) {
        int[] id = new int[parent.length];
        Arrays.fill(id, -1);
        int count = 0;
        for (int u = 0; u < parent.length; u++) {
            int root = find(parent, u);
            if (id[root] < 0) {
                id[root] = count++;
            }
            component[u] = id[root];
        }
        return count;
    }

    /** Union–find root with path halving. */
    private static int find(int[] parent, int u) {
        while (parent[u] != u) {
            parent[u] = parent[parent[u]];
            u = parent[u];
        }
        return u;
    }

    /**
     * The structural rule: Γ_π ∩ Γ_ρ ≠ ∅ iff no slot carries two different neurons and every neuron 1…r has a slot
     * that both maps give to it.
     *
     * @return whether the two subspaces meet
     */
    static boolean intersectRule(int[] pi, int[] rho, int r) {
        boolean[] shared = new boolean[r + 1];
        for (int k = 0; k < pi.length; k++) {
            if (pi[k] != 0 && rho[k] != 0) {
                if (pi[k] != rho[k]) {
                    return false;
                }
                shared[pi[k]] = true;
            }
        }
        for (int i = 1; i <= r; i++) {
            if (!shared[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the degree of each node */
    int[] degrees() {
        int[] degree = new int[nodes.size()];
        for (int[] e : edges) {
            degree[e[0]]++;
            degree[e[1]]++;
        }
        return degree;
    }

    /**
     * A closed walk by depth-first search from {@code start} along the edges of its component.
     *
     * @return the nodes visited, starting and ending at {@code start}; every edge of the component is passed twice
     */
    List<Integer> edgeWalk(int start) {
        return edgeWalk(nodes.size(), edges, start);
    }

    /** {@link #edgeWalk(int)} on any graph with n nodes and the given edges. */
    static List<Integer> edgeWalk(int n, List<int[]> edges, int start) {
        List<List<int[]>> adj = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            adj.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.size(); e++) {
            adj.get(edges.get(e)[0]).add(new int[] {edges.get(e)[1], e});
            adj.get(edges.get(e)[1]).add(new int[] {edges.get(e)[0], e});
        }
        List<Integer> walk = new ArrayList<>();
        walk.add(start);
        walkFrom(start, adj, new boolean[n], new boolean[edges.size()], walk);
        return walk;
    }

    private static void walkFrom(int u, List<List<int[]>> adj, boolean[] seen, boolean[] used, List<Integer> walk) {
        seen[u] = true;
        for (int[] ne : adj.get(u)) {
            if (used[ne[1]]) {
                continue;
            }
            used[ne[1]] = true;
            walk.add(ne[0]);
            if (!seen[ne[0]]) {
                walkFrom(ne[0], adj, seen, used, walk);
            }
            walk.add(u);
        }
    }
}
