package dev.overlap.papers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.PlateauTheory;

/**
 * Bocchi, Regimbeau, Lucibello, Saglietti, Cammarota, arXiv:2604.03068 (2026): one-pass SGD with quadratic
 * activations at finite widths (p, p*). Reproduced here from the tool's own derivations (only the abstract is
 * available).
 *
 * <h2>plateau</h2>
 * The unspecialised fixed point R = 0, Q = q I of the overlap ODEs (mean normalisation, T = I), in closed form
 * ({@link PlateauTheory}, derivation in its Javadoc): for gradient flow q* = p/(p+2), ε_g* = 1/p* + 1/(p+2) and
 * escape rate 4η/(p p*) = 4η̃/p*; with the η² term, u = q/p solves
 * ηκ_s[(p+2)(p+4)u² − 2(p+2)u + 1 + 2/p* + Δ] − (p+2)u + 1 = 0 (τ = κ_t tr T = 1, κ_t² tr T² = 1/p*), whose
 * smaller root exists only below the critical learning rate η_c (the root of
 * 4[(p+2) − (p+4)K] x² − 8x + (p+2) = 0, x = ηκ_s, K = 1 + 2/p* + Δ). Each closed form is checked against the
 * numerical fixed point of the ODEs ({@link FixedPoints#unspecialisedFrom}); η_c is checked by the existence of
 * that fixed point at η = (1 ∓ 10⁻³) η_c, starting from Q = q*(0.999 η_c)/2 · I (below the plateau: above the
 * larger, unstable root of the quadratic the unspecialised dynamics diverges even where the plateau exists).
 */
public final class Bocchi2026 implements Reproducible {

    private static final int[] WIDTHS = {1, 2, 4, 8};
    private static final int[] TEACHERS = {1, 2};
    private static final double ETA_PER_WIDTH = 0.05;

    /** The catalogue's instance; it does no work until {@link #run()}. */
    public Bocchi2026() {
    }

    @Override
    public Paper paper() {
        return Paper.BOCCHI2026;
    }

    @Override
    public String name() {
        return "plateau";
    }

    @Override
    public String summary() {
        return "unspecialised plateau of quadratic networks, critical learning rate";
    }

    @Override
    public Reproduction run() {
        return plateau();
    }

    private static ModelSpec spec(int p, int pstar, double eta, boolean eta2) {
        return Specs.isotropic(p, pstar, 0.0).lr(eta).eta2(eta2).build();
    }

    private static FixedPoint numerical(ModelSpec spec) {
        Overlaps o = spec.initialOverlaps();
        return FixedPoints.unspecialisedFrom(OverlapDynamics.of(spec, o.teacherOverlap()), o.toState());
    }

    private static PlateauTheory theory(ModelSpec spec) {
        return PlateauTheory.of(spec, spec.pstar(), spec.pstar(), 1.0);
    }

