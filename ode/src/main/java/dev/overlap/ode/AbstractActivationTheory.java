package dev.overlap.ode;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.ode.finiten.Diffusion;
import dev.overlap.ode.finiten.GaussHermiteDiffusion;

/**
 * The answers of an activation with no theory beyond what works for any σ: no overlap ODEs, no closed forms, the
 * diffusion by Gauss–Hermite quadrature. Providers override what their activation has.
 */
abstract class AbstractActivationTheory implements ActivationTheory {

    private final Activation sigma;

    AbstractActivationTheory(Activation sigma) {
        this.sigma = sigma;
    }

    @Override
    public final Activation activation() {
        return sigma;
    }

    @Override
    public Set<RhsKind> rightHandSides() {
        return Set.of();
    }

    @Override
    public final RhsKind defaultRightHandSide() {
        return rightHandSides().contains(RhsKind.CLOSED_FORM) ? RhsKind.CLOSED_FORM : RhsKind.SYMBOLIC;
    }

    @Override
    public boolean hasDynamics(ModelSpec spec) {
        return false;
    }

    /** Refuses: the closed form is named for what it covers, any other evaluator as a missing theory. */
    @Override
    public OverlapDynamics dynamics(ModelSpec spec, double[][] t, RhsKind kind) {
        if (kind == RhsKind.CLOSED_FORM) {
            throw SpecException.mentioning("{rhs closed-form} exists only for the quadratic activation; use"
                    + " {rhs symbolic} for '" + sigma.name() + "'", null);
        }
        throw new SpecException("no ODE theory for activation '" + sigma.name() + "' yet");
    }

    @Override
    public Optional<PairKernel> populationLossKernel() {
        return Optional.empty();
    }

    @Override
    public boolean rotationSymmetric() {
        return false;
    }

    @Override
    public boolean permutationSymmetricPlateau() {
        return false;
    }

    @Override
    public Diffusion diffusion(ModelSpec spec, double[][] t) {
        return GaussHermiteDiffusion.of(spec, t);
    }

    @Override
    public OptionalInt polynomialDegree() {
        return OptionalInt.empty();
    }

    @Override
    public Optional<WeightSpaceHessian.Method> weightSpaceHessian() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + sigma.name() + "]";
    }
}
