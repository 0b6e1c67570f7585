/**
 * Exact Gaussian algebra for the overlap equations: Isserlis' (Wick's) theorem as memoised moments
 * ({@link dev.overlap.symbolic.Wick}), the kernel of the symbolic derivation of the ODEs for general polynomial
 * activations. The brute-force sum over pairings that the tests use as an independent reference lives in the
 * test fixtures ({@code dev.overlap.testing.Isserlis}, module test-fixtures).
 */
package dev.overlap.symbolic;
