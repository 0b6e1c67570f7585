package dev.overlap.ode;

/**
 * Hairer and Wanner's RODAS4: a linearly implicit (Rosenbrock) method of order 4 with an embedded order-3
 * solution, six stages, stiffly accurate and L-stable, with a continuous output of order 3 (Hairer &amp; Wanner,
 * <i>Solving ODEs II</i>, §VI.4, coefficients of their code {@code rodas.f}, METH = 1). For the autonomous
 * system y' = f(y) with W = I/(hγ) − J, J = ∂f/∂y(y₀):
 * <pre>
 *   W k_i = f(y₀ + Σ_{j&lt;i} a_ij k_j) + (1/h) Σ_{j&lt;i} c_ij k_j,   i = 1..6
 *   y₁ = y₀ + Σ_{j≤4} a_5j k_j + k₅ + k₆   (stiffly accurate; the embedded solution omits k₆)
 *   y(t₀ + θh) = (1 − θ) y₀ + θ (y₁ + (1 − θ)(Σ d_2j k_j + θ Σ d_3j k_j))
 * </pre>
 * Error: the RMS over components of k₆ / (atol + rtol max(|y₀|, |y₁|)); a step is accepted when it is ≤ 1,
 * and the next step is h · min(6, max(0.2, 0.9 err^(−1/4))) with Gustafsson's predictive correction (as in
 * {@code rodas.f}). The Jacobian is the dynamics' exact one where it has it ({@link
 * OverlapDynamics#exactJacobian(double[], double[])}), else forward differences (n extra evaluations, counted
 * in {@link #evaluations()}).
 *
 * <p>One instance integrates one trajectory at a time; all work arrays are allocated once, so a step
 * allocates nothing.
 */
public final class Rodas4Stepper {

    private static final double GAMMA = 0.25;
    private static final double A21 = 1.544;
    private static final double A31 = 0.9466785280815826;
    private static final double A32 = 0.2557011698983284;
    private static final double A41 = 3.314825187068521;
    private static final double A42 = 2.896124015972201;
    private static final double A43 = 0.9986419139977817;
    private static final double A51 = 1.221224509226641;
    private static final double A52 = 6.019134481288629;
    private static final double A53 = 12.53708332932087;
    private static final double A54 = -0.6878860361058950;
    private static final double C21 = -5.6688;
    private static final double C31 = -2.430093356833875;
    private static final double C32 = -0.2063599157091915;
    private static final double C41 = -0.1073529058151375;
    private static final double C42 = -9.594562251023355;
    private static final double C43 = -20.47028614809616;
    private static final double C51 = 7.496443313967647;
    private static final double C52 = -10.24680431464352;
    private static final double C53 = -33.99990352819905;
    private static final double C54 = 11.70890893206160;
    private static final double C61 = 8.083246795921522;
    private static final double C62 = -7.981132988064893;
    private static final double C63 = -31.52159432874371;
    private static final double C64 = 16.31930543123136;
    private static final double C65 = -6.058818238834054;
    private static final double D21 = 10.12623508344586;
    private static final double D22 = -7.487995877610167;
    private static final double D23 = -34.80091861555747;
    private static final double D24 = -7.992771707568823;
    private static final double D25 = 1.025137723295662;
    private static final double D31 = -0.6762803392801253;
    private static final double D32 = 6.087714651680015;
    private static final double D33 = 16.43084320892478;
    private static final double D34 = 24.76722511418386;
    private static final double D35 = -6.594389125716872;

    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 6.0;

    private final AutonomousSystem f;
    private final int n;
    private final double rtol;
    private final double atol;
    private boolean exact = true;

    private final double[] y;
    private final double[] y0;
    private final double[] yNew;
    private final double[] stage;
    private final double[] fy;
    private final double[] fStage;
    private final double[] k1;
    private final double[] k2;
    private final double[] k3;
    private final double[] k4;
    private final double[] k5;
    private final double[] k6;
    private final double[] cont2;
    private final double[] cont3;
    private final double[] jac;
    private final double[] lu;
    private final int[] pivot;

