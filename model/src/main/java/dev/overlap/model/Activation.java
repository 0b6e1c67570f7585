package dev.overlap.model;

import java.util.Locale;

/**
 * A hidden-unit activation σ with its derivative σ'. Implementations are immutable and stateless.
 * The theory for an activation lives with the dynamics that implement it; this type only names it and
 * evaluates σ, σ' (what a finite-N simulator needs).
 */
public interface Activation {

    /** Stable identifier, as accepted by {@link #parse(String)} and recorded in every output. */
    String name();

    /** σ(z). */
    double value(double z);

    /** σ'(z). */
    double derivative(double z);

    /** σ(z) = z², σ'(z) = 2z: the main case, for which the overlap ODEs are exact polynomials. */
    Activation QUADRATIC = new Activation() {
        @Override
        public String name() {
            return "quadratic";
        }

        @Override
        public double value(double z) {
            return z * z;
        }

        @Override
        public double derivative(double z) {
            return 2 * z;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /**
     * Parses an activation name.
     *
     * @throws SpecException for an unknown name
     */
    static Activation parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("quadratic") || key.equals("square")) {
            return QUADRATIC;
        }
        throw new SpecException("unknown activation '" + name + "': supported: quadratic");
    }
}
