package dev.overlap.ode.finiten;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;

/**
 * The diffusion matrix for σ(z) = z², in closed form.
 *
 * <p>With Λ = (λ, ν) ~ N(0, C), A = diag(κ_s I_p, −κ_t I_p*), the clean error is ΛᵀAΛ and e = ΛᵀAΛ − √Δ ζ. Every
 * component of ξ = N·ΔΩ is a pair of fields times a polynomial in e:
 * <pre>
 *   ξ_{Q_ab} = λ_a λ_b (−4ηκ_s e + 4η²κ_s² e²),      ξ_{R_ar} = λ_a ν_r (−2ηκ_s e),
 * </pre>
 * so E[ξ] and E[ξ ξᵀ] need the moments E[Λ_iΛ_j (ΛᵀAΛ)^k] (k ≤ 2) and E[Λ_iΛ_jΛ_kΛ_l (ΛᵀAΛ)^k] (k ≤ 4). They
 * come from the Gaussian identity, for a polynomial f,
 * <pre>
 *   E[e^{tΛᵀAΛ} f(Λ)] = det(I − 2tAC)^{-½} E_{C_t}[f],    C_t = C (I − 2tAC)^{-1} = Σ_u (2t)^u C (AC)^u,
 *   det(I − 2tAC)^{-½} = exp(Σ_j (2t)^j tr((AC)^j)/(2j)) = Σ_n s_n t^n,
 * </pre>
 * as formal power series in t (valid for singular C): E[f (ΛᵀAΛ)^k] = k! [t^k] s(t) E_{C_t}[f], with E_{C_t} of
 * two and four fields given by Isserlis' theorem in the entries of C_t. The label noise enters through the
 * moments E[ζ^j] = 1, 0, 1, 0, 3. Cost O((p + p*)³ + d²) per evaluation, d the state dimension; no allocation.
 */
public final class QuadraticDiffusion implements Diffusion {

    private static final double[] NOISE_MOMENTS = {1, 0, 1, 0, 3};
    private static final double[] FACTORIAL = {1, 1, 2, 6, 24};
    private static final int ORDER = 5;

    private final int p;
    private final int pstar;
    private final int r;
    private final int d;
    private final double[] a;
    private final double noiseSd;
    private final int[] first;
    private final int[] second;
    /** Coefficients of ξ_I as a polynomial in e: coef[3 I + m] multiplies e^m. */
    private final double[] coef;
    private final double[] cov;
    /** K_u = 2^u C (AC)^u, u = 0 … 4, each r×r. */
    private final double[][] k;
    private final double[] ac;
    private final double[] s = new double[ORDER];
    private final double[] logSeries = new double[ORDER];
    private final double[] mean;
    private final double[] cleanMoments = new double[ORDER];
    private final double[] noisyMoments = new double[ORDER];

