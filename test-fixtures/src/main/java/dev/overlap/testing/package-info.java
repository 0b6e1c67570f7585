/**
 * Test fixtures shared by the modules' tests (used with scope test only, never by main code): seeded random
 * covariances and orthogonal matrices ({@link dev.overlap.testing.RandomMatrices}), dense-matrix helpers
 * ({@link dev.overlap.testing.DenseMatrices}), the split of a joint covariance into overlaps
 * ({@link dev.overlap.testing.CovarianceBlocks}), the brute-force Gaussian-moment reference
 * ({@link dev.overlap.testing.Isserlis}) and a class-file reader for bytecode-size checks
 * ({@link dev.overlap.testing.ClassFiles}). Each fixture has one home here; the module depends on
 * {@code overlap-model} only.
 */
package dev.overlap.testing;
