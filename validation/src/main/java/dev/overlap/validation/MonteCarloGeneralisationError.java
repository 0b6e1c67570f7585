package dev.overlap.validation;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.RandomStreams;

/**
 * ε_g(Q, R, T) = ½ E[(ŷ − y)²] on clean labels, estimated by Monte Carlo, for activations whose theory has no
 * closed form: the local fields Λ = (λ, ν) ~ N(0, C), C = [[Q, R], [Rᵀ, T]], are sampled as Λ = L ξ with
 * C = L Lᵀ (Cholesky; a non-positive pivot of a semi-definite C gives a zero column) and a fixed set of
 * {@code samples} standard Gaussian vectors ξ (stream {@link RandomStreams#EPS_G_MONTE_CARLO} of {@code seed}), so that the
 * estimate is a smooth, deterministic function of the overlaps (common random numbers along a run). Its
 * statistical error is about sd((ŷ − y)²/2)/√samples. Instances keep buffers and are not thread-safe.
 */
final class MonteCarloGeneralisationError {

    private final int p;
    private final int pstar;
    private final int n;
    private final Activation activation;
    private final double kappaStudent;
    private final double kappaTeacher;
    private final double[] normals;
    private final int samples;
    private final double[] c;
    private final double[] l;
    private final double[] fields;

    MonteCarloGeneralisationError(ModelSpec spec, double[][] t, int samples, long seed) {
        this.p = spec.p();
        this.pstar = spec.pstar();
        this.n = p + pstar;
        this.activation = spec.activation();
        this.kappaStudent = spec.kappaStudent();
        this.kappaTeacher = spec.kappaTeacher();
        this.samples = samples;
        this.normals = new double[samples * n];
        ZigguratSampler.NormalizedGaussian g =
                ZigguratSampler.NormalizedGaussian.of(RandomStreams.stream(seed, RandomStreams.EPS_G_MONTE_CARLO));
        for (int i = 0; i < normals.length; i++) {
            normals[i] = g.sample();
        }
        this.c = new double[n * n];
        for (int r = 0; r < pstar; r++) {
            for (int s = 0; s < pstar; s++) {
                c[(p + r) * n + p + s] = t[r][s];
            }
        }
        this.l = new double[n * n];
        this.fields = new double[n];
    }

    /** The estimate at the flat state y (upper triangle of Q, then R). */
    double epsG(double[] y) {
        Overlaps.loadCovariance(p, pstar, y, c);
        cholesky();
        double sum = 0;
        for (int m = 0; m < samples; m++) {
            int off = m * n;
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int j = 0; j <= i; j++) {
                    v += l[i * n + j] * normals[off + j];
                }
                fields[i] = v;
            }
            double student = 0;
            for (int a = 0; a < p; a++) {
                student += activation.value(fields[a]);
            }
            double teacher = 0;
            for (int r = 0; r < pstar; r++) {
                teacher += activation.value(fields[p + r]);
            }
            double e = kappaStudent * student - kappaTeacher * teacher;
            sum += e * e;
        }
        return 0.5 * sum / samples;
    }

    /** Lower-triangular L with L Lᵀ = C; a pivot ≤ 1e-14 · max(1, C_ii) leaves a zero column. */
    private void cholesky() {
        java.util.Arrays.fill(l, 0.0);
        for (int j = 0; j < n; j++) {
            double d = c[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (d <= 1e-14 * Math.max(1.0, c[j * n + j])) {
                continue;
            }
            double root = Math.sqrt(d);
            l[j * n + j] = root;
            for (int i = j + 1; i < n; i++) {
                double v = c[i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = v / root;
            }
        }
    }
}
