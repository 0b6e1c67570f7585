package dev.overlap.papers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one list of reproductions: every part of every paper, in the order the CLI, its help, the README and
 * papers/README.md show them ({@code CatalogueDocsTest} in cli checks the two READMEs against it). Building the list
 * does no work: a part computes only when {@link Reproducible#run()} is called.
 */
public final class Catalogue {

    /** Every part, grouped by paper in the order of {@link Paper}, in display order. */
    public static final List<Reproducible> PARTS = List.of(
            new Saad1995(),
            new Bocchi2026(),
            new Bocchi2026Escape(),
            new Bocchi2026Symmetry(),
            new Bocchi2026Hessian(),
            new Bocchi2026Late(),
            new Bocchi2026FiniteN(),
            new Shen2024Bound(),
            new Shen2024Grid(),
            new Zhou2021(),
            new Simsek2021Counts(),
            new Simsek2021Connectivity(),
            new Simsek2021Check(),
            new Sareen2026Hessian(),
            new Sareen2026Sweep());

    private Catalogue() {
    }

    /** @return the keys of the papers that have parts, in display order */
    public static List<String> papers() {
        Set<String> keys = new LinkedHashSet<>();
        PARTS.forEach(p -> keys.add(p.paper().key()));
        return List.copyOf(keys);
    }

    /** @return the parts of the paper with key {@code paper}, in display order (empty for an unknown key) */
    public static List<Reproducible> partsOf(String paper) {
        List<Reproducible> out = new ArrayList<>();
        for (Reproducible p : PARTS) {
            if (p.paper().key().equals(paper)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * @return the part {@code part} of the paper with key {@code paper}
     * @throws IllegalArgumentException for a pair that is not in {@link #PARTS}
     */
    public static Reproducible find(String paper, String part) {
        for (Reproducible p : partsOf(paper)) {
            if (p.name().equals(part)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no reproduction '" + part + "' of '" + paper + "'");
    }

    /**
     * Runs one reproduction, {@code find(paper, part).run()}.
     *
     * @return its result
     * @throws IllegalArgumentException for a pair that is not in {@link #PARTS}
     */
    public static Reproduction run(String paper, String part) {
        return find(paper, part).run();
    }
}
