package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.overlap.model.Activation;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.SpecException;
import dev.overlap.symbolic.Derivation;
import dev.overlap.symbolic.DiffusionEquations;
import dev.overlap.symbolic.EquationCache;
import dev.overlap.symbolic.EquationCompiler;
import dev.overlap.symbolic.EquationExport;
import dev.overlap.symbolic.OverlapEquations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overlap derive}: the overlap ODEs derived symbolically, exported. */
@Command(name = "derive", header = "Derive the overlap ODEs (or, with --diffusion, the SGD diffusion matrix) symbolically and export them (text, LaTeX, JSON, Java).", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Derive the overlap ODEs dQ[a,b]/dα (a ≤ b), dR[a,r]/dα and ε_g for a polynomial activation"
                + " σ(z) = Σ c_k z^k (degree ≤ 4): the integrands are expanded in the local fields (Symja), every"
                + " monomial is replaced by its Isserlis sum over pairings of Q[a,b], R[a,r], T[r,s], and like terms"
                + " are collected in exact rational arithmetic. η and Δ stay symbolic (eta, Delta); κ_s, κ_t are"
                + " substituted (as p^(-1/2) for --norm sqrt when irrational).",
            "",
            "With --diffusion: the diffusion matrix D[X,Y] = Cov(ξ_X, ξ_Y) of the per-step increment ξ = N·ΔΩ of the"
                + " state Ω = (Q[a,b] a ≤ b, R[a,r]) to leading order in 1/N (the finite-N noise of one-pass SGD; the"
                + " η² part of ξ and the label noise Δ always included), one entry per pair X ≤ Y. Not cached. The"
                + " derivation grows fast with the width and the degree and is refused above p + p* = "
                + Derivation.DIFFUSION_MAX_FIELDS_QUADRATIC + " for the quadratic activation (measured: 1.5 s at"
                + " p = p* = 2, 7 s at p = 3, p* = 2, 17 s at p = 4, p* = 1), above p + p* = "
                + Derivation.DIFFUSION_MAX_FIELDS_DEGREE2 + " for other polynomials of degree ≤ 2 (poly:0,1,1/2: 23 s"
                + " at p = 2, p* = 1) and above p + p* = " + Derivation.DIFFUSION_MAX_FIELDS_HIGHER + " for degree 3"
                + " or 4 (about 20 s at p = p* = 1).",
            "",
            "The ODEs are derived up to p + p* = " + Derivation.ODE_MAX_FIELDS_QUADRATIC + " for the quadratic"
                + " activation, " + Derivation.ODE_MAX_FIELDS_DEGREE2 + " for other polynomials of degree ≤ 2 and "
                + Derivation.ODE_MAX_FIELDS_HIGHER + " for degree 3 or 4, and refused above (exit 2): time and"
                + " memory grow like the cube of p + p* or faster (CPU time: z² 26 s at p = p* = 10, about 210 s at 20, 20;"
                + " poly:0,1,1/2 115 s at 8, 8; poly:0,1,0,0,1/10 30 s at 5, 5). A progress line (expectations"
                + " derived, ETA) goes to stderr on a terminal, or with --progress.",
            ""},
        footer = {"", "Formats:",
            "  text   one equation per line, Mathematica input form: dQ[1,1] == … (d… = d…/dα), epsg == …",
            "  latex  a standalone document with one align* block; conventions in a comment header",
            "  json   {\"spec\", \"variables\", \"constants\", \"parameters\": [\"eta\", \"Delta\"],",
            "         \"rhs\": {\"Q[1,1]\": …}, \"eps_g\"}",
            "  java   the source of the compiled evaluator used by 'overlap solve --rhs symbolic'",
            "With --diffusion: text lines D[Q[1,1],R[1,1]] == …; LaTeX D_{X,Y}; JSON",
            "\"diffusion\": {\"D[Q[1,1],Q[1,1]]\": …} instead of \"rhs\"; java a class with",
            "diffusion(y, t, eta, delta, out) filling the symmetric d×d matrix.",
            "",
            "Example: overlap derive --p 2 --pstar 1 --activation poly:0,1,0.5 --format latex --out eqs.tex",
            "         overlap derive --diffusion --p 1 --pstar 1 --format json",
            "",
            "Exit codes: 0 ok; 2 invalid input, a size beyond the derivation's limits or an unwritable output;",
            "130 interrupted; 1 internal error."})
