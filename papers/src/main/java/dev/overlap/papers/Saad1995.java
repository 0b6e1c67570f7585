package dev.overlap.papers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.StandardActivation;
import dev.overlap.model.StateLayout;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;
import dev.overlap.validation.Comparison;

/**
 * Saad &amp; Solla, "On-line learning in soft committee machines", Phys. Rev. E 52, 4225 (1995) (also
 * "Exact solution for on-line learning in multilayer neural networks", Phys. Rev. Lett. 74, 4337 (1995)).
 *
 * <p>Setting: soft committee machine, σ(z) = erf(z/√2), unnormalised outputs (κ = 1, {@code --norm sum}),
 * M = K teacher units with T = I. The symmetric (unspecialised) phase has all students alike: Q_aa = Q,
 * Q_ab = C, R_an = R. In the small-learning-rate limit its fixed point is published in closed form:
 * <pre>
 *   Q = C = 1/(2K − 1),   R = √(1/(K(2K − 1))),   ε_g = (K/π) (π/6 − K arcsin(1/(2K))),
 * </pre>
 * i.e. ε_g = 0.0116108 for K = 2 and 0.0202966 for K = 3. Here the fixed point is found numerically from the
 * ODE (the gradient-flow right-hand side of {@link dev.overlap.ode.ErfDynamics}, reduced to the symmetric
 * subspace, integrated from Q = 0.2, R = 0 and polished by Newton's method) and compared with those numbers.
 */
public final class Saad1995 {

    /** Learning rate of the learning curves. */
    public static final double ETA = 0.1;
    /** Input dimension, seeds and horizon of the SGD check. */
    static final int SIM_N = 500;
    static final int SIM_SEEDS = 8;
    static final double SIM_ALPHA = 1000;

    private static String escape(Comparison.EscapeSummary e) {
        if (e.escaped() == 0) {
            return "none within the run";
        }
        return Double.isFinite(e.sd())
                ? String.format(Locale.ROOT, "%.1f ± %.1f (%d/%d seeds)", e.mean(), e.sd(), e.escaped(), e.seeds())
                : String.format(Locale.ROOT, "%.1f (%d/%d seeds)", e.mean(), e.escaped(), e.seeds());
    }

    private Saad1995() {
    }

    static ModelSpec spec(int k, double eta, boolean eta2, InitialCondition init) {
        return ModelSpec.builder().p(k).pstar(k).activation(StandardActivation.ERF).normalisation(Normalisation.SUM)
                .lr(eta).eta2(eta2).init(init).build();
    }

    /** The published small-η symmetric fixed point: {Q, C, R, ε_g}. */
    public static double[] publishedPlateau(int k) {
        double q = 1.0 / (2 * k - 1);
        return new double[] {q, q, Math.sqrt(1.0 / (k * (2.0 * k - 1))),
            k / Math.PI * (Math.PI / 6 - k * Math.asin(1.0 / (2 * k)))};
    }

