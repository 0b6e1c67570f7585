package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.SolverOptions;
import dev.overlap.validation.Comparison;
import dev.overlap.validation.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overlap compare}: the N → ∞ theory against finite-N simulations. */
@Command(name = "compare", header = "Theory against simulation: finite-N theory (and per-seed ODEs), z-scores, escape KS, AGREE/DISAGREE.", resourceBundle = "dev.overlap.cli.NListHelp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Simulate SGD at each --N (as 'overlap simulate': --engine overlaps, the",
            "exact overlap chain, by default, or weights; --seeds seeds, master seed",
            "--seed) and compare it with the theory.",
            "",
            "--theory finite-n (the default, --theory auto, wherever it applies: even",
            "activations such as z², and erf, with SGD's η² term; else the per-seed",
            "ODE): the",
            "finite-N theory of 'overlap escape' and",
            "'solve --finite-n' predicts, at each N, the mean and the spread sd(α) of",
            "ε_g across seeds and the law of the escape time. Per N:",
            "  z(α) = (mean_k ε_sim,k − mean_pred)/(sd(α)/√S), the standard error",
            "  being the predicted one (never a sample SE, which can be tiny by",
            "  chance with few seeds); the curve passes if max|z| ≤ Φ⁻¹(1 − a/(2m))",
            "  over the m rows (normal Bonferroni bound, a = --alpha-level);",
            "  the escape times (censored at the last α) pass a one-sample",
            "  Kolmogorov–Smirnov test against the predicted CDF at level a/n_N,",
            "  and, when every seed escaped, their mean is within 3 predicted SE.",
            "AGREE if every N passes all three. A correct theory fails with",
            "probability at most about a per N plus a in all plus 0.27 %% per N.",
            "",
            "Reported beside it, and the verdict with --theory ode: every seed",
            "paired with the N → ∞ ODE from its own Q(0), R(0), T, solved at its α;",
            "with d_k = ε_sim,k − ε_ode,k: D = mean_k d_k, SE = sd_k(d_k)/√S,",
            "z = D/SE; AGREE if for every N max|z| ≤ t⁻¹_{S−1}(1 − a/(2m)) and, with",
            "two or more N, the slope of ln max|D| against ln N is at most",
            "--max-exponent (default −0.2). It misses the O(1) escape shift that SGD",
            "noise on the plateau causes, so it fails once S is large.",
            "The N → ∞ curve from the isotropic start Q = σ₀² I, R = r₀ P is shown",
            "for reference. With --init isotropic or --init file (overlaps engine",
            "only) every seed starts from those overlaps.",
            ""},
        footerHeading = "%nOutput:%n",
        footer = {
            "PREFIX.csv (one row per N and α): N,alpha,eps_g_sim_mean,eps_g_sim_sem,",
            "eps_g_sim_q10,eps_g_sim_q90,eps_g_ode_mean,deviation,deviation_se,z,",
            "eps_g_ode_isotropic (per-seed ODE: eps_g_ode_mean, deviation, z), then",
            "with the finite-N theory eps_g_finite_n_mean,eps_g_finite_n_sd,",
            "z_finite_n. PREFIX.json: spec, engine, theory, seeds, criteria, per_N",
            "statistics and per-seed escape times, finite_n (per N: max_abs_z,",
            "escape with ks_pvalue), verdict, findings. PREFIX.png: theory curves",
            "over simulation mean ± 2 SE, one colour per N.",
            "Files are written atomically at the end. The table and the verdict go to",
            "stdout; a progress line to stderr when it is a terminal, or with",
            "--progress.",
            "",
            "Exit codes: 0 AGREE; 4 DISAGREE; 3 a seed diverged (no verdict);",
            "2 invalid input or unwritable output; 130 interrupted; 1 internal error.",
            "",
            "Example:",
            "  overlap compare --p 4 --pstar 2 --lr-per-width 0.05 \\",
            "    --N 1000,10000 --seeds 1000 --alpha-max 80 --out cmp"})
final class CompareCommand implements Callable<Integer> {

    /** Exit code of a completed comparison whose verdict is DISAGREE. */
    static final int EXIT_DISAGREE = 4;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    ModelFlags modelFlags;

    @Mixin
    GridFlags gridFlags;

    @Mixin
    SolverFlagsMixin solverFlags;

    @Option(names = "--engine", paramLabel = "overlaps|weights", converter = EngineChoice.Converter.class,
            description = "overlaps: the exact overlap chain, cost independent of N; weights: move W (default: ${DEFAULT-VALUE}).")
    EngineChoice engine = EngineChoice.OVERLAPS;

    @Option(names = "--theory", paramLabel = "auto|finite-n|ode", converter = TheoryChoice.Converter.class,
            description = "The theory the verdict is about: auto = finite-n where it applies, else ode (default: ${DEFAULT-VALUE});"
                    + " the per-seed ODE is always reported.")
    TheoryChoice theory = TheoryChoice.AUTO;

    @Option(names = "--samples", paramLabel = "K",
            description = "Effective starts of the finite-N prediction per N (default: ${DEFAULT-VALUE}).")
    int samples = 1024;

