package dev.overlap.ode.finiten;

import java.util.Locale;
import java.util.OptionalInt;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.ode.ActivationTheory;

/**
 * The diffusion matrix (and drift) by tensor Gauss–Hermite quadrature over the fields, for any activation.
 *
 * <p>Write e = e₀ − √Δ ζ with e₀ = κ_s Σ σ(λ_a) − κ_t Σ σ(ν_r). Each component of ξ = N·ΔΩ is a polynomial in e
 * with field-dependent coefficients, ξ_I = Σ_m B_{I,m}(Λ) e^m:
 * <pre>
 *   Q_ab: B_1 = −ηκ_s (σ'(λ_a) λ_b + σ'(λ_b) λ_a),  B_2 = η²κ_s² σ'(λ_a) σ'(λ_b);     R_ar: B_1 = −ηκ_s σ'(λ_a) ν_r,
 * </pre>
 * so E[ξ_I ξ_J] = E_Λ[Σ B_{I,m} B_{J,m'} E_ζ[e^{m+m'}]] with the label noise integrated exactly. The field
 * expectation is over Λ = L z, C = L Lᵀ (Cholesky tolerating zero pivots), z on the tensor product of the m-point
 * Gauss–Hermite rule for the weight e^{−z²/2}: exact when the integrand is a polynomial of degree ≤ 2m − 1 in each
 * z_i. For a polynomial activation of degree k the integrand has degree 8k − 4, so the rule is exact from
 * m = 4k − 1 on (m = 7 for z²); for erf, ReLU and |z| it is a numerical approximation (for erf, measured against
 * the closed-form drift at p = p* = 1: absolute error 3e-5 at 12 nodes, 4e-7 at 16, on a drift of size 4e-2;
 * ReLU and |z| converge more slowly because of their kinks). The number of nodes per dimension is the largest m ≤ {@value #MAX_NODES} with
 * m^{p+p*} ≤ {@value #MAX_POINTS}, at least {@value #MIN_NODES}.
 */
public final class GaussHermiteDiffusion implements Diffusion {

    static final int MAX_POINTS = 300_000;
    static final int MAX_NODES = 16;
    static final int MIN_NODES = 4;

    private final int p;
    private final int pstar;
    private final int r;
    private final int d;
    private final int nodes;
    private final Activation sigma;
    private final double ks;
    private final double kt;
    private final double eta;
    private final double noiseSd;
    private final double[] point;
    private final double[] weight;
    private final double[] cov;
    private final double[] factor;
    private final int[] index;
    private final double[] z;
    private final double[] fields;
    private final double[] deriv;
    private final double[] b1;
    private final double[] b2;
    private final double[] eMoments = new double[5];
    private final double[] second;
    private final double[] mean;

