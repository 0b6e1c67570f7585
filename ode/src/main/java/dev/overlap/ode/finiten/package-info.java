/**
 * The finite-N theory of one-pass SGD: the diffusion matrix D(Ω) of the overlaps next to the drift F(Ω), the
 * linear-noise fluctuations around the N → ∞ ODE, and the law of the plateau escape time at finite N.
 *
 * <p>Per SGD step, N·ΔΩ (Ω the flat state: the upper triangle of Q, then R) has mean F(Ω) + O(1/N) and covariance
 * D(Ω) + O(1/N). Over one unit of α (N steps) this gives the diffusion approximation
 * dΩ = F(Ω) dα + N^-½ D(Ω)^½ dB.
 */
package dev.overlap.ode.finiten;