    /** For a spec whose activation is z² and the teacher overlap T. */
    public QuadraticDiffusion(ModelSpec spec, double[][] t) {
        this.p = spec.p();
        this.pstar = spec.pstar();
        this.r = p + pstar;
        this.d = Overlaps.stateDimension(p, pstar);
        this.a = new double[r];
        for (int i = 0; i < r; i++) {
            a[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
        this.noiseSd = Math.sqrt(spec.noise());
        double eta = spec.eta();
        double ks = spec.kappaStudent();
        this.first = new int[d];
        this.second = new int[d];
        this.coef = new double[3 * d];
        int c = 0;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                first[c] = i;
                second[c] = j;
                coef[3 * c + 1] = -4 * eta * ks;
                coef[3 * c + 2] = 4 * eta * eta * ks * ks;
                c++;
            }
        }
        for (int i = 0; i < p; i++) {
            for (int s2 = 0; s2 < pstar; s2++) {
                first[c] = i;
                second[c] = p + s2;
                coef[3 * c + 1] = -2 * eta * ks;
                c++;
            }
        }
        this.cov = new double[r * r];
        for (int u = 0; u < pstar; u++) {
            for (int v = 0; v < pstar; v++) {
                cov[(p + u) * r + p + v] = t[u][v];
            }
        }
        this.k = new double[ORDER][r * r];
        this.ac = new double[r * r];
        this.mean = new double[d];
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public String methodName() {
        return "closed-form";
    }

    @Override
    public void drift(double[] y, double[] out) {
        prepare(y);
        System.arraycopy(mean, 0, out, 0, d);
    }

    @Override
    public void diffusion(double[] y, double[] out) {
        prepare(y);
        for (int x = 0; x < d; x++) {
            for (int z = x; z < d; z++) {
                fourFieldMoments(first[x], second[x], first[z], second[z]);
                double v = 0;
                for (int m = 0; m < 3; m++) {
                    double cx = coef[3 * x + m];
                    if (cx == 0) {
                        continue;
                    }
                    for (int m2 = 0; m2 < 3; m2++) {
                        v += cx * coef[3 * z + m2] * noisyMoments[m + m2];
                    }
                }
                v -= mean[x] * mean[z];
                out[x * d + z] = v;
                out[z * d + x] = v;
            }
        }
    }

    /** C, the series K_u and s_n at state y, and the drift. */
    private void prepare(double[] y) {
        Overlaps.loadCovariance(p, pstar, y, cov);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                ac[i * r + j] = a[i] * cov[i * r + j];
            }
        }
        System.arraycopy(cov, 0, k[0], 0, r * r);
        for (int u = 1; u < ORDER; u++) {
            double[] prev = k[u - 1];
            double[] next = k[u];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    double v = 0;
                    for (int l = 0; l < r; l++) {
                        v += prev[i * r + l] * ac[l * r + j];
                    }
                    next[i * r + j] = 2 * v;
                }
            }
        }
        // log s(t) = Σ_j ℓ_j t^j with ℓ_j = 2^j tr((AC)^j)/(2j) = (1/j) Σ_i a_i (K_{j−1})_ii
        double[] ell = logSeries;
        for (int j = 1; j < ORDER; j++) {
            double tr = 0;
            for (int i = 0; i < r; i++) {
                tr += a[i] * k[j - 1][i * r + i];
            }
            ell[j] = tr / j;
        }
        s[0] = 1;
        for (int n = 1; n < ORDER; n++) {
            double v = 0;
            for (int j = 1; j <= n; j++) {
                v += j * ell[j] * s[n - j];
            }
            s[n] = v / n;
        }
        for (int x = 0; x < d; x++) {
            int i = first[x];
            int j = second[x];
            for (int q = 0; q < 3; q++) {
                double v = 0;
                for (int n = 0; n <= q; n++) {
                    v += s[q - n] * k[n][i * r + j];
                }
                cleanMoments[q] = FACTORIAL[q] * v;
            }
            addNoise(3);
            double f = 0;
            for (int m = 0; m < 3; m++) {
                f += coef[3 * x + m] * noisyMoments[m];
            }
            mean[x] = f;
        }
    }

    /** E[Λ_iΛ_jΛ_kΛ_l e^m], m = 0 … 4, into {@link #noisyMoments}. */
    private void fourFieldMoments(int i, int j, int kk, int l) {
        for (int q = 0; q < ORDER; q++) {
            double v = 0;
            for (int n = 0; n <= q; n++) {
                double x = 0;
                for (int u = 0; u <= n; u++) {
                    double[] ku = k[u];
                    double[] kv = k[n - u];
                    x += ku[i * r + j] * kv[kk * r + l] + ku[i * r + kk] * kv[j * r + l] + ku[i * r + l] * kv[j * r + kk];
                }
                v += s[q - n] * x;
            }
            cleanMoments[q] = FACTORIAL[q] * v;
        }
        addNoise(ORDER);
    }

    /**
     * From the clean moments E[f (ΛᵀAΛ)^q] to E[f e^m], e = ΛᵀAΛ − √Δ ζ:
     * E[f e^m] = Σ_q C(m, q) E[f (ΛᵀAΛ)^q] (−√Δ)^{m−q} E[ζ^{m−q}].
     */
    private void addNoise(int orders) {
        for (int m = 0; m < orders; m++) {
            double v = cleanMoments[m];
            if (noiseSd != 0) {
                double binom = 1;
                for (int q = m - 1; q >= 0; q--) {
                    binom = binom * (q + 1) / (m - q);
                    int j = m - q;
                    v += binom * cleanMoments[q] * Math.pow(-noiseSd, j) * NOISE_MOMENTS[j];
                }
            }
            noisyMoments[m] = v;
        }
    }
}
