package dev.overlap.papers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one list of reproductions: every paper and its parts, with a one-line summary each, in the order the CLI,
 * its help, the README and papers/README.md show them ({@code CatalogueDocsTest} in cli checks the two READMEs
 * against it). {@link #run} builds a reproduction; the paper classes are loaded only then, so listing the
 * catalogue (for the help text) stays cheap.
 */
public final class Catalogue {

    /**
     * One reproduction.
     *
     * @param paper   paper key, e.g. {@code bocchi2026}
     * @param name    part name, e.g. {@code escape}
     * @param summary what it reproduces, one line
     */
    public record Part(String paper, String name, String summary) {
    }

    /** Every part, grouped by paper, in display order. */
    public static final List<Part> PARTS = List.of(
            new Part("saad1995", "plateau", "symmetric plateau of the erf soft committee machine (Saad & Solla 1995), K = 2, 3"),
            new Part("bocchi2026", "plateau", "unspecialised plateau of quadratic networks, critical learning rate"),
            new Part("bocchi2026", "escape", "escape time vs N and p under both learning-rate conventions"),
            new Part("bocchi2026", "symmetry", "conserved quantity of gradient flow, selection of the closest solution"),
            new Part("bocchi2026", "hessian", "weight-space Hessian at the plateau and on the zero-loss manifold"),
            new Part("bocchi2026", "late", "approach to zero loss (p = p*: exponential, p > p*: α^-2), stationary error"),
            new Part("bocchi2026", "finite-n", "finite-N escape time vs ln N: overlap chain against the finite-N theory,"
                    + " with label noise, against long ODE runs"),
            new Part("shen2024", "bound", "log-covering-number reduction Σ ln d_l! from permutation invariance"),
            new Part("shen2024", "grid", "parameter points vs distinct functions on a grid: ratio → d₁!"),
            new Part("zhou2021", "local", "local convergence near an aligned solution (ReLU, |z|; quadratic control)"),
            new Part("simsek2021", "counts", "global-minimum subspaces T(r*, m) vs saddle subspaces G(r, m): closed forms,"
                    + " enumeration, exact dimensions, crossover h (with --m-max: the count table only)"),
            new Part("simsek2021", "connectivity", "intersection graph of the T(r*, m) subspaces: r*! points at m = r*,"
                    + " one component from m = r* + 1"),
            new Part("simsek2021", "check", "erf network: zero loss on every T subspace, zero gradient on every G subspace,"
                    + " controls off them"),
            new Part("sareen2026", "hessian", "Hessian trace, top eigenvalue, rank, condition number at global minima vs"
                    + " width (z² closed forms, erf; second layer fixed or trained)"),
            new Part("sareen2026", "width-sweep", "time to a loss threshold vs width: gradient flow (second layer trained"
                    + " or fixed) and SGD, several seeds"));

    private Catalogue() {
    }

    /** The paper keys, in display order. */
    public static List<String> papers() {
        Set<String> keys = new LinkedHashSet<>();
        PARTS.forEach(p -> keys.add(p.paper()));
        return List.copyOf(keys);
    }

    /** The parts of {@code paper} (empty for an unknown key). */
    public static List<Part> partsOf(String paper) {
        List<Part> out = new ArrayList<>();
        for (Part p : PARTS) {
            if (p.paper().equals(paper)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Runs one reproduction.
     *
     * @throws IllegalArgumentException for a pair that is not in {@link #PARTS}
     */
    public static Reproduction run(String paper, String part) {
        return switch (paper + " " + part) {
            case "saad1995 plateau" -> Saad1995.plateau();
            case "bocchi2026 plateau" -> Bocchi2026.plateau();
            case "bocchi2026 escape" -> Bocchi2026Escape.escape();
            case "bocchi2026 symmetry" -> Bocchi2026Symmetry.symmetry();
            case "bocchi2026 hessian" -> Bocchi2026Hessian.hessian();
            case "bocchi2026 late" -> Bocchi2026Late.late();
            case "bocchi2026 finite-n" -> Bocchi2026FiniteN.finiteN();
            case "shen2024 bound" -> Shen2024.bound();
            case "shen2024 grid" -> Shen2024.grid();
            case "zhou2021 local" -> Zhou2021.local();
            case "simsek2021 counts" -> Simsek2021.counts();
            case "simsek2021 connectivity" -> Simsek2021.connectivity();
            case "simsek2021 check" -> Simsek2021.check();
            case "sareen2026 hessian" -> Sareen2026Hessian.hessian();
            case "sareen2026 width-sweep" -> Sareen2026Sweep.widthSweep();
            default -> throw new IllegalArgumentException("no reproduction '" + part + "' of '" + paper + "'");
        };
    }
}
