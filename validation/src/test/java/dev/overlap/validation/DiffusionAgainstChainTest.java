package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.finiten.Diffusion;

/**
 * The diffusion matrix D(Ω) and the drift F(Ω) against the empirical mean and covariance of one-step increments
 * N·ΔΩ of the exact overlap chain, from a fixed state, at N = 10⁶ (where the O(1/N) corrections are far below the
 * sampling error).
 *
 * <p>Each entry is a z-test: (empirical − predicted)/SE with SE the standard error of the empirical mean of
 * ξ_i (drift) or of (ξ_i − F_i)(ξ_j − F_j) (covariance, centred at the exact drift). With m entries per case the
 * bound is the two-sided normal quantile at 10⁻³/m (Bonferroni): a family-wise false-failure rate of 10⁻³ per
 * case for a correct D. The seeds are fixed, so the test is deterministic.
 */
@Tag("slow")
class DiffusionAgainstChainTest {

    private static final int N = 1_000_000;
    private static final int SAMPLES = 60_000;

    @Test
    void quadraticWithLabelNoise() {
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.1).noise(0.5)
                .init(new InitialCondition.Random(N, 1.0, 5L)).build();
        check(spec, spec);
    }

    /** Power: the same samples reject the drift and diffusion of a learning rate 5 % too large. */
    @Test
    void aLearningRateFivePercentOffIsRejected() {
        ModelSpec spec = ModelSpec.builder().p(3).pstar(2).lrPerWidth(0.1).noise(0.5)
                .init(new InitialCondition.Random(N, 1.0, 5L)).build();
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> check(spec, spec.withEta(1.05 * spec.eta())));
        assertTrue(e.getMessage().contains("max |z|"), e.getMessage());
    }

    @Test
    void erf() {
        ModelSpec spec = ModelSpec.builder().p(2).pstar(2).lrPerWidth(0.2).activation(Activation.parse("erf"))
                .init(new InitialCondition.Random(N, 1.0, 6L)).build();
        check(spec, spec);
    }

    /** Simulates {@code spec}'s chain and tests the increments against the drift and diffusion of {@code theory}. */
    private static void check(ModelSpec spec, ModelSpec theory) {
        // a state away from the start: Q with correlations, R of order one
        double[][] q = new double[spec.p()][spec.p()];
        double[][] r = new double[spec.p()][spec.pstar()];
        for (int a = 0; a < spec.p(); a++) {
            q[a][a] = 0.8 + 0.1 * a;
            for (int b = 0; b < a; b++) {
                q[a][b] = 0.15;
                q[b][a] = 0.15;
            }
            for (int s = 0; s < spec.pstar(); s++) {
                r[a][s] = 0.3 * ((a + s) % 2 == 0 ? 1 : -0.5);
            }
        }
        double[][] t = new double[spec.pstar()][spec.pstar()];
        for (int s = 0; s < spec.pstar(); s++) {
            t[s][s] = 1;
        }
        Overlaps start = Overlaps.of(q, r, t);
        double[] y0 = start.toState();
        int d = y0.length;
        Diffusion diffusion = Diffusion.of(theory, t);
        double[] drift = new double[d];
        double[] dm = new double[d * d];
        diffusion.drift(y0, drift);
        diffusion.diffusion(y0, dm);

        double[] sum = new double[d];
        double[] sumSq = new double[d];
        double[] cross = new double[d * d];
        double[] crossSq = new double[d * d];
        double[] y = new double[d];
        double[] xi = new double[d];
        for (int k = 0; k < SAMPLES; k++) {
            OverlapChain chain = OverlapChain.from(spec, start, N, 1000L + k);
            chain.step();
            chain.copyState(y);
            for (int i = 0; i < d; i++) {
                xi[i] = N * (y[i] - y0[i]);
                sum[i] += xi[i];
                sumSq[i] += xi[i] * xi[i];
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double c = (xi[i] - drift[i]) * (xi[j] - drift[j]);
                    cross[i * d + j] += c;
                    crossSq[i * d + j] += c * c;
                }
            }
        }
        int m = d + d * (d + 1) / 2;
        double bound = new org.hipparchus.distribution.continuous.NormalDistribution(0, 1)
                .inverseCumulativeProbability(1 - 1e-3 / (2.0 * m));
        double worst = 0;
        String where = "";
        for (int i = 0; i < d; i++) {
            double mean = sum[i] / SAMPLES;
            double se = Math.sqrt((sumSq[i] / SAMPLES - mean * mean) / SAMPLES);
            double z = Math.abs(mean - drift[i]) / se;
            if (z > worst) {
                worst = z;
                where = "drift " + i;
            }
            for (int j = i; j < d; j++) {
                double c = cross[i * d + j] / SAMPLES;
                double seC = Math.sqrt((crossSq[i * d + j] / SAMPLES - c * c) / SAMPLES);
                double zc = Math.abs(c - dm[i * d + j]) / seC;
                if (zc > worst) {
                    worst = zc;
                    where = "D " + i + "," + j + ": empirical " + c + ", predicted " + dm[i * d + j];
                }
            }
        }
        assertTrue(worst <= bound, spec.activation().name() + ": max |z| = " + worst + " > " + bound + " at " + where);
    }
}
