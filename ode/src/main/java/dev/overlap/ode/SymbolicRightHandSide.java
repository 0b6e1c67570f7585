package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;

/**
 * The right-hand side of the overlap ODEs from equations derived exactly for a polynomial activation (Gaussian
 * moments of the fields) and compiled. Deriving needs a computer-algebra system, which ode does not depend on: an
 * implementation is registered as a {@link java.util.ServiceLoader} service (file
 * {@code META-INF/services/dev.overlap.ode.SymbolicRightHandSide}; overlap-validation registers
 * {@code dev.overlap.validation.symbolic.SymbolicRhs}), and {@link ActivationTheory#of(dev.overlap.model.Activation)}
 * offers it for every polynomial activation. Implementations must have a public no-argument constructor (for the
 * service loader) and be thread-safe.
 */
public interface SymbolicRightHandSide {

    /**
     * Whether the equations can be derived for the spec: a polynomial activation, with p + p* within the size limit
     * of the derivation for its degree.
     */
    boolean supports(ModelSpec spec);

    /**
     * The compiled equations as dynamics, for the spec's widths, polynomial activation, normalisation and η² switch.
     *
     * @param t the teacher overlap T
     * @throws SpecException if {@link #supports} is false
     */
    OverlapDynamics dynamics(ModelSpec spec, double[][] t);
}
