package dev.overlap.ode;

import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.SpecException;

/**
 * A polynomial σ(z) = Σ_k c_k z^k: the overlap ODEs from the compiled symbolic equations (when a
 * {@link SymbolicRightHandSide} is registered), no closed forms, and the diffusion by Gauss–Hermite quadrature,
 * which is exact with enough nodes.
 */
class PolynomialTheory extends AbstractActivationTheory {

    private final PolynomialActivation sigma;
    private final SymbolicRightHandSide symbolic;

    /** @param symbolic the symbolic right-hand side, or null if none is available */
    PolynomialTheory(PolynomialActivation sigma, SymbolicRightHandSide symbolic) {
        super(sigma);
        this.sigma = sigma;
        this.symbolic = symbolic;
    }

    @Override
    public Set<RhsKind> rightHandSides() {
        return symbolic == null ? Set.of() : EnumSet.of(RhsKind.SYMBOLIC);
    }

    @Override
    public boolean hasDynamics(ModelSpec spec) {
        return symbolic != null && symbolic.supports(spec);
    }

    @Override
    public OverlapDynamics dynamics(ModelSpec spec, double[][] t, RhsKind kind) {
        if (kind != RhsKind.SYMBOLIC) {
            return super.dynamics(spec, t, kind);
        }
        if (symbolic == null) {
            throw new SpecException("no ODE theory for activation '" + sigma.name() + "' here: its equations are"
                    + " derived symbolically, and no symbolic right-hand side is on the class path (add"
                    + " overlap-validation)");
        }
        return symbolic.dynamics(spec, t);
    }

    @Override
    public OptionalInt polynomialDegree() {
        return OptionalInt.of(sigma.degree());
    }
}
