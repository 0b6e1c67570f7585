package dev.overlap.ode.finiten;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.model.SpecException;

/**
 * The diffusion matrix D(Ω) of one-pass SGD: the covariance, to leading order in 1/N, of the per-step increment
 * ξ = N·ΔΩ of the flat overlap state Ω (upper triangle of Q, then R), whose mean is the drift F(Ω).
 *
 * <p>With e = ŷ − y = κ_s Σ_a σ(λ_a) − κ_t Σ_r σ(ν_r) − √Δ ζ and g_a = η κ_s e σ'(λ_a), one step gives
 * <pre>
 *   ξ_{Q_ab} = −(g_a λ_b + g_b λ_a) + g_a g_b |x|²/N,      ξ_{R_ar} = −g_a ν_r,
 * </pre>
 * and |x|²/N = 1 + O(N^-½), so to leading order D = E[ξ ξᵀ] − E[ξ] E[ξ]ᵀ with |x|²/N → 1, the expectation over
 * the fields (λ, ν) ~ N(0, C) and the label noise ζ ~ N(0, 1). The η² part of ξ is always included: it is part of
 * SGD whatever the ODE's η² switch says, and so is the drift {@link #drift} (the ODE right-hand side with the η²
 * term on).
 *
 * <p>Implementations allocate nothing per evaluation and keep work buffers: not thread-safe.
 */
public interface Diffusion {

    /**
     * Dimension d of the flat state.
     *
     * @return d = p(p+1)/2 + p p*
     */
    int dimension();

    /** Writes D(Ω) (d×d, row-major, symmetric) into {@code out}. */
    void diffusion(double[] y, double[] out);

    /** Writes the drift F(Ω) = E[ξ] (with the η² term) into {@code out}. */
    void drift(double[] y, double[] out);

    /**
     * A short name of the method, recorded in outputs ({@code closed-form}, {@code gauss-hermite-M}).
     *
     * @return the method name
     */
    String methodName();

    /**
     * Whether an evaluation is expensive (quadrature over many points), so that integrators along a path may
     * reuse it over short stretches ({@link LinearNoise}).
     *
     * @return true for quadrature, false for closed forms
     */
    default boolean expensive() {
        return false;
    }

    /**
     * The diffusion of a model, as its {@link ActivationTheory#diffusion}: the closed form for the quadratic activation, tensor Gauss–Hermite quadrature
     * otherwise (exact for polynomial activations, numerical for erf, ReLU and |z|).
     *
     * @return the diffusion D(Ω) of the spec at teacher overlap t
     * @throws SpecException if the quadrature would need too many points for this width
     */
    static Diffusion of(ModelSpec spec, double[][] t) {
        return ActivationTheory.of(spec.activation()).diffusion(spec, t);
    }
}
