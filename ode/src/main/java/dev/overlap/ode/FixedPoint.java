package dev.overlap.ode;

import java.util.Arrays;

import org.hipparchus.complex.Complex;

/**
 * A fixed point y* of dy/dα = F(y), with its generalisation error and the eigenvalues of the Jacobian
 * ∂F/∂y there (central finite differences of the right-hand side).
 *
 * @param state       the flat state y*
 * @param epsG        ε_g(y*)
 * @param residual    max |F(y*)|
 * @param eigenvalues eigenvalues of the Jacobian, sorted by decreasing real part
 */
public record FixedPoint(double[] state, double epsG, double residual, Complex[] eigenvalues) {

    /** The largest real part of the Jacobian's eigenvalues: the escape rate when positive. */
    public double escapeRate() {
        return eigenvalues[0].getReal();
    }

    /** Number of eigenvalues with real part above {@code tol}: unstable directions. */
    public int unstableDirections(double tol) {
        return (int) Arrays.stream(eigenvalues).filter(z -> z.getReal() > tol).count();
    }
}
