package dev.overlap.papers;

import static dev.overlap.papers.Sareen2026Hessian.N;
import static dev.overlap.papers.Sareen2026Hessian.PSTAR;

/**
 * The closed forms of {@link Sareen2026Hessian} (derived in its Javadoc) for N = {@link Sareen2026Hessian#N} and
 * p* = {@link Sareen2026Hessian#PSTAR} orthonormal teacher rows: the spectrum of the quadratic Hessian with the second
 * layer fixed, the least trace over the trained quadratic class, and the erf moments s₀, s₁ and traces of teacher
 * copies.
 */
final class WidthHessianTheory {

    private WidthHessianTheory() {
    }

    /** The non-zero eigenvalues 4κ/N, 8κ/N, (8 + 4p*)κ/N of the fixed-second-layer quadratic Hessian. */
    static double[] quadraticFixedEigenvalues(double kappa) {
        return new double[] {4 * kappa / N, 8 * kappa / N, (8 + 4.0 * PSTAR) * kappa / N};
    }

    static double quadraticFixedTrace(double kappa) {
        return 4 * kappa * PSTAR * (1 + 2.0 / N);
    }

    static int quadraticFixedRank() {
        return PSTAR * N - PSTAR * (PSTAR - 1) / 2;
    }

    /** @return c₁ = 4(1 + 2/N), the coefficient of a_i²q_i in the trained quadratic trace */
    static double c1() {
        return 4 * (1 + 2.0 / N);
    }

    /** min tr H over the trained quadratic class at width m: 9 (c₁/6)^{2/3} p*^{4/3} m^{−1/3}. */
    static double quadraticMinTrace(int m) {
        return 9 * Math.pow(c1() / 6, 2.0 / 3) * Math.pow(PSTAR, 4.0 / 3) * Math.pow(m, -1.0 / 3);
    }

    /** The scale q = |w|²/N at which a neuron carrying t = a q has least trace: q³ = c₁t²/6. */
    static double quadraticBestScale(double t) {
        return Math.cbrt(c1() * t * t / 6);
    }

    static double erfS0(double q) {
        return 2 / Math.PI * Math.asin(q / (1 + q));
    }

    static double erfS1(double q) {
        return 2 / Math.PI * (Math.pow(1 + 2 * q, -1.5) + (N - 1) * Math.pow(1 + 2 * q, -0.5)) / N;
    }

    /** Copies per teacher for m students spread as evenly as possible. */
    static int[] copies(int m) {
        int[] k = new int[PSTAR];
        for (int i = 0; i < m; i++) {
            k[i % PSTAR]++;
        }
        return k;
    }

    /** tr H of teacher copies (k_j of teacher j, equal splits of b) for erf, q = 1. */
    static double erfCopiesTrace(int[] k, double b, boolean trainOutput) {
        double s = 0;
        for (int kj : k) {
            if (kj > 0) {
                s += (trainOutput ? kj * erfS0(1) : 0) + b * b * erfS1(1) / kj;
            }
        }
        return s;
    }
}
