package dev.overlap.ode.tails;

import dev.overlap.model.ModelSpec;

/**
 * {@link DeviationDynamics} for σ(z) = z², the closed matrix form of {@link dev.overlap.ode.QuadraticClosedFormDynamics}
 * in double-double arithmetic. With C = [[Q, R], [Rᵀ, T]] and D = diag(κ_s I_p, −κ_t I_p*):
 * <pre>
 *   dR/dα = −2ηκ_s [tr(DC) C + 2 CDC]₁₂
 *   dQ/dα = −4ηκ_s [tr(DC) C + 2 CDC]₁₁ + 4η²κ_s² [(E[z²] + Δ) C + 4 tr(DC) CDC + 8 CDCDC]₁₁   (η² term optional)
 *   ε_g   = ½ E[z²] = ½ [(tr DC)² + 2 tr(DCDC)],   tr(DCDC) = Σ_ij d_i d_j C_ij²
 * </pre>
 * Every product and sum is a double-double, so the O(1) terms that cancel near the zero-loss manifold leave
 * about 10⁻³⁰ absolute instead of 10⁻¹⁶.
 */
final class QuadraticDeviation implements DeviationDynamics {

    private final int p;
    private final int ps;
    private final int n;
    private final double[][] t;
    private final double[] d;
    private final double driftR;
    private final double driftQ;
    private final double noiseQ;
    private final double delta;
    private final double[] cHi;
    private final double[] cLo;
    private final double[] cdcHi;
    private final double[] cdcLo;
    private final double[] cdcdcHi;
    private final double[] cdcdcLo;
    private DoubleDouble trace;
    private DoubleDouble meanZ2;

    QuadraticDeviation(ModelSpec spec, double[][] t) {
        this.p = spec.p();
        this.ps = spec.pstar();
        this.n = p + ps;
        this.t = t;
        this.d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
        double eta = spec.eta();
        double ks = spec.kappaStudent();
        this.driftR = -2 * eta * ks;
        this.driftQ = -4 * eta * ks;
        this.noiseQ = spec.eta2() ? 4 * eta * eta * ks * ks : 0.0;
        this.delta = spec.noise();
        this.cHi = new double[n * n];
        this.cLo = new double[n * n];
        this.cdcHi = new double[p * n];
        this.cdcLo = new double[p * n];
        this.cdcdcHi = new double[p * n];
        this.cdcdcLo = new double[p * n];
    }

    @Override
    public int dimension() {
        return p * (p + 1) / 2 + p * ps;
    }

    private DoubleDouble c(int i, int j) {
        return new DoubleDouble(cHi[i * n + j], cLo[i * n + j]);
    }

    /** Loads C and computes tr DC and E[z²] = (tr DC)² + 2 Σ_ij d_i d_j C_ij². */
    private void moments(double[] centre, double[] deviation) {
        DeviationDynamics.loadCovariance(p, ps, t, centre, deviation, cHi, cLo);
        DoubleDouble tr = DoubleDouble.ZERO;
        DoubleDouble squares = DoubleDouble.ZERO;
        for (int i = 0; i < n; i++) {
            tr = tr.add(c(i, i).multiply(d[i]));
            for (int j = 0; j < n; j++) {
                DoubleDouble cij = c(i, j);
                squares = squares.add(cij.multiply(cij).multiply(d[i] * d[j]));
            }
        }
        trace = tr;
        meanZ2 = tr.multiply(tr).add(squares.multiply(2));
    }

    @Override
    public void derivatives(double[] centre, double[] deviation, double[] out) {
        moments(centre, deviation);
        // CDC and CDCDC, first p rows: (CDC)_ij = Σ_k C_ik d_k C_kj, (CDCDC)_ij = Σ_k (CDC)_ik d_k C_kj
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                DoubleDouble s = DoubleDouble.ZERO;
                for (int k = 0; k < n; k++) {
                    s = s.add(c(i, k).multiply(c(k, j)).multiply(d[k]));
                }
                cdcHi[i * n + j] = s.hi();
                cdcLo[i * n + j] = s.lo();
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                DoubleDouble s = DoubleDouble.ZERO;
                for (int k = 0; k < n; k++) {
                    s = s.add(new DoubleDouble(cdcHi[i * n + k], cdcLo[i * n + k]).multiply(c(k, j)).multiply(d[k]));
                }
                cdcdcHi[i * n + j] = s.hi();
                cdcdcLo[i * n + j] = s.lo();
            }
        }
        DoubleDouble noisy = meanZ2.add(delta);
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                DoubleDouble v = meanZOuter(a, b).multiply(driftQ);
                if (noiseQ != 0) {
                    DoubleDouble noise = noisy.multiply(c(a, b)).add(trace.multiply(cdc(a, b)).multiply(4))
                            .add(new DoubleDouble(cdcdcHi[a * n + b], cdcdcLo[a * n + b]).multiply(8));
                    v = v.add(noise.multiply(noiseQ));
                }
                out[k++] = v.doubleValue();
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                out[k++] = meanZOuter(a, p + r).multiply(driftR).doubleValue();
            }
        }
    }

    private DoubleDouble cdc(int i, int j) {
        return new DoubleDouble(cdcHi[i * n + j], cdcLo[i * n + j]);
    }

    /** E[z Λ_i Λ_j] = tr(DC) C_ij + 2 (CDC)_ij. */
    private DoubleDouble meanZOuter(int i, int j) {
        return trace.multiply(c(i, j)).add(cdc(i, j).multiply(2));
    }

    @Override
    public double generalisationError(double[] centre, double[] deviation) {
        moments(centre, deviation);
        return Math.max(0, 0.5 * meanZ2.doubleValue());
    }
}
