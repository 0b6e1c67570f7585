package dev.overlap.symbolic;

import java.util.ArrayList;
import java.util.List;

import dev.overlap.model.StateLayout;

/**
 * The variables of the overlap equations for widths (p, p*), with their indices in {@link Poly} and their
 * names ({@code Q[a,b]}, {@code R[a,r]}, {@code T[r,s]}, 1-based, upper triangles of the symmetric Q and T).
 *
 * <p>Layout: first the flat ODE state in the order of {@code Overlaps} (Q row by row for a ≤ b, then R
 * row-major), then T (r ≤ s), then the parameters {@code eta}, {@code Delta}, and the normalisation
 * constants {@code kappa_s}, {@code kappa_t} (substituted by their values before export when rational).
 */
public final class OverlapVariables {

    private final int p;
    private final int pstar;
    private final List<String> names = new ArrayList<>();
    private final int stateDim;
    private final int tStart;
    private final StateLayout layout;

    public OverlapVariables(int p, int pstar) {
        this.p = p;
        this.pstar = pstar;
        this.layout = new StateLayout(p, pstar);
        for (int a = 1; a <= p; a++) {
            for (int b = a; b <= p; b++) {
                names.add("Q[" + a + "," + b + "]");
            }
        }
        for (int a = 1; a <= p; a++) {
            for (int r = 1; r <= pstar; r++) {
                names.add("R[" + a + "," + r + "]");
            }
        }
        stateDim = names.size();
        tStart = stateDim;
        for (int r = 1; r <= pstar; r++) {
            for (int s = r; s <= pstar; s++) {
                names.add("T[" + r + "," + s + "]");
            }
        }
        names.add("eta");
        names.add("Delta");
        names.add("kappa_s");
        names.add("kappa_t");
    }

    public int p() {
        return p;
    }

    public int pstar() {
        return pstar;
    }

    /**
     * Number of state variables (the ODE dimension).
     *
     * @return p(p+1)/2 + p p*
     */
    public int stateDimension() {
        return stateDim;
    }

    /**
     * Number of variables of all kinds.
     *
     * @return the number of Q, R, T entries plus the parameters η, Δ, κ_s, κ_t: the range of the variable indices
     */
    public int count() {
        return names.size();
    }

    /**
     * Number of distinct T entries, p*(p*+1)/2.
     *
     * @return p*(p*+1)/2
     */
    public int teacherCount() {
        return pstar * (pstar + 1) / 2;
    }

    public String name(int v) {
        return names.get(v);
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    /**
     * Index of Q[a][b] (0-based, any order).
     *
     * @return the variable index of Q[a][b] = Q[b][a]
     */
    public int q(int a, int b) {
        return layout.q(a, b);
    }

    /**
     * Index of R[a][r] (0-based).
     *
     * @return the variable index of R[a][r]
     */
    public int r(int a, int r) {
        return layout.r(a, r);
    }

    /**
     * Index of T[r][s] (0-based, any order).
     *
     * @return the variable index of T[r][s] = T[s][r]
     */
    public int t(int r, int s) {
        int i = Math.min(r, s);
        int j = Math.max(r, s);
        return tStart + i * pstar - i * (i - 1) / 2 + (j - i);
    }

    public int eta() {
        return tStart + teacherCount();
    }

    public int delta() {
        return eta() + 1;
    }

    public int kappaStudent() {
        return eta() + 2;
    }

    public int kappaTeacher() {
        return eta() + 3;
    }

    /**
     * The covariance entry C[i][j] of the fields Λ = (λ_1..λ_p, ν_1..ν_p*) as a variable index:
     * Q, R or T.
     *
     * @return the variable index of C[i][j] = C[j][i]
     */
    public int covariance(int i, int j) {
        if (i < p && j < p) {
            return q(i, j);
        }
        if (i >= p && j >= p) {
            return t(i - p, j - p);
        }
        return i < p ? r(i, j - p) : r(j, i - p);
    }
}