    private double t;
    private double tPrevious;
    private double h;
    private double hAccepted;
    private double errAccepted;
    private long evaluations;
    private long accepted;
    private long rejected;

    /**
     * @param f    the system (not shared with another thread while this stepper runs)
     * @param rtol relative tolerance
     * @param atol absolute tolerance
     */
    public Rodas4Stepper(AutonomousSystem f, double rtol, double atol) {
        this.f = f;
        this.n = f.dimension();
        this.rtol = rtol;
        this.atol = atol;
        this.y = new double[n];
        this.y0 = new double[n];
        this.yNew = new double[n];
        this.stage = new double[n];
        this.fy = new double[n];
        this.fStage = new double[n];
        this.k1 = new double[n];
        this.k2 = new double[n];
        this.k3 = new double[n];
        this.k4 = new double[n];
        this.k5 = new double[n];
        this.k6 = new double[n];
        this.cont2 = new double[n];
        this.cont3 = new double[n];
        this.jac = new double[n * n];
        this.lu = new double[n * n];
        this.pivot = new int[n];
    }

    /** Starts a trajectory at (t, y), with an initial step from Hairer's estimate (order 4). */
    public void start(double time, double[] state) {
        start(time, state, Double.NaN);
    }

    /**
     * Starts a trajectory at (t, y) with the given first step, or Hairer's estimate if it is not positive and finite.
     * A trajectory continued from another one (the tail's re-centred segments, whose state is a small remainder that
     * the estimate would read as the state's scale) passes the step the other one reached ({@link #stepSize()}).
     *
     * @param firstStep the first step to try
     */
    public void start(double time, double[] state, double firstStep) {
        System.arraycopy(state, 0, y, 0, n);
        System.arraycopy(state, 0, y0, 0, n);
        t = time;
        tPrevious = time;
        evaluations = 0;
        accepted = 0;
        rejected = 0;
        errAccepted = 1.0;
        hAccepted = 0;
        h = firstStep > 0 && Double.isFinite(firstStep) ? firstStep : initialStep();
    }

    /**
     * Makes one accepted step, at most to {@code tEnd}: retries with smaller steps until the error is within
     * the tolerances. Does nothing if the trajectory is already at {@code tEnd}.
     *
     * @throws IllegalStateException if the step size underflows (the dynamics is not finite near y) or the
     *                               matrix W is singular for every step tried
     */
    public void step(double tEnd) {
        if (!(tEnd > t)) {
            return;
        }
        evaluate(y, fy);
        jacobian();
        boolean rejectedBefore = false;
        while (true) {
            double remaining = tEnd - t;
            boolean last = h * 1.0001 >= remaining;
            double hStep = last ? remaining : h;
            if (!(hStep > Math.ulp(t) * 16)) {
                throw new IllegalStateException("the step size underflowed at α = " + t);
            }
            if (!decompose(hStep)) {
                h = hStep * 0.5;
                rejectedBefore = true;
                rejected++;
                continue;
            }
            double err = stages(hStep);
            double factor = Double.isFinite(err)
                    ? Math.max(1 / MAX_FACTOR, Math.min(1 / MIN_FACTOR, Math.pow(err, 0.25) / SAFETY))
                    : 1 / MIN_FACTOR;
            double hNew = hStep / factor;
            if (err <= 1.0) {
                if (accepted > 0) {
                    double gus = (hAccepted / hStep) * Math.pow(err * err / errAccepted, 0.25) / SAFETY;
                    gus = Math.max(1 / MAX_FACTOR, Math.min(1 / MIN_FACTOR, gus));
                    hNew = hStep / Math.max(factor, gus);
                }
                hAccepted = hStep;
                errAccepted = Math.max(1e-2, err);
                accepted++;
                System.arraycopy(y, 0, y0, 0, n);
                System.arraycopy(yNew, 0, y, 0, n);
                tPrevious = t;
                t = last ? tEnd : t + hStep;
                if (rejectedBefore) {
                    hNew = Math.min(hNew, hStep);
                }
                if (!last || hNew > h) {
                    h = hNew;
                }
                return;
            }
            rejected++;
            rejectedBefore = true;
            h = hNew;
        }
    }

