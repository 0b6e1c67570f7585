package dev.overlap.ode.tails;

import dev.overlap.model.ModelSpec;

/**
 * Test reference: {@code ErfDeviation} as it was before it became allocation-free (commit b343083), built from
 * {@link DoubleDouble} records.
 *
 * <p>{@link DeviationDynamics} for σ(z) = erf(z/√2): the equations of {@link dev.overlap.ode.ErfDynamics} with the
 * Saad–Solla integrals of {@link dev.overlap.ode.ErfIntegrals} in double-double arithmetic. With w = (κ_s, …, −κ_t, …):
 * <pre>
 *   dR_ar/dα = −η κ_s Σ_i w_i I3(a, p+r, i)
 *   dQ_ab/dα = −η κ_s Σ_i w_i [I3(a, b, i) + I3(b, a, i)] + η² κ_s² [Σ_{i,j} w_i w_j I4(a, b, i, j) + Δ J2(a, b)]
 *   ε_g     = ½ Σ_{i,j} w_i w_j I2(i, j),   I2(a, b) = (2/π) arcsin(C_ab / √((1 + C_aa)(1 + C_bb)))
 * </pre>
 * Near zero loss the arcsines of the student and teacher fields cancel; in double-double the sum keeps about 10⁻³⁰
 * absolute, so ε_g = 10⁻¹² is good to 10⁻¹⁸ relative (the double sum: 10⁻⁴).
 */
final class RecordErfDeviation extends RecordFieldDeviation {

    private static final DoubleDouble TWO_OVER_PI = DoubleDouble.of(2).divide(DoubleDouble.PI);
    private static final DoubleDouble FOUR_OVER_PI2 = DoubleDouble.of(4).divide(DoubleDouble.PI.multiply(DoubleDouble.PI));

    RecordErfDeviation(ModelSpec spec, double[][] t) {
        super(spec, t);
    }

    /** 1 + C_ii. */
    private DoubleDouble onePlus(int i) {
        return c(i, i).add(1);
    }

    /** I2(a, b) = (2/π) arcsin(C_ab / √((1 + C_aa)(1 + C_bb))). */
    DoubleDouble i2(int a, int b) {
        return TWO_OVER_PI.multiply(c(a, b).divide(onePlus(a).multiply(onePlus(b)).sqrt()).asin());
    }

    /** I3(a, b, c) = (2/π) (C_bc (1 + C_aa) − C_ab C_ac) / ((1 + C_aa) √Λ₃), Λ₃ = (1 + C_aa)(1 + C_cc) − C_ac². */
    DoubleDouble i3(int a, int b, int cc) {
        DoubleDouble caa = onePlus(a);
        DoubleDouble cac = c(a, cc);
        DoubleDouble lambda3 = caa.multiply(onePlus(cc)).subtract(cac.multiply(cac));
        DoubleDouble numerator = c(b, cc).multiply(caa).subtract(c(a, b).multiply(cac));
        return TWO_OVER_PI.multiply(numerator).divide(caa.multiply(lambda3.sqrt()));
    }

    /** I4(a, b, c, d) = (4/π²) Λ₄^{−1/2} arcsin(Λ₀ / √(Λ₁Λ₂)) ({@link dev.overlap.ode.ErfIntegrals}). */
    DoubleDouble i4(int a, int b, int cc, int d) {
        DoubleDouble caa = onePlus(a);
        DoubleDouble cbb = onePlus(b);
        DoubleDouble cab = c(a, b);
        DoubleDouble cac = c(a, cc);
        DoubleDouble cad = c(a, d);
        DoubleDouble cbc = c(b, cc);
        DoubleDouble cbd = c(b, d);
        DoubleDouble l4 = caa.multiply(cbb).subtract(cab.multiply(cab));
        DoubleDouble l0 = l4.multiply(c(cc, d)).subtract(cbc.multiply(cbd).multiply(caa))
                .subtract(cac.multiply(cad).multiply(cbb)).add(cab.multiply(cac).multiply(cbd))
                .add(cab.multiply(cad).multiply(cbc));
        DoubleDouble l1 = l4.multiply(onePlus(cc)).subtract(cbc.multiply(cbc).multiply(caa))
                .subtract(cac.multiply(cac).multiply(cbb)).add(cab.multiply(cac).multiply(cbc).multiply(2));
        DoubleDouble l2 = l4.multiply(onePlus(d)).subtract(cbd.multiply(cbd).multiply(caa))
                .subtract(cad.multiply(cad).multiply(cbb)).add(cab.multiply(cad).multiply(cbd).multiply(2));
        return FOUR_OVER_PI2.multiply(l0.divide(l1.multiply(l2).sqrt()).asin()).divide(l4.sqrt());
    }

    /** J2(a, b) = (2/π) (1 + C_aa + C_bb + C_aa C_bb − C_ab²)^{−1/2}. */
    DoubleDouble j2(int a, int b) {
        DoubleDouble v = onePlus(a).multiply(onePlus(b)).subtract(c(a, b).multiply(c(a, b)));
        return TWO_OVER_PI.divide(v.sqrt());
    }

    @Override
    public void derivatives(double[] centre, double[] deviation, double[] out) {
        loadCovariance(centre, deviation);
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                DoubleDouble drift = DoubleDouble.ZERO;
                for (int i = 0; i < n; i++) {
                    drift = drift.add(i3(a, b, i).add(i3(b, a, i)).multiply(w[i]));
                }
                DoubleDouble v = drift.multiply(-eta * ks);
                if (eta2) {
                    DoubleDouble noise = DoubleDouble.ZERO;
                    for (int i = 0; i < n; i++) {
                        noise = noise.add(i4(a, b, i, i).multiply(w[i] * w[i]));
                        for (int j = i + 1; j < n; j++) {
                            noise = noise.add(i4(a, b, i, j).multiply(2 * w[i] * w[j]));
                        }
                    }
                    if (delta != 0) {
                        noise = noise.add(j2(a, b).multiply(delta));
                    }
                    v = v.add(noise.multiply(eta * eta * ks * ks));
                }
                out[k++] = v.doubleValue();
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                DoubleDouble drift = DoubleDouble.ZERO;
                for (int i = 0; i < n; i++) {
                    drift = drift.add(i3(a, p + r, i).multiply(w[i]));
                }
                out[k++] = drift.multiply(-eta * ks).doubleValue();
            }
        }
    }

    @Override
    public double generalisationError(double[] centre, double[] deviation) {
        loadCovariance(centre, deviation);
        DoubleDouble s = DoubleDouble.ZERO;
        for (int i = 0; i < n; i++) {
            s = s.add(i2(i, i).multiply(w[i] * w[i]));
            for (int j = i + 1; j < n; j++) {
                s = s.add(i2(i, j).multiply(2 * w[i] * w[j]));
            }
        }
        return Math.max(0, 0.5 * s.doubleValue());
    }
}