final class DeriveCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--p", paramLabel = "P", description = "Student width p (default: ${DEFAULT-VALUE}).")
    int p = ModelOptions.DEFAULT_P;

    @Option(names = "--pstar", paramLabel = "P*", description = "Teacher width p* (default: ${DEFAULT-VALUE}).")
    int pstar = ModelOptions.DEFAULT_PSTAR;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "quadratic (σ = z², default) or poly:c0,c1,…,c4 with decimal or fraction coefficients, e.g."
                    + " poly:0,1,0.5 for z + z²/2.")
    String activation = "quadratic";

    @Option(names = "--norm", paramLabel = "mean|sum|sqrt", description = "Normalisation (default: ${DEFAULT-VALUE}).")
    String norm = "mean";

    @Option(names = "--no-eta2", description = "Drop the η² (SGD-noise) term: gradient flow.")
    boolean noEta2;

    @Option(names = "--diffusion", description = "Derive the diffusion matrix D of SGD instead of the ODEs (see above).")
    boolean diffusion;

    @Option(names = "--format", paramLabel = "text|latex|json|java", converter = DerivationFormat.Converter.class,
            description = "Output format (default: ${DEFAULT-VALUE}).")
    DerivationFormat format = DerivationFormat.TEXT;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of stdout; - is stdout.")
    Path out;

    @Option(names = "--no-cache", description = "Derive afresh instead of reading the cache.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache directory (see 'overlap solve --help').")
    Path cacheDir;

    @Option(names = "--progress", description = "Print the progress line (expectations derived, ETA) even when stderr"
            + " is not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        out = AtomicFiles.standardOutput(out) ? null : out;
        String fmt = format.spelling();
        if (p < 1 || pstar < 1) {
            throw new UserError("widths must be at least 1 (got --p " + p + ", --pstar " + pstar + ")");
        }
        Activation act = Activation.parse(activation);
        if (!(act instanceof PolynomialActivation sigma)) {
            throw new SpecException("derive needs a polynomial activation (got '" + activation + "')");
        }
        Normalisation n = Normalisation.parse(norm);
        if (diffusion) {
            return diffusion(fmt, sigma, n);
        }
        Derivation.checkSize(p, pstar, sigma);
        outputs(fmt).check();
        long t0 = System.nanoTime();
        OverlapEquations eq;
        String source;
        PrintWriter progressErr = commandSpec.commandLine().getErr();
        try (ProgressLine line = ProgressLine.startIfWanted("derive", "expectations", Derivation.expectationCount(p,
                pstar), progressErr, progress)) {
            if (noCache) {
                eq = Derivation.derive(p, pstar, sigma, n, !noEta2, ProgressLine.sink(line));
                source = "derived";
            } else {
                EquationCache cache = RhsOptions.cacheAt(cacheDir);
                eq = cache.obtain(p, pstar, sigma, n, !noEta2, ProgressLine.sink(line));
                source = cache.lastOutcome() == EquationCache.Outcome.HIT ? "read from the cache " + cache.directory()
                        : "derived (cache " + cache.lastOutcome().name().toLowerCase(Locale.ROOT) + ", "
                                + cache.directory() + ")";
            }
        }
        String text;
        switch (fmt) {
            case "latex":
                text = EquationExport.latex(eq);
                break;
            case "json":
                text = EquationExport.json(eq);
                break;
            case "java":
                text = EquationCompiler.javaSource(eq);
                break;
            default:
                text = EquationExport.text(eq);
        }
        write(text);
        PrintWriter err = commandSpec.commandLine().getErr();
        err.printf(Locale.ROOT, "overlap derive: p=%d p*=%d %s %s η² %s: %d equations, %d terms, %s in %.2f s%s%n", p,
                pstar, act.name(), n.flag(), noEta2 ? "off" : "on", eq.rhs().size() + 1,
                eq.termCount() + eq.epsG().size(), source, (System.nanoTime() - t0) * 1e-9,
                out == null ? "" : "; wrote " + out);
        err.flush();
        return 0;
    }

    private int diffusion(String fmt, PolynomialActivation act, Normalisation n) {
        if (noEta2) {
            throw new UserError("--no-eta2 does not apply to --diffusion (the η² part of the SGD step is always included)");
        }
        int max = Derivation.diffusionMaxFields(act);
        if (p + pstar > max) {
            throw new UserError(String.format(Locale.ROOT, "--diffusion is limited to p + p* <= %d for %s (got %d + %d):"
                    + " the symbolic derivation grows too fast beyond", max, act.name(), p, pstar));
        }
        outputs(fmt).check();
        long t0 = System.nanoTime();
        DiffusionEquations de = Derivation.deriveDiffusion(p, pstar, act, n);
        String text;
        switch (fmt) {
            case "latex":
                text = EquationExport.latex(de);
                break;
            case "json":
                text = EquationExport.json(de);
                break;
            case "java":
                text = EquationCompiler.javaSource(de);
                break;
            default:
                text = EquationExport.text(de);
        }
        write(text);
        PrintWriter err = commandSpec.commandLine().getErr();
        int d = de.dimension();
        err.printf(Locale.ROOT, "overlap derive --diffusion: p=%d p*=%d %s %s: %d entries (d = %d), %d terms, derived in %.2f s%s%n",
                p, pstar, act.name(), n.flag(), d * (d + 1) / 2, d, de.termCount(), (System.nanoTime() - t0) * 1e-9,
                out == null ? "" : "; wrote " + out);
        err.flush();
        return 0;
    }

    /** The one output, --out, in format {@code fmt}. */
    private OutputSet outputs(String fmt) {
        String ext = fmt.equals("text") ? "txt" : fmt.equals("latex") ? "tex" : fmt;
        return new OutputSet().named("--out", out, fmt, "--format " + fmt + " (name the file ." + ext
                + ", or change --format)");
    }

    private void write(String text) {
        if (out == null) {
            PrintWriter w = commandSpec.commandLine().getOut();
            w.print(text);
            w.flush();
        } else {
            AtomicFiles.write(out, text);
        }
    }
}
