package dev.overlap.symbolic;

import java.util.List;

import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;

/**
 * The derived diffusion matrix D(Ω) of one-pass SGD (the leading-order covariance of the per-step increment
 * ξ = N·ΔΩ of the flat state Ω, see {@code ode.finiten.Diffusion}), as exact polynomials in the variables of
 * {@link OverlapVariables} (the state, T, η, Δ). The η² part of ξ is always included. κ_s, κ_t are substituted
 * when rational, as in {@link OverlapEquations}.
 *
 * @param p             student width
 * @param pstar         teacher width
 * @param activation    σ
 * @param normalisation κ(width)
 * @param variables     the variable table
 * @param entries       D[I,J] for I ≤ J, in row-major upper-triangle order: (0,0), (0,1), …, (0,d−1), (1,1), …
 */
public record DiffusionEquations(int p, int pstar, PolynomialActivation activation, Normalisation normalisation,
        OverlapVariables variables, List<Poly> entries) {

    public DiffusionEquations {
        entries = List.copyOf(entries);
        int d = variables.stateDimension();
        if (entries.size() != d * (d + 1) / 2) {
            throw new IllegalArgumentException("expected " + d * (d + 1) / 2 + " entries, got " + entries.size());
        }
    }

    /** Dimension d of the flat state. */
    public int dimension() {
        return variables.stateDimension();
    }

    /** Position of D[i,j] (any order) in {@link #entries()}. */
    public int index(int i, int j) {
        int a = Math.min(i, j);
        int b = Math.max(i, j);
        int d = dimension();
        return a * d - a * (a - 1) / 2 + (b - a);
    }

    /** D[i,j] (0-based state indices, any order). */
    public Poly entry(int i, int j) {
        return entries.get(index(i, j));
    }

    /** The name of D[i,j], e.g. {@code D[Q[1,1],R[1,1]]}. */
    public String entryName(int i, int j) {
        return "D[" + variables.name(Math.min(i, j)) + "," + variables.name(Math.max(i, j)) + "]";
    }

    /** Total number of terms. */
    public int termCount() {
        int n = 0;
        for (Poly q : entries) {
            n += q.size();
        }
        return n;
    }
}
