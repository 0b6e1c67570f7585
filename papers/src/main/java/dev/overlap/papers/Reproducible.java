package dev.overlap.papers;

/**
 * One reproduced claim of one paper: what the catalogue lists, the CLI's help prints and {@code overlap reproduce
 * KEY PART} runs. To add a reproduction, implement this interface (a class named for the paper and the claim, with a
 * public no-argument constructor that does no work) and add an instance to {@link Catalogue#PARTS}; the README and
 * papers/README.md must then name it ({@code CatalogueDocsTest} in cli checks both).
 */
public interface Reproducible {

    /** @return the paper this part reproduces */
    Paper paper();

    /** @return the part name, e.g. {@code escape}; unique within its paper, never {@code all} */
    String name();

    /** @return what it reproduces, one line (the CLI's help wraps it) */
    String summary();

    /**
     * Runs the reproduction: computes, compares predictions with measurements, and builds the tables and figures.
     * Deterministic (fixed seeds); may take minutes.
     *
     * @return the result, whose {@link Reproduction#key()} and {@link Reproduction#part()} are this part's
     */
    Reproduction run();

    /** @return {@code "KEY PART"}, e.g. {@code "bocchi2026 escape"}, as typed after {@code overlap reproduce} */
    default String id() {
        return paper().key() + " " + name();
    }
}
