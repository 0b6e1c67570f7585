package dev.overlap.model;

import java.util.Locale;

/**
 * The second-layer normalisation κ(width) of ŷ = κ_s Σ_a σ(λ_a) and y = κ_t Σ_r σ(ν_r).
 */
public enum Normalisation {
    /** κ = 1/width (default): the output is the mean of the hidden units. */
    MEAN,
    /** κ = 1: the output is the sum of the hidden units (soft committee machine). */
    SUM,
    /** κ = 1/√width. */
    SQRT;

    /**
     * κ for a layer of the given width.
     *
     * @return κ(width): 1/width (mean), 1 (sum) or 1/√width (sqrt)
     */
    public double kappa(int width) {
        switch (this) {
            case MEAN:
                return 1.0 / width;
            case SUM:
                return 1.0;
            case SQRT:
                return 1.0 / Math.sqrt(width);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Lower-case flag value ({@code mean}, {@code sum}, {@code sqrt}).
     *
     * @return the flag value
     */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a flag value.
     *
     * @return the normalisation of that flag value
     * @throws SpecException for an unknown value
     */
    public static Normalisation parse(String s) {
        for (Normalisation n : values()) {
            if (n.flag().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        throw new SpecException("unknown normalisation '" + s + "': use mean, sum or sqrt");
    }
}
