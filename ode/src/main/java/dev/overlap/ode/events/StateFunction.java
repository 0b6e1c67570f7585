package dev.overlap.ode.events;

/** A real function of the flat state at α, the switching function of a {@link LevelDetector}. */
@FunctionalInterface
public interface StateFunction {

    /**
     * The function's value; must not keep or change {@code state}.
     *
     * @return g(α, y)
     */
    double value(double alpha, double[] state);
}
