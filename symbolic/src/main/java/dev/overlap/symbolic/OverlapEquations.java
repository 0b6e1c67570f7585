package dev.overlap.symbolic;

import java.util.List;

import org.hipparchus.fraction.BigFraction;

import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;

/**
 * Derived overlap equations: for every state variable y_i (Q[a,b] for a ≤ b, then R[a,r]) the right-hand
 * side dy_i/dα, and ε_g, as exact polynomials in the variables of {@link OverlapVariables} (the state, T,
 * η, Δ). The normalisation constants κ_s, κ_t have been substituted when rational (mean, sum); for
 * {@code sqrt} they remain the symbols {@code kappa_s}, {@code kappa_t}.
 *
 * @param p             student width
 * @param pstar         teacher width
 * @param activation    σ
 * @param normalisation κ(width)
 * @param eta2          whether the η² term is included
 * @param variables     the variable table
 * @param rhs           dy_i/dα, one per state variable
 * @param epsG          ε_g = ½ E[(ŷ − y)²] on clean labels
 */
public record OverlapEquations(int p, int pstar, PolynomialActivation activation, Normalisation normalisation,
        boolean eta2, OverlapVariables variables, List<Poly> rhs, Poly epsG) {

    public OverlapEquations {
        rhs = List.copyOf(rhs);
    }

    /** κ_s and κ_t as exact rationals, or null when irrational (sqrt normalisation of a non-square width). */
    public static BigFraction rationalKappa(Normalisation n, int width) {
        switch (n) {
            case MEAN:
                return new BigFraction(1, width);
            case SUM:
                return BigFraction.ONE;
            case SQRT:
                int s = (int) Math.round(Math.sqrt(width));
                return s * s == width ? new BigFraction(1, s) : null;
            default:
                throw new AssertionError(n);
        }
    }

    /** Whether the κ symbols are still present (irrational normalisation constants). */
    public boolean symbolicKappa() {
        return epsG.contains(variables.kappaStudent()) || epsG.contains(variables.kappaTeacher());
    }

    /** ∂(dy_i/dα)/∂y_j, the Jacobian, as polynomials (row i, column j). */
    public Poly[][] jacobian() {
        int d = variables.stateDimension();
        Poly[][] j = new Poly[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                j[i][k] = rhs.get(i).derivative(k);
            }
        }
        return j;
    }

    /** Total number of terms of the right-hand sides. */
    public int termCount() {
        int n = 0;
        for (Poly q : rhs) {
            n += q.size();
        }
        return n;
    }
}
