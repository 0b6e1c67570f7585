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

    /** Widths and the constants of the equations, shared with {@link QuadraticDifference}. */
    final int p;
    final int ps;
    final int n;
    final double[][] t;
    final double[] d;
    final double driftR;
    final double driftQ;
    final double noiseQ;
    final double delta;
    private final double[] cHi;
    private final double[] cLo;
    private final double[] cdcHi;
    private final double[] cdcLo;
    private final double[] cdcdcHi;
    private final double[] cdcdcLo;
    private final MutableDoubleDouble acc = new MutableDoubleDouble();
    private double traceHi;
    private double traceLo;
    private double meanZ2Hi;
    private double meanZ2Lo;

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

    /** Loads C and computes tr DC and E[z²] = (tr DC)² + 2 Σ_ij d_i d_j C_ij²; allocates nothing. */
    private void moments(double[] centre, double[] deviation) {
        DeviationDynamics.loadCovariance(p, ps, t, centre, deviation, cHi, cLo);
        acc.reset();
        for (int i = 0; i < n; i++) {
            acc.addScaled(cHi[i * n + i], cLo[i * n + i], d[i]);
        }
        traceHi = acc.hi();
        traceLo = acc.lo();
        acc.reset();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int ij = i * n + j;
                acc.addProduct(cHi[ij], cLo[ij], cHi[ij], cLo[ij], d[i] * d[j]);
            }
        }
        double squaresHi = acc.hi();
        double squaresLo = acc.lo();
        acc.reset();
        acc.addProduct(traceHi, traceLo, traceHi, traceLo, 1);
        acc.addScaled(squaresHi, squaresLo, 2);
        meanZ2Hi = acc.hi();
        meanZ2Lo = acc.lo();
    }

    /** (C D B)_ij for the first p rows, B = C (into cdc) or B = CDC (into cdcdc): Σ_k A_ik d_k C_kj; no allocation. */
    private void multiplyByDC(double[] aHi, double[] aLo, double[] outHi, double[] outLo) {
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                acc.reset();
                for (int k = 0; k < n; k++) {
                    acc.addProduct(aHi[i * n + k], aLo[i * n + k], cHi[k * n + j], cLo[k * n + j], d[k]);
                }
                outHi[i * n + j] = acc.hi();
                outLo[i * n + j] = acc.lo();
            }
        }
    }

    /** Adds drift · E[z Λ_a Λ_j] = drift · [tr(DC) C_aj + 2 (CDC)_aj] to the accumulator. */
    private void addMeanZOuter(int a, int j, double drift) {
        int aj = a * n + j;
        acc.addProduct(traceHi, traceLo, cHi[aj], cLo[aj], drift);
        acc.addScaled(cdcHi[aj], cdcLo[aj], 2 * drift);
    }

    @Override
    public void derivatives(double[] centre, double[] deviation, double[] out) {
        moments(centre, deviation);
        multiplyByDC(cHi, cLo, cdcHi, cdcLo);
        multiplyByDC(cdcHi, cdcLo, cdcdcHi, cdcdcLo);
        acc.reset();
        acc.add(meanZ2Hi, meanZ2Lo);
        acc.add(delta, 0);
        double noisyHi = acc.hi();
        double noisyLo = acc.lo();
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                int ab = a * n + b;
                acc.reset();
                addMeanZOuter(a, b, driftQ);
                if (noiseQ != 0) {
                    acc.addProduct(noisyHi, noisyLo, cHi[ab], cLo[ab], noiseQ);
                    acc.addProduct(traceHi, traceLo, cdcHi[ab], cdcLo[ab], 4 * noiseQ);
                    acc.addScaled(cdcdcHi[ab], cdcdcLo[ab], 8 * noiseQ);
                }
                out[k++] = acc.value();
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                acc.reset();
                addMeanZOuter(a, p + r, driftR);
                out[k++] = acc.value();
            }
        }
    }

    @Override
    public double generalisationError(double[] centre, double[] deviation) {
        moments(centre, deviation);
        return Math.max(0, 0.5 * (meanZ2Hi + meanZ2Lo));
    }

    /**
     * tr(DC) of the last evaluation, rounded.
     *
     * @return s = tr(DC) at the state of the last {@link #derivatives} or {@link #generalisationError} call
     */
    double trace() {
        return traceHi + traceLo;
    }

    /**
     * E[z²] of the last evaluation, rounded.
     *
     * @return m = (tr DC)² + 2 tr(DCDC) at the state of the last call
     */
    double meanZ2() {
        return meanZ2Hi + meanZ2Lo;
    }

    /** Writes the first p rows of CDC (p × n, row-major) of the last {@link #derivatives} call, rounded, into out. */
    void cdcRows(double[] out) {
        for (int i = 0; i < p * n; i++) {
            out[i] = cdcHi[i] + cdcLo[i];
        }
    }
}
