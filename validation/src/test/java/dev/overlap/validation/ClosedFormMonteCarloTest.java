package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.TeacherSpec;
import dev.overlap.ode.GaussianQuadraticForm;
import dev.overlap.ode.QuadraticClosedFormDynamics;
import dev.overlap.testing.CovarianceBlocks;
import dev.overlap.testing.DenseMatrices;
import dev.overlap.testing.RandomMatrices;

/**
 * The exact Gaussian expectations of the {@code ode} module against plain Monte Carlo averages
 * ({@link GaussianMonteCarlo}, 400 000 samples, fixed seeds): every entry must have |z| &lt; 5.
 *
 * <p>Where the expected values come from: nothing is hard-coded; the exact side is the code under test, and the
 * independent side is the sample average of the polynomial that each exact expression claims to integrate:
 * <ul>
 * <li>the four identities of {@link GaussianQuadraticForm}: averages of z, z², z Λ_jΛ_k, z² Λ_jΛ_k with
 * z = Σ_i d_i Λ_i²;</li>
 * <li>the right-hand side of {@link QuadraticClosedFormDynamics}, written as in docs/model.md with the label noise
 * sampled explicitly (an extra independent N(0, 1) coordinate ξ, ŷ − y = z − √Δ ξ):
 * dQ_ab = E[−ηκ_s (ŷ−y)(2λ_aλ_b + 2λ_aλ_b) + η²κ_s² (ŷ−y)² 4λ_aλ_b], dR_ar = E[−ηκ_s (ŷ−y) 2λ_a ν_r],
 * ε_g = E[½ z²] (clean labels).</li>
 * </ul>
 */
class ClosedFormMonteCarloTest {

    private static final long SAMPLES = 400_000;

    @ParameterizedTest(name = "p={0}, p*={1}")
    @CsvSource({"1,1", "2,1", "2,3", "3,2"})
    void fourIdentitiesAgreeWithMonteCarlo(int p, int ps) {
        SplittableRandom rng = new SplittableRandom(17L * p + ps);
        int n = p + ps;
        double[][] c = RandomMatrices.randomCovariance(n, rng, 1, 0.1);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i < p ? 1.0 / p : -1.0 / ps;
        }
        GaussianQuadraticForm form = new GaussianQuadraticForm(d, n);
        form.compute(DenseMatrices.flatten(c));

        int pairs = n * (n + 1) / 2;
        double[] exact = new double[2 + 2 * pairs];
        exact[0] = form.meanZ();
        exact[1] = form.meanZ2();
        int k = 2;
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++) {
                exact[k] = form.meanZOuter(j, l);
                exact[k + pairs] = form.meanZ2Outer(j, l);
                k++;
            }
        }
        GaussianMonteCarlo.Estimate[] mc = new GaussianMonteCarlo(c).estimate(exact.length, (x, out) -> {
            double z = 0;
            for (int i = 0; i < n; i++) {
                z += d[i] * x[i] * x[i];
            }
            out[0] = z;
            out[1] = z * z;
            int u = 2;
            for (int j = 0; j < n; j++) {
                for (int l = j; l < n; l++) {
                    out[u] = z * x[j] * x[l];
                    out[u + pairs] = z * z * x[j] * x[l];
                    u++;
                }
            }
        }, SAMPLES, 100L * p + ps);
        assertAllWithin(exact, mc, "identity");
    }

    @ParameterizedTest(name = "p={0}, p*={1}, {2}, η²={3}, Δ={4}")
    @CsvSource({"1,1,MEAN,true,0.3", "2,2,MEAN,true,0.2", "3,1,SUM,true,0", "1,2,SQRT,false,0.5",
        "2,3,SQRT,true,0.1"})
    void odeRightHandSideAgreesWithMonteCarlo(int p, int ps, Normalisation norm, boolean eta2, double noise) {
        SplittableRandom rng = new SplittableRandom(31L * p + ps + norm.ordinal());
        int n = p + ps;
        double[][] c = RandomMatrices.randomCovariance(n, rng, 1, 0.1);
        Overlaps o = CovarianceBlocks.split(c, p);
        double eta = 0.3;
        ModelSpec spec = new ModelSpec(p, ps, Activation.QUADRATIC, norm, eta,
                ModelSpec.LearningRateConvention.ABSOLUTE, noise, eta2, new TeacherSpec.Orthonormal(),
                new InitialCondition.Isotropic(0.5, 0));
        QuadraticClosedFormDynamics f = new QuadraticClosedFormDynamics(spec, o.teacherOverlap());
        double[] y = o.toState();
        double[] dy = new double[f.dimension()];
        f.derivatives(y, dy);
        double[] exact = new double[dy.length + 1];
        System.arraycopy(dy, 0, exact, 0, dy.length);
        exact[dy.length] = f.generalisationError(y);

        // (λ, ν, ξ): the label noise ξ is an independent standard normal coordinate
        double[][] cx = new double[n + 1][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(c[i], 0, cx[i], 0, n);
        }
        cx[n][n] = 1.0;
        double ks = norm.kappa(p);
        double kt = norm.kappa(ps);
        double sqrtDelta = Math.sqrt(noise);
        GaussianMonteCarlo.Estimate[] mc = new GaussianMonteCarlo(cx).estimate(exact.length, (x, out) -> {
            double student = 0;
            for (int a = 0; a < p; a++) {
                student += x[a] * x[a];
            }
            double teacher = 0;
            for (int r = 0; r < ps; r++) {
                teacher += x[p + r] * x[p + r];
            }
            double clean = ks * student - kt * teacher;
            double err = clean - sqrtDelta * x[n];
            int k = 0;
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    double sa = 2 * x[a];
                    double sb = 2 * x[b];
                    double v = -eta * ks * err * (sa * x[b] + x[a] * sb);
                    if (eta2) {
                        v += eta * eta * ks * ks * err * err * sa * sb;
                    }
                    out[k++] = v;
                }
            }
            for (int a = 0; a < p; a++) {
                for (int r = 0; r < ps; r++) {
                    out[k++] = -eta * ks * err * 2 * x[a] * x[p + r];
                }
            }
            out[k] = 0.5 * clean * clean;
        }, SAMPLES, 1000L * p + 10L * ps + norm.ordinal());
        assertAllWithin(exact, mc, "ODE right-hand side");
    }

    private static void assertAllWithin(double[] exact, GaussianMonteCarlo.Estimate[] mc, String what) {
        for (int i = 0; i < exact.length; i++) {
            double z = mc[i].zScore(exact[i]);
            int ii = i;
            assertTrue(Math.abs(z) < 5, () -> what + " entry " + ii + ": exact " + exact[ii] + ", Monte Carlo "
                    + mc[ii].mean() + " ± " + mc[ii].standardError() + " (z = " + z + ")");
        }
    }
}