    /** The six stages for step size hs; fills yNew, k₁..k₆ and the continuous output; returns the error norm. */
    private double stages(double hs) {
        double inv = 1.0 / hs;
        System.arraycopy(fy, 0, k1, 0, n);
        solve(k1);
        for (int i = 0; i < n; i++) {
            stage[i] = y[i] + A21 * k1[i];
        }
        evaluate(stage, fStage);
        for (int i = 0; i < n; i++) {
            k2[i] = fStage[i] + inv * C21 * k1[i];
        }
        solve(k2);
        for (int i = 0; i < n; i++) {
            stage[i] = y[i] + A31 * k1[i] + A32 * k2[i];
        }
        evaluate(stage, fStage);
        for (int i = 0; i < n; i++) {
            k3[i] = fStage[i] + inv * (C31 * k1[i] + C32 * k2[i]);
        }
        solve(k3);
        for (int i = 0; i < n; i++) {
            stage[i] = y[i] + A41 * k1[i] + A42 * k2[i] + A43 * k3[i];
        }
        evaluate(stage, fStage);
        for (int i = 0; i < n; i++) {
            k4[i] = fStage[i] + inv * (C41 * k1[i] + C42 * k2[i] + C43 * k3[i]);
        }
        solve(k4);
        for (int i = 0; i < n; i++) {
            stage[i] = y[i] + A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i];
        }
        evaluate(stage, fStage);
        for (int i = 0; i < n; i++) {
            k5[i] = fStage[i] + inv * (C51 * k1[i] + C52 * k2[i] + C53 * k3[i] + C54 * k4[i]);
        }
        solve(k5);
        for (int i = 0; i < n; i++) {
            stage[i] += k5[i];
        }
        evaluate(stage, fStage);
        for (int i = 0; i < n; i++) {
            k6[i] = fStage[i] + inv * (C61 * k1[i] + C62 * k2[i] + C63 * k3[i] + C64 * k4[i] + C65 * k5[i]);
        }
        solve(k6);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            yNew[i] = stage[i] + k6[i];
            double sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
            double e = k6[i] / sk;
            sum += e * e;
            cont2[i] = D21 * k1[i] + D22 * k2[i] + D23 * k3[i] + D24 * k4[i] + D25 * k5[i];
            cont3[i] = D31 * k1[i] + D32 * k2[i] + D33 * k3[i] + D34 * k4[i] + D35 * k5[i];
        }
        return Math.sqrt(sum / n);
    }

    /** J = ∂f/∂y at y (fy = f(y) already computed): exact, or forward differences h_j = √ε max(1e-5, |y_j|). */
    private void jacobian() {
        if (exact && f.exactJacobian(y, jac)) {
            return;
        }
        exact = false;
        for (int c = 0; c < n; c++) {
            double saved = y[c];
            double d = Math.sqrt(Math.ulp(1.0)) * Math.max(1e-5, Math.abs(saved));
            y[c] = saved + d;
            d = y[c] - saved;
            evaluate(y, fStage);
            y[c] = saved;
            for (int r = 0; r < n; r++) {
                jac[r * n + c] = (fStage[r] - fy[r]) / d;
            }
        }
    }

    /** LU decomposition with partial pivoting of W = I/(hγ) − J into lu; false if singular. */
    private boolean decompose(double hs) {
        double diag = 1.0 / (hs * GAMMA);
        for (int i = 0; i < n * n; i++) {
            lu[i] = -jac[i];
        }
        for (int i = 0; i < n; i++) {
            lu[i * n + i] += diag;
        }
        for (int col = 0; col < n; col++) {
            int best = col;
            double max = Math.abs(lu[col * n + col]);
            for (int r = col + 1; r < n; r++) {
                double v = Math.abs(lu[r * n + col]);
                if (v > max) {
                    max = v;
                    best = r;
                }
            }
            if (!(max > 0) || !Double.isFinite(max)) {
                return false;
            }
            pivot[col] = best;
            if (best != col) {
                for (int c = 0; c < n; c++) {
                    double tmp = lu[col * n + c];
                    lu[col * n + c] = lu[best * n + c];
                    lu[best * n + c] = tmp;
                }
            }
            double p = lu[col * n + col];
            for (int r = col + 1; r < n; r++) {
                double m = lu[r * n + col] / p;
                lu[r * n + col] = m;
                if (m != 0) {
                    for (int c = col + 1; c < n; c++) {
                        lu[r * n + c] -= m * lu[col * n + c];
                    }
                }
            }
        }
        return true;
    }

    /** Solves W x = b in place (b ← x) with the factors of {@link #decompose}. */
    private void solve(double[] b) {
        for (int col = 0; col < n; col++) {
            int p = pivot[col];
            if (p != col) {
                double tmp = b[col];
                b[col] = b[p];
                b[p] = tmp;
            }
        }
        for (int r = 1; r < n; r++) {
            double s = b[r];
            for (int c = 0; c < r; c++) {
                s -= lu[r * n + c] * b[c];
            }
            b[r] = s;
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) {
                s -= lu[r * n + c] * b[c];
            }
            b[r] = s / lu[r * n + r];
        }
    }

    /**
     * Hairer's starting step for a method of order 4: h₀ = 0.01 d₀/d₁ (d₀ = ‖y‖, d₁ = ‖f(y)‖ in the error
     * norm), one Euler step, d₂ = ‖f(y₁) − f(y)‖/h₀, h = min(100 h₀, (0.01 / max(d₁, d₂))^(1/5)).
     */
    private double initialStep() {
        evaluate(y, fy);
        double d0 = 0;
        double d1 = 0;
        for (int i = 0; i < n; i++) {
            double sk = atol + rtol * Math.abs(y[i]);
            d0 += (y[i] / sk) * (y[i] / sk);
            d1 += (fy[i] / sk) * (fy[i] / sk);
        }
        d0 = Math.sqrt(d0 / n);
        d1 = Math.sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        for (int i = 0; i < n; i++) {
            stage[i] = y[i] + h0 * fy[i];
        }
        evaluate(stage, fStage);
        double d2 = 0;
        for (int i = 0; i < n; i++) {
            double sk = atol + rtol * Math.abs(y[i]);
            double v = (fStage[i] - fy[i]) / sk;
            d2 += v * v;
        }
        d2 = Math.sqrt(d2 / n) / h0;
        double m = Math.max(d1, d2);
        double h1 = m <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 0.2);
        return Math.min(100 * h0, h1);
    }

    private void evaluate(double[] state, double[] out) {
        evaluations++;
        f.derivatives(state, out);
    }

    /** Component i of the continuous output at time s in [{@link #previousTime()}, {@link #time()}]. */
    double interpolate(int i, double s) {
        double span = t - tPrevious;
        double theta = span == 0 ? 1.0 : (s - tPrevious) / span;
        double one = 1 - theta;
        return one * y0[i] + theta * (y[i] + one * (cont2[i] + theta * cont3[i]));
    }

    /** The whole continuous output at time s into out. */
    public void interpolate(double s, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = interpolate(i, s);
        }
    }

    /**
     * The current state, at {@link #time()}.
     *
     * @return the stepper's own array: the caller must not modify it
     */
    public double[] state() {
        return y;
    }

    /**
     * The step the stepper will try next.
     *
     * @return h, positive
     */
    public double stepSize() {
        return h;
    }

    /**
     * The time the last accepted step reached (the start time before any step).
     *
     * @return t
     */
    public double time() {
        return t;
    }

    /**
     * The time the last accepted step started from.
     *
     * @return the start of the last step, where the continuous output begins
     */
    public double previousTime() {
        return tPrevious;
    }

    /**
     * Right-hand-side evaluations since {@link #start}, including those of finite-difference Jacobians.
     *
     * @return the evaluations
     */
    public long evaluations() {
        return evaluations;
    }

    long acceptedSteps() {
        return accepted;
    }

    long rejectedSteps() {
        return rejected;
    }
}
