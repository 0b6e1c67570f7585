package dev.overlap.ode.tails;

import dev.overlap.model.ModelSpec;

/**
 * {@link DeviationDynamics} for σ(z) = erf(z/√2): the equations of {@link dev.overlap.ode.ErfDynamics} with the
 * Saad–Solla integrals of {@link dev.overlap.ode.ErfIntegrals} in double-double arithmetic. With w = (κ_s, …, −κ_t, …):
 * <pre>
 *   dR_ar/dα = −η κ_s D(a, p+r)
 *   dQ_ab/dα = −η κ_s [D(a, b) + D(b, a)] + η² κ_s² [Σ_{i,j} w_i w_j I4(a, b, i, j) + Δ J2(a, b)]
 *   ε_g     = ½ Σ_{i,j} w_i w_j I2(i, j),   I2(i, j) = (2/π) arcsin(C_ij / √((1 + C_ii)(1 + C_jj)))
 * </pre>
 * where D(a, b) = Σ_c w_c I3(a, b, c). The integrals are regrouped so that each square root and quotient is taken
 * once per call rather than once per term:
 * <pre>
 *   D(a, b)   = (1 + C_aa) G(a, b) − C_ab G(a, a),   G(a, b) = Σ_c g(a, c) C_bc,
 *   g(a, c)   = (2/π) w_c / ((1 + C_aa) √Λ₃(a, c)),   Λ₃(a, c) = (1 + C_aa)(1 + C_cc) − C_ac²,
 *   I4(a, b, c, d) = (4/π²) Λ₄^{−1/2} arcsin(Λ₀(c, d) Λ₁(c)^{−1/2} Λ₁(d)^{−1/2}),   J2(a, b) = (2/π) Λ₄^{−1/2},
 *   Λ₄ = (1 + C_aa)(1 + C_bb) − C_ab²,   Λ₀(c, d) = Λ₄ C_cd − u_dᵀ v_c,   Λ₁(c) = Λ₄ (1 + C_cc) − u_cᵀ v_c,
 *   u_c = (C_ac, C_bc),   v_c = ((1 + C_bb) C_ac − C_ab C_bc, (1 + C_aa) C_bc − C_ab C_ac)
 * </pre>
 * (Λ₀, Λ₁ of {@link dev.overlap.ode.ErfIntegrals} with the adjugate of [[1 + C_aa, C_ab], [C_ab, 1 + C_bb]] factored
 * out); the teacher–teacher part of ε_g, a constant, is summed once. Near zero loss the O(1) terms cancel; in
 * double-double every sum keeps about 10⁻³⁰ absolute, so ε_g = 10⁻¹² is good to 10⁻¹⁸ relative (the double sum:
 * 10⁻⁴). The result equals the term-by-term evaluation to that rounding (ErfDeviationTest). Allocates nothing per call.
 */
final class ErfDeviation extends FieldDeviation {

    private static final DoubleDouble TWO_OVER_PI = DoubleDouble.of(2).divide(DoubleDouble.PI);
    private static final DoubleDouble FOUR_OVER_PI2 = DoubleDouble.of(4).divide(DoubleDouble.PI.multiply(DoubleDouble.PI));
    private static final DoubleDouble ONE_OVER_PI = DoubleDouble.ONE.divide(DoubleDouble.PI);

    /** w_i² on the diagonal, 2 w_i w_j off it (the weights of a sum over i ≤ j), row-major n×n. */
    private final double[] pairWeight;
    /** Σ_{r ≤ s} pairWeight · arcsin(T_rs / √((1 + T_rr)(1 + T_ss))) over the teacher fields: constant. */
    private final double teacherHi;
    private final double teacherLo;
    /** 1 + C_ii and (1 + C_ii)^{−1/2}, i &lt; n. */
    private final double[] onePlusHi;
    private final double[] onePlusLo;
    private final double[] rootHi;
    private final double[] rootLo;
    /** g(a, c), then G(a, b): row-major p×n. */
    private final double[] gHi;
    private final double[] gLo;
    private final double[] bigGHi;
    private final double[] bigGLo;
    /** v_c (both components) and Λ₁(c)^{−1/2} for the current (a, b), c &lt; n. */
    private final double[] v0Hi;
    private final double[] v0Lo;
    private final double[] v1Hi;
    private final double[] v1Lo;
    private final double[] invHi;
    private final double[] invLo;
    private final MutableDoubleDouble acc = new MutableDoubleDouble();
    private final MutableDoubleDouble x = new MutableDoubleDouble();
    private final MutableDoubleDouble y = new MutableDoubleDouble();

