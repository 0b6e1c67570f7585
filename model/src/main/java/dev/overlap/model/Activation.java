package dev.overlap.model;

import java.util.Locale;

/**
 * A hidden-unit activation σ with its derivative σ'. Implementations are immutable and stateless.
 * The theory for an activation lives with the dynamics that implement it; this type names it and
 * evaluates σ, σ' (what a finite-N simulator needs).
 */
public interface Activation {

    /**
     * Stable identifier, as accepted by {@link #parse(String)} and recorded in every output.
     *
     * @return the name, e.g. {@code erf} or {@code poly:0,1,1}
     */
    String name();

    /**
     * σ(z).
     *
     * @return σ(z)
     */
    double value(double z);

    /**
     * σ'(z).
     *
     * @return σ'(z)
     */
    double derivative(double z);

    /** σ(z) = z², σ'(z) = 2z: the main case, for which the overlap ODEs have a closed matrix form. */
    PolynomialActivation QUADRATIC = PolynomialActivation.QUADRATIC;

    /**
     * Parses an activation: {@code quadratic} (σ(z) = z²), {@code erf} (erf(z/√2)), {@code relu}, {@code abs},
     * or {@code poly:c0,c1,…,c4}, the polynomial
     * σ(z) = Σ_k c_k z^k of degree ≤ 4 with coefficients written as decimals ({@code 0.5}) or fractions
     * ({@code 1/3}), taken exactly.
     *
     * @return the activation of that name
     * @throws SpecException for an unknown name or a malformed polynomial
     */
    static Activation parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("quadratic") || key.equals("square")) {
            return QUADRATIC;
        }
        if (key.equals("erf")) {
            return StandardActivation.ERF;
        }
        if (key.equals("relu")) {
            return StandardActivation.RELU;
        }
        if (key.equals("abs")) {
            return StandardActivation.ABS;
        }
        if (key.startsWith("poly:")) {
            return PolynomialActivation.parse(key.substring(5));
        }
        throw new SpecException("unknown activation '" + name + "': use quadratic, erf, relu, abs or poly:c0,c1,..."
                + " (σ(z) = Σ c_k z^k, degree ≤ " + PolynomialActivation.MAX_DEGREE + ")");
    }
}
