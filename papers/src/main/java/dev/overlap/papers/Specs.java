package dev.overlap.papers;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.StandardActivation;

/**
 * The models the reproductions start from, one factory each; callers add the learning rate and what else differs.
 */
final class Specs {

    private Specs() {
    }

    /**
     * The quadratic model of Bocchi et al. (builder defaults: σ = z², mean normalisation, orthonormal teacher T = I)
     * with p students, p* teachers, started at the isotropic point Q = I, R = r₀ (every entry).
     *
     * @return the builder, learning rate still to be set
     */
    static ModelSpec.Builder isotropic(int p, int pstar, double r0) {
        return ModelSpec.builder().p(p).pstar(pstar).init(new InitialCondition.Isotropic(1.0, r0));
    }

    /**
     * The soft committee machine of Saad & Solla: σ = erf(z/√2), sum normalisation (κ = 1), K students and K
     * orthonormal teachers.
     *
     * @return the builder, learning rate and start still to be set
     */
    static ModelSpec.Builder softCommittee(int k) {
        return ModelSpec.builder().p(k).pstar(k).activation(StandardActivation.ERF).normalisation(Normalisation.SUM);
    }
}