    private GaussHermiteDiffusion(ModelSpec spec, double[][] t, int nodes) {
        this.p = spec.p();
        this.pstar = spec.pstar();
        this.r = p + pstar;
        this.d = Overlaps.stateDimension(p, pstar);
        this.nodes = nodes;
        this.sigma = spec.activation();
        this.ks = spec.kappaStudent();
        this.kt = spec.kappaTeacher();
        this.eta = spec.eta();
        this.noiseSd = Math.sqrt(spec.noise());
        GaussIntegrator rule = new GaussIntegratorFactory().hermite(nodes);
        this.point = new double[nodes];
        this.weight = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            point[i] = Math.sqrt(2) * rule.getPoint(i);
            weight[i] = rule.getWeight(i) / Math.sqrt(Math.PI);
        }
        this.cov = new double[r * r];
        for (int u = 0; u < pstar; u++) {
            for (int v = 0; v < pstar; v++) {
                cov[(p + u) * r + p + v] = t[u][v];
            }
        }
        this.factor = new double[r * r];
        this.index = new int[r];
        this.z = new double[r];
        this.fields = new double[r];
        this.deriv = new double[p];
        this.b1 = new double[d];
        this.b2 = new double[d];
        this.second = new double[d * d];
        this.mean = new double[d];
    }

    /**
     * The quadrature for a spec, with the node count of the class comment.
     *
     * @return the quadrature diffusion
     * @throws SpecException if p + p* is so large that fewer than {@value #MIN_NODES} nodes per dimension fit
     */
    public static GaussHermiteDiffusion of(ModelSpec spec, double[][] t) {
        int r = spec.p() + spec.pstar();
        int m = MIN_NODES - 1;
        while (m < MAX_NODES && Math.pow(m + 1, r) <= MAX_POINTS) {
            m++;
        }
        if (m < MIN_NODES) {
            throw new SpecException(String.format(Locale.ROOT, "the diffusion of '%s' is computed by Gauss–Hermite"
                    + " quadrature over the p + p* = %d fields, which needs %d^%d points: too many (the quadratic"
                    + " activation has a closed form at any width)", spec.activation().name(), r, MIN_NODES, r));
        }
        return new GaussHermiteDiffusion(spec, t, m);
    }

    /**
     * The quadrature with m nodes per dimension (m ≥ 1), whatever the cost.
     *
     * @return the quadrature diffusion with m nodes per dimension
     */
    public static GaussHermiteDiffusion withNodes(ModelSpec spec, double[][] t, int m) {
        return new GaussHermiteDiffusion(spec, t, m);
    }

    /**
     * Nodes per dimension.
     *
     * @return m, the nodes per dimension
     */
    public int nodes() {
        return nodes;
    }

    /**
     * Whether the rule is exact: a polynomial activation of degree k with m ≥ 4k − 1 nodes.
     *
     * @return true if the quadrature integrates the integrands exactly
     */
    public boolean exact() {
        OptionalInt degree = ActivationTheory.of(sigma).polynomialDegree();
        return degree.isPresent() && nodes >= 4 * degree.getAsInt() - 1;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public boolean expensive() {
        return true;
    }

    @Override
    public String methodName() {
        return "gauss-hermite-" + nodes + (exact() ? " (exact)" : "");
    }

    @Override
    public void drift(double[] y, double[] out) {
        integrate(y, false);
        System.arraycopy(mean, 0, out, 0, d);
    }

    @Override
    public void diffusion(double[] y, double[] out) {
        integrate(y, true);
        for (int x = 0; x < d; x++) {
            for (int w = x; w < d; w++) {
                double v = second[x * d + w] - mean[x] * mean[w];
                out[x * d + w] = v;
                out[w * d + x] = v;
            }
        }
    }

    private void integrate(double[] y, boolean withSecond) {
        Overlaps.loadCovariance(p, pstar, y, cov);
        dev.overlap.ode.ClampedCholesky.factor(cov, r, factor);
        java.util.Arrays.fill(mean, 0.0);
        if (withSecond) {
            java.util.Arrays.fill(second, 0.0);
        }
        java.util.Arrays.fill(index, 0);
        while (true) {
            double w = 1;
            for (int i = 0; i < r; i++) {
                z[i] = point[index[i]];
                w *= weight[index[i]];
            }
            accumulate(w, withSecond);
            int i = 0;
            while (i < r && ++index[i] == nodes) {
                index[i] = 0;
                i++;
            }
            if (i == r) {
                break;
            }
        }
    }

    /** Adds one node's contribution (weight w) to the first and second moments of ξ. */
    private void accumulate(double w, boolean withSecond) {
        for (int i = 0; i < r; i++) {
            double v = 0;
            for (int k = 0; k <= i; k++) {
                v += factor[i * r + k] * z[k];
            }
            fields[i] = v;
        }
        double e0 = 0;
        for (int a = 0; a < p; a++) {
            e0 += ks * sigma.value(fields[a]);
            deriv[a] = sigma.derivative(fields[a]);
        }
        for (int s = 0; s < pstar; s++) {
            e0 -= kt * sigma.value(fields[p + s]);
        }
        // E_ζ[e^k], e = e0 − √Δ ζ, ζ ~ N(0, 1), k = 0 … 4 (moments 1, 0, 1, 0, 3 of ζ)
        double e2 = e0 * e0;
        double s2 = noiseSd * noiseSd;
        eMoments[0] = 1;
        eMoments[1] = e0;
        eMoments[2] = e2 + s2;
        eMoments[3] = e0 * (e2 + 3 * s2);
        eMoments[4] = e2 * e2 + 6 * e2 * s2 + 3 * s2 * s2;
        int c = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                b1[c] = -eta * ks * (deriv[a] * fields[b] + deriv[b] * fields[a]);
                b2[c] = eta * eta * ks * ks * deriv[a] * deriv[b];
                c++;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int s = 0; s < pstar; s++) {
                b1[c] = -eta * ks * deriv[a] * fields[p + s];
                b2[c] = 0;
                c++;
            }
        }
        for (int x = 0; x < d; x++) {
            mean[x] += w * (b1[x] * eMoments[1] + b2[x] * eMoments[2]);
        }
        if (withSecond) {
            for (int x = 0; x < d; x++) {
                double p1 = w * b1[x];
                double p2 = w * b2[x];
                for (int v = x; v < d; v++) {
                    second[x * d + v] += p1 * (b1[v] * eMoments[2] + b2[v] * eMoments[3])
                            + p2 * (b1[v] * eMoments[3] + b2[v] * eMoments[4]);
                }
            }
        }
    }
}
