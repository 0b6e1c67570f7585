/**
 * Exact Gaussian algebra for the overlap equations: memoised Gaussian moments ({@link dev.overlap.symbolic.Wick}),
 * exact sparse polynomials, the symbolic derivation of the ODEs and of the diffusion for polynomial activations
 * (through Symja), their export, and their compilation to Java evaluators. The brute-force sum over pairings that the tests
 * use as an independent reference lives in the test fixtures ({@code dev.overlap.testing.Isserlis}, module
 * test-fixtures).
 */
package dev.overlap.symbolic;