    /**
     * The plateau: its level, its Q, its escape rate, and the critical learning rate.
     *
     * @return the reproduction: its checks (predicted against measured, with tolerances), tables and figures
     */
    public static Reproduction plateau() {
        List<Check> checks = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int pstar : TEACHERS) {
            for (int p : WIDTHS) {
                for (boolean eta2 : new boolean[] {false, true}) {
                    ModelSpec s = spec(p, pstar, p * ETA_PER_WIDTH, eta2);
                    PlateauTheory th = theory(s);
                    FixedPoint fp = numerical(s);
                    String tag = String.format(Locale.ROOT, "p=%d p*=%d η̃=%s %s", p, pstar, ETA_PER_WIDTH,
                            eta2 ? "η²" : "GF");
                    String src = eta2 ? "closed form (η² quadratic)" : "closed form (gradient flow)";
                    checks.add(new Check(tag + " q*", src, th.q(), fp.state()[0], 1e-9 * th.q()));
                    checks.add(new Check(tag + " ε_g*", src, th.epsG(), fp.epsG(), 1e-9 * th.epsG()));
                    checks.add(new Check(tag + " escape rate", src, th.escapeRate(), fp.escapeRate(),
                            1e-6 * th.escapeRate()));
                    rows.add(new double[] {p, pstar, s.eta(), eta2 ? 1 : 0, th.q(), fp.state()[0], th.epsG(), fp.epsG(),
                        th.escapeRate(), fp.escapeRate(), th.criticalEta()});
                }
                ModelSpec s = spec(p, pstar, 0.1, true);
                double etaC = theory(s).criticalEta();
                // start below the plateau (half its Q at 0.999 η_c): above the unstable partner root the
                // unspecialised dynamics diverges even where the plateau exists
                ModelSpec belowSpec = s.withEta(etaC * (1 - 1e-3));
                InitialCondition start = new InitialCondition.Isotropic(0.5 * theory(belowSpec).q(), 0.0);
                boolean below = numerical(belowSpec.withInit(start)) != null;
                boolean above = numerical(s.withEta(etaC * (1 + 1e-3)).withInit(start)) != null;
                String tag = String.format(Locale.ROOT, "p=%d p*=%d η_c = %.6g: plateau exists at 0.999 η_c, not at"
                        + " 1.001 η_c", p, pstar, etaC);
                checks.add(new Check(tag, "closed form η_c", 1, below && !above ? 1 : 0, 0));
                text.append(String.format(Locale.ROOT, "- p = %d, p* = %d: η_c = %.6g (η̃_c = %.6g); gradient-flow"
                        + " plateau ε_g* = %.6g, escape rate %.6g (η̃ = %s).%n", p, pstar, etaC, etaC / p,
                        1.0 / pstar + 1.0 / (p + 2), 4 * ETA_PER_WIDTH / pstar, ETA_PER_WIDTH));
            }
        }
        List<Figure.Series> series = new ArrayList<>();
        for (int p : WIDTHS) {
            ModelSpec base = spec(p, 2, 0.1, true);
            double etaC = theory(base).criticalEta();
            int m = 200;
            double[] x = new double[m];
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                double eta = etaC * (i + 0.5) / m;
                x[i] = eta / p;
                y[i] = theory(base.withEta(eta)).epsG();
            }
            series.add(new Figure.Series("p = " + p + ", p* = 2 (η² term on)", x, y, null, Figure.Style.LINE));
        }
        String summary = "The unspecialised plateau (R = 0, Q = q I) of the quadratic-activation overlap ODEs, mean"
                + " normalisation, T = I: closed forms (derived in PlateauTheory) against the numerical fixed point"
                + " of the ODEs, for p ∈ {1, 2, 4, 8}, p* ∈ {1, 2}, η̃ = " + ETA_PER_WIDTH + " (η = p η̃), with and"
                + " without the η² term.\n\n"
                + "Gradient flow: q* = p/(p+2), ε_g* = 1/p* + 1/(p+2), escape rate 4η/(p p*) = 4η̃/p*: under the"
                + " per-width convention the rate does not depend on p, so overparameterisation leaves the"
                + " exponential rate unchanged and lowers only the plateau level. With the η² term the plateau rises"
                + " with η and disappears at the critical learning rate η_c; beyond it no bounded unspecialised"
                + " fixed point exists and the norms diverge.\n\n" + text;
        return new Reproduction("bocchi2026", "plateau", "The unspecialised plateau and the critical learning rate",
                summary, checks,
                List.of(new Table("plateau", List.of("p", "pstar", "eta", "eta2", "q_closed_form", "q_ode",
                    "eps_g_closed_form", "eps_g_ode", "escape_rate_closed_form", "escape_rate_ode", "critical_eta"),
                    rows)),
                List.of(new Figure("eps_vs_eta", "Plateau level vs learning rate per width, up to η_c (p* = 2)",
                        "η̃ = η / p", "ε_g at the plateau", false, false, series)));
    }
}
