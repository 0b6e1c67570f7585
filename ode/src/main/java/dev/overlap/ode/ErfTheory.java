package dev.overlap.ode;

import java.util.Optional;
import java.util.Set;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.model.StandardActivation;

/**
 * σ(z) = erf(z/√2): the ODEs from Saad &amp; Solla's closed-form integrals ({@link ErfDynamics}), the arcsine pair
 * kernel, the permutation-symmetric plateau, the diffusion by quadrature, and the weight-space Hessian by central
 * differences of the exact gradient.
 */
final class ErfTheory extends AbstractActivationTheory {

    static final ErfTheory INSTANCE = new ErfTheory();

    private ErfTheory() {
        super(StandardActivation.ERF);
    }

    @Override
    public Set<RhsKind> rightHandSides() {
        return Set.of(RhsKind.CLOSED_FORM);
    }

    @Override
    public boolean hasDynamics(ModelSpec spec) {
        return true;
    }

    @Override
    public OverlapDynamics dynamics(ModelSpec spec, double[][] t, RhsKind kind) {
        if (kind == RhsKind.SYMBOLIC) {
            throw SpecException.mentioning("{rhs symbolic} needs a polynomial activation; erf has closed-form"
                    + " integrals ({rhs closed-form})", null);
        }
        return new ErfDynamics(spec, t);
    }

    @Override
    public Optional<PairKernel> populationLossKernel() {
        return Optional.of(PairKernel.ERF);
    }

    @Override
    public boolean permutationSymmetricPlateau() {
        return true;
    }

    @Override
    public Optional<WeightSpaceHessian.Method> weightSpaceHessian() {
        return Optional.of(WeightSpaceHessian.Method.CENTRAL_DIFFERENCES);
    }
}
