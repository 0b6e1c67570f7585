package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

import dev.overlap.model.FiniteNWeights;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.RandomStreams;
import dev.overlap.model.SpecException;

/** The SGD step of the model, the overlap tracking, and the random-stream contract of one seed. */
class SgdRunTest {

    /** A source that returns the given values in turn, then zeros. */
    private static NormalizedGaussianSampler sequence(double... values) {
        int[] next = {0};
        return () -> next[0] < values.length ? values[next[0]++] : 0.0;
    }

    /**
     * N = 4, p = 2, p* = 1, σ(z) = z², mean normalisation (κ_s = ½, κ_t = 1), η = ½, Δ = 0.
     * W = [[1,1,0,0],[0,0,2,0]], W* = [[1,1,1,1]], x = (1,0,1,1), so √N = 2 and
     * λ = (½, 1), ν = 3/2, ŷ = ½(¼ + 1) = 5/8, y = 9/4, ŷ − y = −13/8,
     * c_a = (η/√N)(ŷ − y) κ_s 2λ_a = (−13/64, −13/32), w_a ← w_a − c_a x:
     * w_1 = (77/64, 1, 13/64, 13/64), w_2 = (13/32, 0, 77/32, 13/32), hence
     * Q_11 = (77² + 64² + 2·13²)/(4·64²) = 0.63250732421875, Q_12 = (77·26 + 13·154 + 13·26)/(4·64²)
     * = 0.2650146484375, Q_22 = (13² + 77² + 13²)/(4·32²) = 1.530029296875,
     * R_1 = (77 + 64 + 13 + 13)/(4·64) = 0.65234375, R_2 = (13 + 77 + 13)/(4·32) = 0.8046875.
     * Every number is a short binary fraction, so the comparison is exact.
     */
    @Test
    void oneStepMatchesTheHandComputedUpdate() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(1).normalisation(Normalisation.MEAN).lr(0.5)
                .init(new InitialCondition.Random(4, 1.0, 1L)).build();
        double[][] w = {{1, 1, 0, 0}, {0, 0, 2, 0}};
        double[][] teacher = {{1, 1, 1, 1}};
        SgdRun run = new SgdRun(spec, w, teacher, sequence(1, 0, 1, 1), sequence());
        Overlaps start = run.overlaps();
        assertEquals(0.5, start.q(0, 0), 0.0);
        assertEquals(0.0, start.q(0, 1), 0.0);
        assertEquals(1.0, start.q(1, 1), 0.0);
        assertEquals(0.5, start.r(0, 0), 0.0);
        assertEquals(1.0, start.t(0, 0), 0.0);

        run.step();
        assertEquals(1, run.steps());
        double[][] expectedW = {{77.0 / 64, 1, 13.0 / 64, 13.0 / 64}, {13.0 / 32, 0, 77.0 / 32, 13.0 / 32}};
        double[][] after = run.studentWeights();
        assertArrayEquals(expectedW[0], after[0], 0.0);
        assertArrayEquals(expectedW[1], after[1], 0.0);

