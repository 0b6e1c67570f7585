/**
 * Shared value types of {@code overlap}: the model specification ({@link dev.overlap.model.ModelSpec}),
 * the order parameters ({@link dev.overlap.model.Overlaps}) and the finite-N draws of weights they come from.
 *
 * <p>Conventions (see the project's model notes): inputs x ~ N(0, I_N); local fields
 * λ_a = w_a·x/√N, ν_r = w*_r·x/√N; outputs ŷ = κ_s Σ_a σ(λ_a), y = κ_t Σ_r σ(ν_r) + √Δ ξ;
 * Q = W Wᵀ/N, R = W W*ᵀ/N, T = W* W*ᵀ/N; time α = steps/N.
 */
package dev.overlap.model;