    /** The symmetric plateau for K = 2, 3: fixed point against the publication, and the learning curves. */
    public static Reproduction plateau() {
        List<Check> checks = new ArrayList<>();
        List<double[]> fixedRows = new ArrayList<>();
        List<Figure.Series> series = new ArrayList<>();
        StringBuilder curves = new StringBuilder();
        AlphaGrid grid = AlphaGrid.log(0.1, 4000, 400);
        List<double[]> curveRows = new ArrayList<>();
        double[] alphas = grid.values();
        double[][] eps = new double[2][];
        int column = 0;
        for (int k = 2; k <= 3; k++) {
            InitialCondition start = new InitialCondition.Isotropic(0.2, 1e-4);
            ModelSpec gf = spec(k, ETA, false, start);
            Overlaps init = gf.initialOverlaps();
            FixedPoint fp = FixedPoints.symmetricFrom(OverlapDynamics.of(gf, init.teacherOverlap()), init.toState());
            double[] pub = publishedPlateau(k);
            int firstR = new StateLayout(k, gf.pstar()).r(0, 0);
            String src = "Saad & Solla 1995, symmetric phase, η → 0";
            checks.add(new Check("K=" + k + " Q_aa", src, pub[0], fp.state()[0], 1e-6));
            checks.add(new Check("K=" + k + " Q_ab", src, pub[1], fp.state()[1], 1e-6));
            checks.add(new Check("K=" + k + " R_an", src, pub[2], fp.state()[firstR], 1e-6));
            checks.add(new Check("K=" + k + " ε_g", src, pub[3], fp.epsG(), 1e-10));
            fixedRows.add(new double[] {k, 0, 0, fp.state()[0], fp.state()[1], fp.state()[firstR], fp.epsG(),
                fp.escapeRate()});

            ModelSpec sgd = spec(k, ETA, true, start);
            Trajectory t = new OverlapSolver(SolverOptions.DEFAULTS).solve(sgd, grid);
            var pl = t.events().plateau();
            fixedRows.add(new double[] {k, ETA, 1, pl.q()[0], pl.q()[1], pl.fixedPoint().state()[firstR], pl.epsG(),
                pl.escapeRate()});
            eps[column++] = t.epsG();
            series.add(new Figure.Series("K = " + k + ", ODE (η = " + ETA + ", η² term on)", t.alphas(), t.epsG(),
                    null, Figure.Style.LINE));
            series.add(new Figure.Series(String.format(Locale.ROOT, "K = %d, published plateau ε_g = %.5f", k, pub[3]),
                    new double[] {alphas[1], alphas[alphas.length - 1]}, new double[] {pub[3], pub[3]}, null,
                    Figure.Style.DASHED));
            curves.append(String.format(Locale.ROOT,
                    "- K = %d: on the plateau (within 2 %% of ε_g* = %.6f) from α = %.1f to %.1f, escape (ε_g ≤ ½ ε_g*)"
                            + " at α = %.1f; growth rate of the unstable direction %.5f per unit α.%n",
                    k, pl.epsG(), pl.alpha(), pl.alphaExit() == null ? Double.NaN : pl.alphaExit(),
                    t.events().escape().alpha() == null ? Double.NaN : t.events().escape().alpha(), pl.escapeRate()));
        }
        for (int i = 0; i < alphas.length; i++) {
            curveRows.add(new double[] {alphas[i], eps[0][i], eps[1][i]});
        }

        // finite N: SGD against the ODE started from each seed's own overlaps (K = 2)
        ModelSpec simSpec = spec(2, ETA, true, new InitialCondition.Random(SIM_N, 0.5, 1));
        AlphaGrid simGrid = AlphaGrid.linear(SIM_ALPHA, 61);
        Comparison.Report report = Comparison.run(simSpec, new int[] {SIM_N}, SIM_SEEDS, simGrid,
                SolverOptions.DEFAULTS, 1e-3, Comparison.Criteria.DEFAULT, Runtime.getRuntime().availableProcessors(),
                null);
        Comparison.AtN at = report.perN().get(0);
        checks.add(new Check("K=2 SGD (N=" + SIM_N + ", " + SIM_SEEDS + " seeds) vs ODE: max|z| over α", "z bound "
                + String.format(Locale.ROOT, "%.2f", at.zBound()), 0, at.maxAbsZ(), at.zBound()));
        double[] simAlpha = at.alphas();
        double[] simMean = new double[simAlpha.length];
        double[] simSem = new double[simAlpha.length];
        List<double[]> simRows = new ArrayList<>();
        for (int i = 0; i < simAlpha.length; i++) {
            simMean[i] = at.simulationStatistics()[i].mean();
            simSem[i] = at.simulationStatistics()[i].sem();
            simRows.add(new double[] {simAlpha[i], simMean[i], simSem[i], at.theoryMean()[i], at.z()[i]});
        }
        series.add(new Figure.Series("K = 2, SGD N = " + SIM_N + ", mean ± s.e. of " + SIM_SEEDS + " seeds", simAlpha,
                simMean, simSem, Figure.Style.MARKERS));
        curves.append(String.format(Locale.ROOT, "%nFinite N (K = 2, SGD at N = %d, %d seeds, W(0) rows ~ N(0, 0.25 I)):"
                + " the simulated mean ε_g follows the ODE started from each seed's own Q(0), R(0) within max|z| = %.2f"
                + " (bound %.2f); escape α %s (simulation) vs %s (theory).%n", SIM_N, SIM_SEEDS, at.maxAbsZ(), at.zBound(),
                escape(at.simulationEscape()), escape(at.theoryEscape())));
        String summary = "Soft committee machine (σ = erf(z/√2), κ = 1, M = K, T = I), symmetric plateau.\n\n"
                + "The symmetric fixed point of the ODEs in the small-η limit (gradient flow, found numerically from"
                + " Q = 0.2, R = 0 and polished by Newton's method) is compared with the closed form published by Saad"
                + " & Solla (1995): Q = C = 1/(2K − 1), R = √(1/(K(2K − 1))), ε_g = (K/π)(π/6 − K arcsin(1/(2K))).\n\n"
                + "Learning curves at η = " + ETA + " with the η² term, from Q = 0.2 I and R = 10⁻⁴ × (identity"
                + " pattern):\n\n" + curves;
        return new Reproduction("saad1995", "plateau", "Symmetric plateau of the soft committee machine", summary,
                checks,
                List.of(new Table("fixed_points", List.of("K", "eta", "eta2", "Q_aa", "Q_ab", "R_an", "eps_g",
                    "escape_rate"), fixedRows),
                    new Table("learning_curves", List.of("alpha", "eps_g_K2", "eps_g_K3"), curveRows),
                    new Table("sgd_vs_ode_K2", List.of("alpha", "eps_g_sim_mean", "eps_g_sim_sem", "eps_g_ode_mean", "z"),
                        simRows)),
                List.of(new Figure("learning_curves", "Soft committee machine, erf, K = M, symmetric plateau",
                        "α = steps / N", "ε_g", true, true, series)));
    }
}
