package dev.overlap.ode.tails;

import java.util.Arrays;

import dev.overlap.model.ModelSpec;

/**
 * {@link DeviationDynamics} for σ(z) = z² that evaluates in double arithmetic what changes with the deviation and
 * in double-double only what is fixed for a whole segment. With C = C₀ + E (C₀ from the centre, E from the
 * deviation; E's teacher block is 0), D = diag(κ_s I_p, −κ_t I_p*), s = tr(DC), m = E[z²] = s² + 2 tr(DCDC)
 * (equations of {@link QuadraticDeviation}):
 * <pre>
 *   f(C₀ + E) = f(C₀) + Δf,   ε_g(C₀ + E) = ε_g(C₀) + ½ Δm,
 *   Δs = tr(DE),   Δm = Δs (2 s₀ + Δs) + 2 Σ_ij d_i d_j E_ij (2 C₀ij + E_ij),
 *   Δ(CDC) = C₀DE + EDC,   Δ(CDCDC) = Δ(CDC) D C + (C₀DC₀) D E,   Δ(sC) = Δs C + s₀ E,
 *   Δ[(m + Δ_noise) C] = Δm C + (m₀ + Δ_noise) E,   Δ[s CDC] = Δs CDC + s₀ Δ(CDC),
 * </pre>
 * and Δf assembles these as f assembles its terms. f(C₀), ε_g(C₀), s₀, m₀ and C₀DC₀ are computed once per centre
 * in double-double ({@link QuadraticDeviation}) and rounded; every term of Δf is a product with E, so its rounding
 * error is about 10⁻¹⁶ n |C₀| |E|, the size of the deviation's own rounding, instead of 10⁻¹⁶ of the O(1) terms
 * that cancel. Within a tail segment ε_g falls by at most 10 ({@link TailRefinement#SEGMENT_DROP}), so the sum
 * f(C₀) + Δf keeps about 10⁻¹⁵ of its size. Cost per evaluation: O(p n²) double operations, as the plain
 * closed form, instead of O(p n²) double-double ones; so unlike the double-double evaluators it serves any p + p*.
 *
 * <p>The centre is recognised by its values: a new centre (the tail re-centres every segment) triggers the
 * double-double evaluation; the same centre is reused. Not thread-safe; allocates nothing per evaluation.
 */
final class QuadraticDifference implements DeviationDynamics {

    private final int p;
    private final int ps;
    private final int n;
    private final double[][] t;
    private final double[] d;
    private final double driftR;
    private final double driftQ;
    private final double noiseQ;
    private final double delta;
    private final QuadraticDeviation exact;

    private final double[] centre;
    private boolean centreKnown;
    private final double[] f0;
    private double eps0;
    private double s0;
    private double m0;
    private final double[] c0;
    private final double[] cdc0;

    private final double[] e;
    private final double[] c;
    private final double[] dCdc;
    private final double[] dCdcdc;
    private final double[] zero;
    private final MutableDoubleDouble acc = new MutableDoubleDouble();

    QuadraticDifference(ModelSpec spec, double[][] t) {
        this.exact = new QuadraticDeviation(spec, t);
        this.p = exact.p;
        this.ps = exact.ps;
        this.n = exact.n;
        this.t = exact.t;
        this.d = exact.d;
        this.driftR = exact.driftR;
        this.driftQ = exact.driftQ;
        this.noiseQ = exact.noiseQ;
        this.delta = exact.delta;
        int dim = dimension();
        this.centre = new double[dim];
        this.f0 = new double[dim];
        this.zero = new double[dim];
        this.c0 = new double[n * n];
        this.cdc0 = new double[p * n];
        this.e = new double[n * n];
        this.c = new double[n * n];
        this.dCdc = new double[p * n];
        this.dCdcdc = new double[p * n];
    }

    @Override
    public int dimension() {
        return p * (p + 1) / 2 + p * ps;
    }

