package dev.overlap.ode;

import java.util.Locale;

import dev.overlap.model.SpecException;

/** The time-stepping method of {@link OverlapSolver}. */
public enum Integrator {
    /** Hipparchus' explicit Dormand–Prince 8(5,3) with its 7th-order continuous output. */
    DP853,
    /**
     * RODAS4 ({@link Rodas4Stepper}): linearly implicit, order 4, L-stable; its step is not limited by the
     * fastest stable rate, so it wins in long stiff tails (large α) where the explicit step stalls.
     */
    ROSENBROCK;

    /**
     * {@code dp853} or {@code rosenbrock}.
     *
     * @return the flag value
     */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A description for output metadata.
     *
     * @return the integrator's name and tolerances as written in the outputs
     */
    public String description() {
        return this == DP853 ? "DormandPrince853 (Hipparchus), dense output"
                : "RODAS4 (Rosenbrock, order 4(3), L-stable), dense output of order 3";
    }

    /**
     * @return the integrator of that flag value
     * @throws SpecException for an unknown name
     */
    public static Integrator parse(String s) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Integrator i : values()) {
            if (i.flag().equals(k)) {
                return i;
            }
        }
        throw SpecException.mentioning("unknown {integrator} '" + s + "': use dp853 or rosenbrock", null);
    }
}
