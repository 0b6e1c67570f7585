package dev.overlap.ode;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.ode.finiten.Diffusion;
import dev.overlap.ode.finiten.QuadraticDiffusion;

/**
 * σ(z) = z²: the closed matrix form of the ODEs ({@link QuadraticClosedFormDynamics}, the default) and the compiled
 * symbolic equations where registered; the Isserlis pair kernel K = ab + 2c²; the rotation symmetry; the closed-form
 * diffusion ({@link QuadraticDiffusion}); the exact weight-space Hessian.
 */
final class QuadraticTheory extends PolynomialTheory {

    QuadraticTheory(PolynomialActivation sigma, SymbolicRightHandSide symbolic) {
        super(sigma, symbolic);
    }

    @Override
    public Set<RhsKind> rightHandSides() {
        Set<RhsKind> kinds = EnumSet.of(RhsKind.CLOSED_FORM);
        kinds.addAll(super.rightHandSides());
        return kinds;
    }

    @Override
    public boolean hasDynamics(ModelSpec spec) {
        return true;
    }

    @Override
    public OverlapDynamics dynamics(ModelSpec spec, double[][] t, RhsKind kind) {
        return kind == RhsKind.CLOSED_FORM ? new QuadraticClosedFormDynamics(spec, t) : super.dynamics(spec, t, kind);
    }

    @Override
    public Optional<PairKernel> populationLossKernel() {
        return Optional.of(PairKernel.QUADRATIC);
    }

    @Override
    public boolean rotationSymmetric() {
        return true;
    }

    @Override
    public Diffusion diffusion(ModelSpec spec, double[][] t) {
        return new QuadraticDiffusion(spec, t);
    }

    @Override
    public OptionalInt polynomialDegree() {
        return OptionalInt.of(2);
    }

    @Override
    public Optional<WeightSpaceHessian.Method> weightSpaceHessian() {
        return Optional.of(WeightSpaceHessian.Method.EXACT);
    }
}
