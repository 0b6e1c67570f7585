/**
 * Exact Gaussian algebra for the overlap equations. For now: Isserlis' (Wick's) theorem as a brute-force
 * sum over pairings, in floating point and in exact rational arithmetic. It is the independent reference
 * against which the closed-form matrix route of the {@code ode} module is tested, and the kernel of the
 * symbolic derivation of the ODEs for general polynomial activations.
 */
package dev.overlap.symbolic;
