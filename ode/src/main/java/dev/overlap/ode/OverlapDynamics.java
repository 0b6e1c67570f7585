package dev.overlap.ode;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;

/**
 * The N → ∞ dynamics of the overlaps: the right-hand side dy/dα of the flat state y (upper triangle of Q,
 * then R; see {@link dev.overlap.model.Overlaps}) and the generalisation error ε_g(Q, R, T).
 *
 * <p>Implementations evaluate {@link #derivatives} without allocating, and keep work buffers, so an
 * instance must not be shared between threads.
 */
public interface OverlapDynamics {

    /** The model this right-hand side implements. */
    ModelSpec spec();

    /** The constant teacher overlap T. */
    double[][] teacherOverlap();

    /** Dimension of the flat state, p(p+1)/2 + p p*. */
    int dimension();

    /** Writes dy/dα at state y into yDot (both of length {@link #dimension()}); allocates nothing. */
    void derivatives(double[] y, double[] yDot);

    /** ε_g = ½ E[(ŷ − y)²] on clean labels, at state y. */
    double generalisationError(double[] y);

    /** A short name of the evaluator, recorded in outputs (e.g. {@code closed-form}). */
    String evaluatorName();

    /**
     * The default dynamics for a spec: the closed-form matrix right-hand side for the quadratic activation.
     *
     * @throws SpecException if the activation has no theory yet
     */
    static OverlapDynamics of(ModelSpec spec, double[][] t) {
        if (spec.activation() == Activation.QUADRATIC) {
            return new QuadraticClosedFormDynamics(spec, t);
        }
        throw new SpecException("no ODE theory for activation '" + spec.activation().name() + "' yet");
    }
}