    @Option(names = "--seeds", paramLabel = "S", description = "Seeds per N, at least 2 (default: ${DEFAULT-VALUE}).")
    int seeds = 16;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores, here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "PREFIX", description = "Output prefix: writes PREFIX.csv, PREFIX.json, PREFIX.png (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("cmp");

    @Option(names = "--iso-r0", paramLabel = "R0", description = "r₀ of the isotropic N → ∞ reference curve (default: ${DEFAULT-VALUE}).")
    double isotropicR0 = 1e-3;

    @Option(names = "--alpha-level", paramLabel = "A", description = "Family-wise error rate a of the z test per N (default: ${DEFAULT-VALUE}).")
    double alphaLevel = Comparison.Criteria.DEFAULT.familyWiseErrorRate();

    @Option(names = "--max-exponent", paramLabel = "E", description = "Largest accepted slope of ln max|D| vs ln N (default: ${DEFAULT-VALUE}).")
    double maxExponent = Comparison.Criteria.DEFAULT.maxScalingExponent();

    @Option(names = {"-q", "--quiet"}, description = "No report on stdout (the files are written all the same; the exit code "
            + "gives the verdict).")
    boolean quiet;

    @Option(names = "--progress", description = "Print the progress line even when stderr is not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        Path base = stripExtension(out, "cmp");
        Path csv = base.resolveSibling(base.getFileName() + ".csv");
        Path json = base.resolveSibling(base.getFileName() + ".json");
        Path png = base.resolveSibling(base.getFileName() + ".png");
        OutputSet outputs = prefixOutputs(out, csv, json, png);
        modelFlags.options.inputsOf(outputs).check();
        int[] ns = modelFlags.options.dimensionList();
        ModelSpec spec = modelFlags.options.toSpec(ns[0]);
        AlphaGrid grid = gridFlags.options.toGrid();
        SolverOptions options = solverFlags.flags.toOptions(grid.last());
        Comparison.Criteria criteria = new Comparison.Criteria(alphaLevel, maxExponent);
        if (!Double.isFinite(isotropicR0)) {
            throw new UserError("--iso-r0 must be a finite number (got " + isotropicR0 + ")");
        }

        Engine chosen = engine.engine();
        Comparison.Theory chosenTheory = switch (theory) {
            case AUTO -> Comparison.Theory.auto(spec);
            case FINITE_N -> Comparison.Theory.FINITE_N;
            case ODE -> Comparison.Theory.ODE;
        };
        if (samples < 2) {
            throw new UserError("--samples must be at least 2 (got " + samples + ")");
        }
        long t0 = System.nanoTime();
        PrintWriter err = commandSpec.commandLine().getErr();
        Comparison.Report report;
        long total = Comparison.totalWork(chosen, ns, Math.max(seeds, 1), grid);
        try (ProgressLine line = ProgressLine.startIfWanted("compare", chosen == Engine.WEIGHTS ? "steps·N" : "steps",
                total, err, progress)) {
            report = Comparison.run(spec, chosen, modelFlags.options.masterSeed(), ns, seeds, grid, options,
                    isotropicR0, criteria, chosenTheory, samples, threads, ProgressLine.sink(line));
        }
        double wall = (System.nanoTime() - t0) * 1e-9;

        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(csv, SimulationReports.compareCsv(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put(json, Reports.write(SimulationReports.compareJson(report, seeds, isotropicR0, wall, grid.description()))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put(png, ComparisonPlot.render(report, gridFlags.options.logarithmic(), isotropicR0));
        outputs.write(files);

        PrintWriter w = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : commandSpec.commandLine().getOut();
        for (String l : SimulationReports.compareText(report, seeds)) {
            if (l.startsWith(report.verdict() + ":")) {
                w.printf(Locale.ROOT, "wrote %s, %s, %s (%.1f s)%n", csv, json, png, wall);
                if (report.diverged()) {
                    continue;
                }
            }
            w.println(l);
        }
        w.flush();
        if (report.diverged()) {
            PrintWriter e = commandSpec.commandLine().getErr();
            e.println("overlap: DIVERGED, no verdict: a seed's max Q_aa left the bounded range (the learning rate η = "
                    + dev.overlap.model.ModelSpec.compact(spec.eta()) + " is too large for bounded norms)");
            e.flush();
            return Main.EXIT_DIVERGED;
        }
        return report.agree() ? 0 : EXIT_DISAGREE;
    }

    /** The three files of an output prefix, declared for {@link OutputSet#check()}. */
    static OutputSet prefixOutputs(Path prefix, Path csv, Path json, Path png) {
        return new OutputSet().derived("--out", prefix, csv, "CSV table").derived("--out", prefix, json, "JSON report")
                .derived("--out", prefix, png, "plot");
    }

    /**
     * {@code cmp.csv} → {@code cmp}; a prefix without a known extension is kept. The prefix is checked first
     * ({@link OutputSet#checkPrefix}).
     */
    static Path stripExtension(Path p, String example) {
        OutputSet.checkPrefix("--out", p, example);
        String name = p.getFileName().toString();
        for (String ext : new String[] {".csv", ".json", ".png"}) {
            if (name.endsWith(ext) && name.length() > ext.length()) {
                return p.resolveSibling(name.substring(0, name.length() - ext.length()));
            }
        }
        return p;
    }
}
