package dev.overlap.ode;

import java.util.Locale;

import dev.overlap.model.SpecException;

/** Which evaluator of the right-hand side to use. */
public enum RhsKind {
    /** The closed matrix form (quadratic activation only). */
    CLOSED_FORM,
    /** The equations derived symbolically and compiled (any polynomial activation of degree ≤ 4). */
    SYMBOLIC;

    /**
     * {@code closed-form} or {@code symbolic}.
     *
     * @return the name of this evaluator as the CLI flag takes it
     */
    public String flag() {
        return this == CLOSED_FORM ? "closed-form" : "symbolic";
    }

    public static RhsKind parse(String s) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (RhsKind r : values()) {
            if (r.flag().equals(k)) {
                return r;
            }
        }
        throw SpecException.mentioning("unknown {rhs} '" + s + "': use closed-form or symbolic", null);
    }
}