        Overlaps tracked = run.overlaps();
        assertEquals(0.63250732421875, tracked.q(0, 0), 0.0);
        assertEquals(0.2650146484375, tracked.q(0, 1), 0.0);
        assertEquals(1.530029296875, tracked.q(1, 1), 0.0);
        assertEquals(0.65234375, tracked.r(0, 0), 0.0);
        assertEquals(0.8046875, tracked.r(1, 0), 0.0);
        run.resynchroniseOverlaps();
        assertEquals(tracked, run.overlaps(), "the tracked update is exact algebra");
    }

    @Test
    void labelNoiseEntersTheLabelAsSqrtDeltaXi() {
        // same case with Δ = 4 and ξ = 1/8: y = 9/4 + 2/8 = 5/2, ŷ − y = −15/8, c_a = (−15/64, −15/32)
        ModelSpec spec = ModelSpec.builder().p(2).pstar(1).lr(0.5).noise(4.0)
                .init(new InitialCondition.Random(4, 1.0, 1L)).build();
        SgdRun run = new SgdRun(spec, new double[][] {{1, 1, 0, 0}, {0, 0, 2, 0}}, new double[][] {{1, 1, 1, 1}},
                sequence(1, 0, 1, 1), sequence(0.125));
        run.step();
        double[][] after = run.studentWeights();
        assertArrayEquals(new double[] {79.0 / 64, 1, 15.0 / 64, 15.0 / 64}, after[0], 0.0);
        assertArrayEquals(new double[] {15.0 / 32, 0, 79.0 / 32, 15.0 / 32}, after[1], 0.0);
    }

    /**
     * The drawn run starts from FiniteNWeights.draw (so from the overlaps of {@code solve --init random}) and
     * takes its inputs from stream 2 of the seed: one step recomputed here from the formula, in plain loops.
     */
    @Test
    void drawnRunFollowsTheStreamContractAndTheFormula() {
        int n = 50;
        long seed = 42;
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).lr(0.7).noise(0.3)
                .init(new InitialCondition.Random(n, 0.8, seed)).build();
        SgdRun run = new SgdRun(spec);
        assertEquals(spec.initialOverlaps(), run.overlaps(), "same start as overlap solve --init random");

        FiniteNWeights w = FiniteNWeights.draw(3, spec.teacher(), 2, n, 0.8, seed);
        ZigguratSampler.NormalizedGaussian g =
                ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, RandomStreams.INPUTS));
        double xi = ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, RandomStreams.LABEL_NOISE)).sample();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.sample();
        }
        double sqrtN = Math.sqrt(n);
        double yHat = 0;
        double[] lambda = new double[3];
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < n; i++) {
                lambda[a] += w.student()[a][i] * x[i] / sqrtN;
            }
            yHat += lambda[a] * lambda[a] / 3;
        }
        double y = 0;
        for (int r = 0; r < 2; r++) {
            double nu = 0;
            for (int i = 0; i < n; i++) {
                nu += w.teacher()[r][i] * x[i] / sqrtN;
            }
            y += nu * nu / 2;
        }
        y += Math.sqrt(0.3) * xi;
        run.step();
        double[][] after = run.studentWeights();
        for (int a = 0; a < 3; a++) {
            double c = 0.7 / sqrtN * (yHat - y) / 3 * 2 * lambda[a];
            for (int i = 0; i < n; i++) {
                assertEquals(w.student()[a][i] - c * x[i], after[a][i], 1e-13, "w[" + a + "][" + i + "]");
            }
        }
    }

    @Test
    void trackedOverlapsStayEqualToTheWeights() {
        ModelSpec spec = ModelSpec.builder().p(4).pstar(2).lrPerWidth(0.1).noise(0.1)
                .init(new InitialCondition.Random(300, 1.0, 5L)).build();
        SgdRun run = new SgdRun(spec);
        run.advance(20_000);
        double[] tracked = run.overlaps().toState();
        run.resynchroniseOverlaps();
        double[] exact = run.overlaps().toState();
        double change = 0;
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], tracked[i], 1e-11, "entry " + i);
            change = Math.max(change, Math.abs(exact[i] - spec.initialOverlaps().toState()[i]));
        }
        assertTrue(change > 0.05, "the overlaps did move (" + change + ")");
    }

    @Test
    void dimensionBelowTheWidthsIsRejected() {
        ModelSpec spec = ModelSpec.builder().p(4).pstar(2).init(new InitialCondition.Random(5, 1.0, 1L)).build();
        SpecException e = assertThrows(SpecException.class, () -> new SgdRun(spec));
        assertTrue(e.getMessage().contains("p + p* = 6"), e.getMessage());
        ModelSpec iso = ModelSpec.builder().init(new InitialCondition.Isotropic(1, 0.01)).build();
        assertThrows(SpecException.class, () -> new SgdRun(iso));
    }
}
