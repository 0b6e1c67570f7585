package dev.overlap.cli;

import java.util.Locale;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.SpecException;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.RhsKind;
import dev.overlap.symbolic.Derivation;

/**
 * The widths beyond which {@code overlap solve} refuses to start, with the reason and the measured cost, instead of
 * running for hours or running out of memory half-way. (The symbolic derivation has its own limit,
 * {@link Derivation#checkSize}, applied here too when
 * the equations are symbolic.)
 */
final class LargeSizes {

    /**
     * Largest p + p* for the quadratic activation with the closed-form right-hand side: each evaluation costs
     * O(p (p + p*)²), the Dormand–Prince state has p(p+1)/2 + p p* entries and each table row as many columns.
     * Measured with the defaults (--alpha-max 100, 201 points, p* = 2; CPU time of the whole command, about 700
     * right-hand-side evaluations each): 8.6 s at p = 100, 36 s at p = 200, 76 s and 2.8 GB at p = 298. p = 1000
     * would need about 40 × the right-hand-side work of p = 298 and a table of 201 rows × 502,506 columns (some 2 GB
     * of CSV).
     */
    static final int SOLVE_MAX_FIELDS_QUADRATIC = 300;

    /**
     * Largest p for the other activations (erf, polynomials other than z²): their plateau's stability comes from
     * the eigenvalues of the dense Jacobian of all p(p+1)/2 + p p* overlaps, and at the permutation-symmetric
     * plateau of erf Hipparchus' Schur iteration does not converge on its degenerate spectrum from p = 10 on (measured
     * with p* = 2: p = 6 in 2.5 s and p = 8 in 3.7 s CPU time; p = 10, 11, 12 and 20 fail after 6 to 77 s).
     */
    static final int SOLVE_MAX_P_OTHER = 8;

    private LargeSizes() {
    }

    /**
     * @throws SpecException if the widths are beyond what {@code solve} can do for this activation and evaluator
     */
    static void checkSolve(ModelSpec spec, RhsKind kind) {
        int p = spec.p();
        int ps = spec.pstar();
        boolean quadratic = ActivationTheory.of(spec.activation()).rotationSymmetric();
        if (kind == RhsKind.SYMBOLIC && spec.activation() instanceof PolynomialActivation sigma) {
            Derivation.checkSize(p, ps, sigma);
        }
        if (quadratic && kind == RhsKind.CLOSED_FORM) {
            if (p + ps > SOLVE_MAX_FIELDS_QUADRATIC) {
                throw new SpecException(String.format(Locale.ROOT, "solve is limited to p + p* <= %d for the quadratic"
                        + " activation (got %d + %d): each right-hand-side evaluation costs O(p (p + p*)^2) and the"
                        + " state has p(p+1)/2 + p p* = %d entries; measured (CPU time, p* = 2) 8.6 s at"
                        + " p = 100, 36 s at p = 200, 76 s and 2.8 GB at p = 298", SOLVE_MAX_FIELDS_QUADRATIC, p, ps, dimension(p, ps)));
            }
            return;
        }
        if (!quadratic && p > SOLVE_MAX_P_OTHER) {
            throw new SpecException(String.format(Locale.ROOT, "solve is limited to p <= %d for %s (got %d): the"
                    + " plateau's stability needs the eigenvalues of the dense Jacobian of the p(p+1)/2 + p p* overlaps,"
                    + " and for erf their Schur iteration fails to converge from p = 10 on (3.7 s at p = 8, p* = 2)",
                    SOLVE_MAX_P_OTHER, spec.activation().name(), p));
        }
    }

    private static long dimension(int p, int ps) {
        return (long) p * (p + 1) / 2 + (long) p * ps;
    }
}