    /** Computes f(C₀), ε_g(C₀), s₀, m₀ and C₀DC₀ in double-double if the centre is new; allocates nothing. */
    private void atCentre(double[] x) {
        if (centreKnown && Arrays.equals(x, centre)) {
            return;
        }
        System.arraycopy(x, 0, centre, 0, centre.length);
        exact.derivatives(centre, zero, f0);
        eps0 = exact.generalisationError(centre, zero);
        s0 = exact.trace();
        m0 = exact.meanZ2();
        exact.cdcRows(cdc0);
        load(centre, c0, true);
        centreKnown = true;
    }

    /** Writes the covariance of flat state x (teacher block T, or 0 if {@code teacher} is false) into m. */
    private void load(double[] x, double[] m, boolean teacher) {
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                m[a * n + b] = x[k];
                m[b * n + a] = x[k];
                k++;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                m[a * n + p + r] = x[k];
                m[(p + r) * n + a] = x[k];
                k++;
            }
        }
        for (int r = 0; r < ps; r++) {
            for (int q = 0; q < ps; q++) {
                m[(p + r) * n + p + q] = teacher ? t[r][q] : 0.0;
            }
        }
    }

    /** Δs = tr(DE). */
    private double traceChange() {
        double v = 0;
        for (int i = 0; i < p; i++) {
            v += d[i] * e[i * n + i];
        }
        return v;
    }

    /**
     * Δm = Δs (2 s₀ + Δs) + 2 Σ_ij d_i d_j E_ij (2 C₀ij + E_ij), with the part linear in E summed in double-double:
     * at a minimum of ε_g its terms are O(|E|) while their sum is O(|E| ε_g^½).
     */
    private double meanZ2Change(double ds) {
        acc.reset();
        acc.addProduct(ds, 0, s0, 0, 2);
        double squares = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int ij = i * n + j;
                double eij = e[ij];
                if (eij != 0) {
                    double dd = d[i] * d[j];
                    acc.addProduct(eij, 0, c0[ij], 0, 4 * dd);
                    squares += dd * eij * eij;
                }
            }
        }
        return acc.value() + ds * ds + 2 * squares;
    }

    /** E and C = C₀ + E from the deviation. */
    private void loadDeviation(double[] deviation) {
        load(deviation, e, false);
        for (int i = 0; i < n * n; i++) {
            c[i] = c0[i] + e[i];
        }
    }

    @Override
    public void derivatives(double[] centreState, double[] deviation, double[] out) {
        atCentre(centreState);
        loadDeviation(deviation);
        double ds = traceChange();
        double dm = meanZ2Change(ds);
        // Δ(CDC) = C₀DE + EDC (first p rows)
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    v += d[k] * (c0[i * n + k] * e[k * n + j] + e[i * n + k] * c[k * n + j]);
                }
                dCdc[i * n + j] = v;
            }
        }
        if (noiseQ != 0) {
            // Δ(CDCDC) = Δ(CDC) D C + (C₀DC₀) D E (first p rows)
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) {
                        v += d[k] * (dCdc[i * n + k] * c[k * n + j] + cdc0[i * n + k] * e[k * n + j]);
                    }
                    dCdcdc[i * n + j] = v;
                }
            }
        }
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                int ab = a * n + b;
                double change = driftQ * meanZOuterChange(ab, ds);
                if (noiseQ != 0) {
                    double cdc = cdc0[ab] + dCdc[ab];
                    change += noiseQ * (dm * c[ab] + (m0 + delta) * e[ab]
                            + 4 * (ds * cdc + s0 * dCdc[ab]) + 8 * dCdcdc[ab]);
                }
                out[k] = f0[k] + change;
                k++;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                out[k] = f0[k] + driftR * meanZOuterChange(a * n + p + r, ds);
                k++;
            }
        }
    }

    /** Δ[s C + 2 CDC]_ij = Δs C_ij + s₀ E_ij + 2 Δ(CDC)_ij. */
    private double meanZOuterChange(int ij, double ds) {
        return ds * c[ij] + s0 * e[ij] + 2 * dCdc[ij];
    }

    @Override
    public double generalisationError(double[] centreState, double[] deviation) {
        atCentre(centreState);
        loadDeviation(deviation);
        double dm = meanZ2Change(traceChange());
        return Math.max(0, eps0 + 0.5 * dm);
    }
}
