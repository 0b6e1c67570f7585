package dev.overlap.validation;

import dev.overlap.model.Activation;

/**
 * One step of {@link OverlapChain} (fields, prediction, gains, update of M and G, then the factorisation of G) for one
 * (p, p*), generated as straight-line code by {@link ChainKernels}. It performs exactly the floating-point operations
 * of the generic loops of {@link OverlapChain}, in the same order, so its results are bitwise the same. Allocates
 * nothing and keeps no state: everything it reads and writes is passed in.
 */
interface ChainKernel {

    /**
     * One step with given draws.
     *
     * @param u the p* teacher-span draws
     * @param z the p draws orthogonal to the teacher's span
     * @param rest the χ²_{N−p−p*} of the rest of x
     * @param xi the label noise (used only when {@code sqrtNoise != 0})
     * @param lt L_T, p* × p* row-major, lower triangular
     * @param m M, p × p* row-major (updated)
     * @param g G, p × p row-major (updated, re-formed if a pivot is clamped)
     * @param unit L₁ (written)
     * @param scaled L₁ D (written)
     * @param roots √D (read for this step's λ⊥, then written)
     * @param activation σ (not called by the quadratic kernels, which write σ out)
     */
    void step(double[] u, double[] z, double rest, double xi, double[] lt, double[] m, double[] g, double[] unit,
            double[] scaled, double[] roots, double invN, double kappaTeacher, double kappaStudent, double eta,
            double sqrtNoise, Activation activation);
}
