package dev.overlap.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.Normalisation;
import dev.overlap.model.StandardActivation;
import dev.overlap.model.TeacherSpec;

/**
 * sareen2026 width-sweep on a reduced configuration, and its pieces against hand-derived values.
 */
@Tag("slow")
class Sareen2026SweepTest {

    /** L₀ = ½E[f*²]: erf(z/√2) has E[σ²] = (2/π) arcsin(½) = 1/3 and odd σ makes distinct teachers uncorrelated. */
    @Test
    void nullLossClosedForms() {
        double[][] v = FiniteNWeights.drawTeacher(new TeacherSpec.Orthonormal(), 2, 16, 5);
        assertEquals(1.0 / 3, Sareen2026Sweep.nullLoss(StandardActivation.ERF, v, new double[] {1, 1}), 1e-12);
        // quadratic: E[(ν₁² + ν₂²)²] = 3 + 3 + 2·1 = 8, so ½ · (½)² · 8 = 1
        assertEquals(1.0, Sareen2026Sweep.nullLoss(Activation.QUADRATIC, v, new double[] {0.5, 0.5}), 1e-12);
    }

    /** ε = e^{−α} on an integer grid: log-linear interpolation is exact, the threshold e^{−2.5} is hit at 2.5. */
    @Test
    void crossingAndQuantiles() {
        double[] al = {0, 1, 2, 3, 4};
        double[] eps = new double[al.length];
        for (int i = 0; i < al.length; i++) {
            eps[i] = Math.exp(-al[i]);
        }
        assertEquals(2.5, Sareen2026Sweep.crossing(al, eps, Math.exp(-2.5)), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, Sareen2026Sweep.crossing(al, eps, 1e-3));
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(2.5, Sareen2026Sweep.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-15);
        assertEquals(inf, Sareen2026Sweep.quantile(new double[] {1, 2, inf, inf}, 0.5));
        assertEquals(2.0, Sareen2026Sweep.quantile(new double[] {1, 2, 3, inf, inf}, 0.25), 1e-15);
    }

    /**
     * The weight-space flow and the overlap ODEs are two routes to the same dynamics (the population loss depends on
     * W only through the overlaps), so the ODE started from the same overlaps is at the threshold at α = t/N.
     */
    @Test
    void weightSpaceFlowIsTheOverlapFlow() {
        for (Sareen2026Sweep.GfSetting s : List.of(Sareen2026Sweep.GF_SETTINGS.get(2),
                Sareen2026Sweep.GF_SETTINGS.get(5))) {
            assertEquals(1.0, Sareen2026Sweep.odeLossAtWeightSpaceTime(s, 3, 1001, 1e5) / Sareen2026Sweep.THRESHOLD,
                    1e-4, s.label());
        }
    }

    /**
     * Reduced sweep: tables have one row per (setting, m, seed); the machinery checks pass; with the quadratic
     * activation and a fixed second layer, the width-3 student, which must in addition kill the part of WᵀW
     * orthogonal to the teacher, is slower than the width-2 one in every seed-median.
     */
    @Test
    void reducedSweep() {
        Sareen2026Sweep.Config c = new Sareen2026Sweep.Config(new int[] {2, 3}, 3, 2e4, new int[] {2, 3},
                List.of(new Sareen2026Sweep.SgdSetting(7, Activation.QUADRATIC, Normalisation.MEAN, 0.1, true, 100, 2,
                        120)));
        Reproduction r = Sareen2026Sweep.sweep(c, 2);
        assertEquals("sareen2026", r.key());
        assertEquals("width-sweep", r.part());
        Table runs = r.tables().get(0);
        assertEquals(6 * 2 * 3 + 2 * 2, runs.rows().size());
        Table summary = r.tables().get(1);
        assertEquals(6 * 2 + 2, summary.rows().size());
        for (Check ch : r.checks()) {
            if (ch.quantity().startsWith("L₀") || ch.quantity().contains("overlap ODE")) {
                assertTrue(ch.passed(), ch.toString());
            }
        }
        // the reproduction's L₀ against the hand values of nullLossClosedForms: 1/3 (erf, b = 1) and 1 (z², b = ½)
        assertEquals(1.0 / 3, r.checks().stream().filter(ch -> ch.quantity().startsWith("L₀ = ½E[f*²], erf"))
                .findFirst().orElseThrow().measured(), 1e-12);
        assertEquals(1.0, r.checks().stream().filter(ch -> ch.quantity().startsWith("L₀, quadratic")).findFirst()
                .orElseThrow().measured(), 1e-12);
        for (int setting : new int[] {5, 6, 7}) {
            double[] med = summary.rows().stream().filter(row -> row[0] == setting).mapToDouble(row -> row[5])
                    .toArray();
            assertTrue(med[1] > med[0], "setting " + setting);
        }
        for (double[] row : runs.rows()) {
            if (row[0] <= 6 && row[4] == 1) {
                assertEquals(Sareen2026Sweep.THRESHOLD, row[6], 1e-3 * Sareen2026Sweep.THRESHOLD);
            }
        }
    }
}