    ErfDeviation(ModelSpec spec, double[][] t) {
        super(spec, t);
        pairWeight = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                pairWeight[i * n + j] = i == j ? w[i] * w[i] : 2 * w[i] * w[j];
            }
        }
        onePlusHi = new double[n];
        onePlusLo = new double[n];
        rootHi = new double[n];
        rootLo = new double[n];
        gHi = new double[p * n];
        gLo = new double[p * n];
        bigGHi = new double[p * n];
        bigGLo = new double[p * n];
        v0Hi = new double[n];
        v0Lo = new double[n];
        v1Hi = new double[n];
        v1Lo = new double[n];
        invHi = new double[n];
        invLo = new double[n];
        for (int r = 0; r < ps; r++) {
            for (int s = 0; s < ps; s++) {
                cHi[(p + r) * n + p + s] = t[r][s];
            }
        }
        loadDiagonal(p, n);
        acc.reset();
        addArcsines(p, n);
        teacherHi = acc.hi();
        teacherLo = acc.lo();
    }

    /** 1 + C_ii and its inverse square root for i in [from, to) (the teacher's, i ≥ p, are set once). */
    private void loadDiagonal(int from, int to) {
        for (int i = from; i < to; i++) {
            x.set(cHi[i * n + i], cLo[i * n + i]).add(1);
            onePlusHi[i] = x.hi();
            onePlusLo[i] = x.lo();
            y.set(1, 0).divide(x.sqrt());
            rootHi[i] = y.hi();
            rootLo[i] = y.lo();
        }
    }

    /**
     * Adds Σ pairWeight_ij arcsin(C_ij (1 + C_ii)^{−1/2} (1 + C_jj)^{−1/2}) = (π/2) Σ pairWeight_ij I2(i, j) over
     * i in [from, to) and j in [i, n) to the accumulator.
     */
    private void addArcsines(int from, int to) {
        for (int i = from; i < to; i++) {
            for (int j = i; j < n; j++) {
                int ij = i * n + j;
                x.set(cHi[ij], cLo[ij]).multiply(rootHi[i], rootLo[i]).multiply(rootHi[j], rootLo[j]).asin();
                acc.addScaled(x.hi(), x.lo(), pairWeight[ij]);
            }
        }
    }

    @Override
    public void derivatives(double[] centre, double[] deviation, double[] out) {
        loadCovariance(centre, deviation);
        loadDiagonal(0, p);
        computeG();
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                acc.reset();
                addDrift(a, b);
                addDrift(b, a);
                acc.multiply(-eta * ks);
                if (eta2) {
                    double drHi = acc.hi();
                    double drLo = acc.lo();
                    noise(a, b);
                    acc.multiply(eta * eta * ks * ks).add(drHi, drLo);
                }
                out[k++] = acc.value();
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                acc.reset();
                addDrift(a, p + r);
                out[k++] = acc.multiply(-eta * ks).value();
            }
        }
    }

    /** g(a, c) for a &lt; p, c &lt; n, then G(a, b) = Σ_c g(a, c) C_bc for a &lt; p, b &lt; n. */
    private void computeG() {
        for (int a = 0; a < p; a++) {
            for (int c = 0; c < n; c++) {
                int ac = a * n + c;
                // (1 + C_aa) √Λ₃(a, c)
                y.set(onePlusHi[a], onePlusLo[a]).multiply(onePlusHi[c], onePlusLo[c])
                        .addProduct(-cHi[ac], -cLo[ac], cHi[ac], cLo[ac]).sqrt().multiply(onePlusHi[a], onePlusLo[a]);
                x.set(TWO_OVER_PI.hi(), TWO_OVER_PI.lo()).multiply(w[c]).divide(y);
                gHi[ac] = x.hi();
                gLo[ac] = x.lo();
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < n; b++) {
                x.reset();
                for (int c = 0; c < n; c++) {
                    x.addProduct(gHi[a * n + c], gLo[a * n + c], cHi[b * n + c], cLo[b * n + c]);
                }
                bigGHi[a * n + b] = x.hi();
                bigGLo[a * n + b] = x.lo();
            }
        }
    }

    /** Adds D(a, b) = (1 + C_aa) G(a, b) − C_ab G(a, a) to the accumulator. */
    private void addDrift(int a, int b) {
        int ab = a * n + b;
        int aa = a * n + a;
        acc.addProduct(onePlusHi[a], onePlusLo[a], bigGHi[ab], bigGLo[ab]);
        acc.addProduct(-cHi[ab], -cLo[ab], bigGHi[aa], bigGLo[aa]);
    }

    /** Sets the accumulator to Σ_{i,j} w_i w_j I4(a, b, i, j) + Δ J2(a, b). */
    private void noise(int a, int b) {
        int ab = a * n + b;
        // Λ₄ into y, kept in locals
        y.set(onePlusHi[a], onePlusLo[a]).multiply(onePlusHi[b], onePlusLo[b]).addProduct(-cHi[ab], -cLo[ab], cHi[ab],
                cLo[ab]);
        double l4Hi = y.hi();
        double l4Lo = y.lo();
        for (int c = 0; c < n; c++) {
            int ac = a * n + c;
            int bc = b * n + c;
            x.set(onePlusHi[b], onePlusLo[b]).multiply(cHi[ac], cLo[ac]).addProduct(-cHi[ab], -cLo[ab], cHi[bc], cLo[bc]);
            v0Hi[c] = x.hi();
            v0Lo[c] = x.lo();
            x.set(onePlusHi[a], onePlusLo[a]).multiply(cHi[bc], cLo[bc]).addProduct(-cHi[ab], -cLo[ab], cHi[ac], cLo[ac]);
            v1Hi[c] = x.hi();
            v1Lo[c] = x.lo();
            // Λ₁(c)^{−1/2}
            y.set(l4Hi, l4Lo).multiply(onePlusHi[c], onePlusLo[c]).addProduct(-cHi[ac], -cLo[ac], v0Hi[c], v0Lo[c])
                    .addProduct(-cHi[bc], -cLo[bc], v1Hi[c], v1Lo[c]).sqrt();
            x.set(1, 0).divide(y);
            invHi[c] = x.hi();
            invLo[c] = x.lo();
        }
        acc.reset();
        for (int c = 0; c < n; c++) {
            for (int d = c; d < n; d++) {
                int cd = c * n + d;
                x.set(l4Hi, l4Lo).multiply(cHi[cd], cLo[cd]).addProduct(-cHi[a * n + d], -cLo[a * n + d], v0Hi[c], v0Lo[c])
                        .addProduct(-cHi[b * n + d], -cLo[b * n + d], v1Hi[c], v1Lo[c]).multiply(invHi[c], invLo[c])
                        .multiply(invHi[d], invLo[d]).asin();
                acc.addScaled(x.hi(), x.lo(), pairWeight[cd]);
            }
        }
        acc.multiply(FOUR_OVER_PI2.hi(), FOUR_OVER_PI2.lo());
        if (delta != 0) {
            acc.addScaled(TWO_OVER_PI.hi(), TWO_OVER_PI.lo(), delta);
        }
        y.set(l4Hi, l4Lo).sqrt();
        acc.divide(y);
    }

    @Override
    public double generalisationError(double[] centre, double[] deviation) {
        loadCovariance(centre, deviation);
        loadDiagonal(0, p);
        acc.set(teacherHi, teacherLo);
        addArcsines(0, p);
        return Math.max(0, acc.multiply(ONE_OVER_PI.hi(), ONE_OVER_PI.lo()).value());
    }
}
