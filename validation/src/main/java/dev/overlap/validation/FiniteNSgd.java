package dev.overlap.validation;

/**
 * One seed of one-pass SGD at finite N, seen through its overlaps: what {@link SgdSimulator} needs from an
 * engine. Two engines implement it ({@link Engine}): {@link SgdRun} moves the weights (the literal algorithm,
 * O((p + p*) N) per step) and {@link OverlapChain} runs the exact Markov chain of the overlaps (O((p + p*)³) per
 * step, independent of N). Both produce, step for step, overlaps with the same law. Instances are not
 * thread-safe.
 */
public interface FiniteNSgd {

    /**
     * The input dimension N.
     *
     * @return N
     */
    int dimension();

    /**
     * Number of SGD steps taken; α = steps/N.
     *
     * @return the number of steps since the start
     */
    long steps();

    /** Takes {@code count} SGD steps. */
    void advance(long count);

    /**
     * Copies the current overlaps as a flat state (upper triangle of Q row by row, then R row-major; see
     * {@code Overlaps}) into {@code dest}.
     */
    void copyState(double[] dest);

    /**
     * T = W* W*ᵀ/N of this run's teacher (a copy; constant in time).
     *
     * @return a new p*×p* matrix T
     */
    double[][] teacherOverlap();

    /**
     * Called at each recorded α before the state is read: the weight engine recomputes Q and R from the weights
     * there (removing the rounding accumulated by the step-by-step tracking); the chain, whose state is the
     * overlaps, has nothing to do.
     */
    default void atRecordedPoint() {
    }
}
