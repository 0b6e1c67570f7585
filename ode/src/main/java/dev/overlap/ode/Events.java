package dev.overlap.ode;

/**
 * What happened along a trajectory.
 *
 * @param plateau    the plateau: the unspecialised fixed point reached from the initial state (R = 0 where that
 *                   subspace is invariant, as for even activations; else the permutation-symmetric fixed point
 *                   of {@link FixedPoints#symmetricFrom}), and when the trajectory was on it; null if there is none
 * @param escape     the escape from the plateau; null if there is no plateau
 * @param divergence set if the norms blew up and the run stopped; null otherwise
 * @param noPlateau  why there is no plateau (null when there is one)
 */
public record Events(Plateau plateau, Escape escape, Divergence divergence, String noPlateau) {

    /** Reason: R = 0 is not invariant. */
    public static final String NOT_INVARIANT = "R = 0 is not invariant for this activation (σ has odd terms, so at"
            + " R = 0 dR/dα ∝ E[σ'(λ)] E[σ(ν) ν] ≠ 0), and there is no saddle to stall at either: for a"
            + " permutation-symmetric T the symmetric dynamics diverges or its fixed point is stable; for any other"
            + " T the path from this start (to α = 10⁵) passes no fixed point with an unstable direction above its"
            + " final ε_g";
    /** Reason: the unspecialised dynamics diverges. */
    public static final String UNBOUNDED = "the unspecialised (R = 0) dynamics has no bounded fixed point at this η";

    /**
     * @param epsG        ε_g at the plateau fixed point
     * @param q           the plateau's Q (flat upper triangle) — for the isotropic plateau all diagonal entries equal q*
     * @param escapeRate  the largest real part of the Jacobian's eigenvalues at the plateau
     * @param unstable    number of unstable directions (eigenvalues with real part &gt; 1e-9)
     * @param alpha       first α with |ε_g − ε_g*| ≤ tol ε_g* (null if never)
     * @param alphaExit   first α after {@code alpha} at which the trajectory leaves that band (null if never)
     * @param tolerance   the band's relative width
     * @param fixedPoint  the full fixed point, with the Jacobian's eigenvalues
     */
    public record Plateau(double epsG, double[] q, double escapeRate, int unstable, Double alpha, Double alphaExit,
            double tolerance, FixedPoint fixedPoint) {
    }

    /**
     * @param alpha     first α with ε_g(α) ≤ fraction · ε_g(plateau) (null if never within the run)
     * @param fraction  the fraction f
     * @param threshold f · ε_g(plateau)
     */
    public record Escape(Double alpha, double fraction, double threshold) {
    }

    /**
     * @param alpha  the α at which the run stopped
     * @param reason one sentence for the user
     */
    public record Divergence(double alpha, String reason) {
    }
}
