/**
 * Exact Gaussian algebra for the overlap equations: memoised Gaussian moments ({@link dev.overlap.symbolic.Wick}),
 * exact sparse polynomials, the symbolic derivation of the ODEs and of the diffusion for polynomial activations
 * (through Symja), their export, and their compilation to Java evaluators. The brute-force reference, Isserlis'
 * theorem as a sum over pairings, is {@link dev.overlap.model.Isserlis} in the model module, so that the ode tests
 * can use it without this module.
 */
package dev.overlap.symbolic;
