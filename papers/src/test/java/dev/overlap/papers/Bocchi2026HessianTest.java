package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Bocchi2026Hessian}: every check passes, and the spectra for p = p* = 1 (N = 4) equal values derived by
 * hand, independently of the code's group construction.
 *
 * <p>By hand, p = p* = 1, κ_s = κ_t = 1, w* = √N t, M = (wwᵀ − w* w*ᵀ) / N, L = ½[(tr M)² + 2 tr M²]:
 * <ul>
 * <li>Manifold w = w*. Along w = (1 + ε/√N) w*: M = ((1 + ε/√N)² − 1) t tᵀ, L = (3/2)(2ε/√N)² + O(ε³) = 6ε²/N, so
 * N·λ = 12. Along w = w* + εu, u ⊥ t unit: tr M = ε²/N, tr M² = 2ε²/N + O(ε⁴), L = 2ε²/N, so N·λ = 4 for each of
 * the N − 1 = 3 directions u. Spectrum {4, 4, 4, 12}.</li>
 * <li>Plateau w = √(N/3) s, s ⊥ t (q* = 1/3, L = 1 + 1/3). Along w + εt: M = (q* s sᵀ − t tᵀ) + ε√(q*)(s tᵀ + t sᵀ)/√N
 * + ε² t tᵀ/N; tr M = −2/3 + ε²/N, tr M² = q*² + 1 + 2ε² q* /N − 2ε²/N + O(ε⁴); L − L₀ = (−2/3 + 2/3 − 2)ε²/N
 * = −2ε²/N: N·λ = −4. Along w = (√q* + ε/√N) √N s (norm): L(q) = ½[(q − 1)² + 2(q² + 1)] is stationary at q*
 * with L''(q) = 3, and q = (√q* + ε/√N)², dq/dε = 2√q* / √N, so d²L/dε² = 3 · 4q* / N = 4/N (N·λ = 4). Along u ⊥ s, t: tr M = −2/3 + ε²/N,
 * tr M² = q*² + 2q*ε²/N + 1, L − L₀ = (−2/3 + 2/3)ε²/N = 0. Spectrum {−4, 0, 0, 4}.</li>
 * </ul>
 */
class Bocchi2026HessianTest {

    @Test
    void allChecksPass() {
        Reproduction r = Bocchi2026Hessian.hessian();
        assertFalse(r.checks().isEmpty());
        for (Check c : r.checks()) {
            assertTrue(c.passed(), c.toString());
        }
        assertTrue(r.passed());
        // the escape link is among the checks, with PlateauTheory's 4η/(p p*) for (3, 2)
        assertTrue(r.checks().stream().anyMatch(c -> c.quantity().startsWith("plateau p=3 p*=2 N=7: γ")
                && Math.abs(c.predicted() - 4 * Bocchi2026Hessian.ETA / 6) < 1e-15));
    }

    @Test
    void handDerivedSpectraForOneUnit() {
        assertArrayEquals(new double[] {-4, 0, 0, 4}, Bocchi2026Hessian.plateauSpectrum(1, 1), 1e-12);
        assertArrayEquals(new double[] {4, 4, 4, 12}, Bocchi2026Hessian.manifoldSpectrum(1, 1), 1e-12);
    }

    @Test
    void manifoldSpectrumForTwoStudentsOneTeacher() {
        // p = 2, p* = 1, N = 5, κ_s = 1/2, κ_t = 1: tangent 0 (×1), isotropic 4κ_sκ_t·3 = 6 (×1),
        // active bulk 4κ_sκ_t = 2 (×4), idle bulk 0 (×4)
        double[] ev = Bocchi2026Hessian.manifoldSpectrum(2, 1);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 2, 2, 2, 2, 6}, ev, 1e-12);
        assertEquals(-2, Bocchi2026Hessian.plateauSpectrum(2, 1)[0], 1e-12);
    }
}
