package dev.overlap.ode.tails;

import dev.overlap.model.ModelSpec;

/**
 * What the deviation evaluators written over the fields' covariance share: the widths, the fixed teacher overlap T,
 * the readout weights w = (κ_s, …, κ_s, −κ_t, …, −κ_t) (so that ŷ − y = Σ_i w_i σ(Λ_i)), the rates η κ_s, Δ and
 * the η² switch, and the joint covariance C of Λ = (λ, ν) at centre + deviation as double-double values (high and
 * low parts {@link #cHi}, {@link #cLo}, row-major n×n, n = p + p*), loaded by {@link #loadCovariance} without
 * allocating.
 */
abstract class FieldDeviation implements DeviationDynamics {

    protected final int p;
    protected final int ps;
    protected final int n;
    protected final double[][] t;
    protected final double[] w;
    protected final double ks;
    protected final double eta;
    protected final double delta;
    protected final boolean eta2;
    /** High parts of the loaded covariance C, row-major n×n. */
    protected final double[] cHi;
    /** Low parts of the loaded covariance C. */
    protected final double[] cLo;

    FieldDeviation(ModelSpec spec, double[][] t) {
        this.p = spec.p();
        this.ps = spec.pstar();
        this.n = p + ps;
        this.t = t;
        this.w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
        this.ks = spec.kappaStudent();
        this.eta = spec.eta();
        this.delta = spec.noise();
        this.eta2 = spec.eta2();
        this.cHi = new double[n * n];
        this.cLo = new double[n * n];
    }

    @Override
    public final int dimension() {
        return p * (p + 1) / 2 + p * ps;
    }

    /** Loads C at centre + deviation (see {@link DeviationDynamics#loadCovariance}). */
    protected final void loadCovariance(double[] centre, double[] deviation) {
        DeviationDynamics.loadCovariance(p, ps, t, centre, deviation, cHi, cLo);
    }

}
