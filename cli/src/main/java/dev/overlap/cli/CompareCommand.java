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
@Command(name = "compare", header = "Theory against simulation: per-seed ODEs, z-scores, N-scaling, AGREE/DISAGREE.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Simulate SGD at each --N (as 'overlap simulate': --engine overlaps, the",
            "exact overlap chain, by default, or weights; --seeds seeds, master seed",
            "--seed) and compare it with the theory: every seed is paired with the",
            "ODE started from its own measured Q(0), R(0), T (finite-N escape",
            "depends on R(0) ~ N^-½), solved at the seed's α values. The N → ∞ curve",
            "from the isotropic start Q = σ₀² I, R = r₀ P is shown for reference.",
            "With --init isotropic or --init file (overlaps engine only) every seed",
            "starts from those overlaps and the reference is the ODE from them.",
            "",
            "Per N and α, with d_k = ε_sim,k − ε_ode,k over the S seeds:",
            "  D = mean(ε_sim) − mean(ε_ode) = mean_k d_k,",
            "  SE = sd_k(d_k)/√S,  z = D/SE.",
            "Reported per N: max|z|, max|D|, escape time mean ± sd for simulation and",
            "theory; across N, the slope of ln max|D| against ln N (theory: −½).",
            "",
            "Verdict (the last line of the output): AGREE if",
            "  1. for every N, max|z| ≤ z_max = t⁻¹_{S−1}(1 − a/(2m)), the Student-t",
            "     bound with a Bonferroni correction over the m rows with SE > 0 at",
            "     family-wise error rate a (--alpha-level, default 0.01): a correct",
            "     theory fails this with probability at most a per N;",
            "  2. with two or more N, max|D| falls with N: the slope is at most",
            "     --max-exponent (default −0.2).",
            "Otherwise DISAGREE.",
            ""},
        footerHeading = "%nOutput:%n",
        footer = {
            "PREFIX.csv (one row per N and α): N,alpha,eps_g_sim_mean,eps_g_sim_sem,",
            "eps_g_sim_q10,eps_g_sim_q90,eps_g_ode_mean,deviation,deviation_se,z,",
            "eps_g_ode_isotropic. PREFIX.json: spec, seeds, criteria, per_N statistics",
            "and per-seed escape times, scaling_exponent, verdict, findings.",
            "PREFIX.png: theory curves over simulation mean ± 2 SE, one colour per N.",
            "Files are written atomically at the end. The table and the verdict go to",
            "stdout; a progress line to stderr when it is a terminal, or with",
            "--progress.",
            "",
            "Exit codes: 0 AGREE; 4 DISAGREE; 2 invalid input or unwritable output;",
            "130 interrupted; 1 internal error.",
            "",
            "Example:",
            "  overlap compare --p 4 --pstar 2 --lr-per-width 0.05 \\",
            "    --N 500,2000,8000 --seeds 16 --alpha-max 60 --out cmp"})
final class CompareCommand implements Callable<Integer> {

    /** Exit code of a completed comparison whose verdict is DISAGREE. */
    static final int EXIT_DISAGREE = 4;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    SolveCommand.ModelFlags modelFlags;

    @Mixin
    SolveCommand.GridFlags gridFlags;

    @Mixin
    SolveCommand.SolverFlagsMixin solverFlags;

    @Option(names = "--engine", paramLabel = "overlaps|weights",
            description = "overlaps: the exact overlap chain, cost independent of N; weights: move W (default: ${DEFAULT-VALUE}).")
    String engine = "overlaps";

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

    @Option(names = "--progress", description = "Print the progress line even when stderr is not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        Path base = stripExtension(out);
        Path csv = base.resolveSibling(base.getFileName() + ".csv");
        Path json = base.resolveSibling(base.getFileName() + ".json");
        Path png = base.resolveSibling(base.getFileName() + ".png");
        SolveCommand.checkWritable(csv);
        SolveCommand.checkWritable(json);
        SolveCommand.checkWritable(png);
        int[] ns = modelFlags.options.dimensions();
        ModelSpec spec = modelFlags.options.toSpec(ns[0]);
        AlphaGrid grid = gridFlags.options.toGrid();
        SolverOptions options = solverFlags.flags.toOptions();
        Comparison.Criteria criteria = new Comparison.Criteria(alphaLevel, maxExponent);
        if (!Double.isFinite(isotropicR0)) {
            throw new UserError("--iso-r0 must be a finite number (got " + isotropicR0 + ")");
        }

        Engine chosen = Engine.parse(engine);
        long t0 = System.nanoTime();
        PrintWriter err = commandSpec.commandLine().getErr();
        Comparison.Report report;
        long total = Comparison.totalWork(chosen, ns, Math.max(seeds, 1), grid);
        try (ProgressLine line = ProgressLine.startIfWanted("compare", chosen == Engine.WEIGHTS ? "steps·N" : "steps",
                total, err, progress)) {
            report = Comparison.run(spec, chosen, modelFlags.options.masterSeed(), ns, seeds, grid, options,
                    isotropicR0, criteria, threads, ProgressLine.sink(line));
        }
        double wall = (System.nanoTime() - t0) * 1e-9;

        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(csv, SimulationReports.compareCsv(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put(json, Reports.write(SimulationReports.compareJson(report, seeds, isotropicR0, wall, grid.description()))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put(png, ComparisonPlot.render(report, gridFlags.options.logarithmic(), isotropicR0));
        files.forEach(AtomicFiles::write);

        PrintWriter w = commandSpec.commandLine().getOut();
        for (String l : SimulationReports.compareText(report, seeds)) {
            if (l.startsWith(report.verdict() + ":")) {
                w.printf(Locale.ROOT, "wrote %s, %s, %s (%.1f s)%n", csv, json, png, wall);
            }
            w.println(l);
        }
        w.flush();
        return report.agree() ? 0 : EXIT_DISAGREE;
    }

    /** {@code cmp.csv} → {@code cmp}; a prefix without a known extension is kept. */
    static Path stripExtension(Path p) {
        String name = p.getFileName().toString();
        for (String ext : new String[] {".csv", ".json", ".png"}) {
            if (name.endsWith(ext) && name.length() > ext.length()) {
                return p.resolveSibling(name.substring(0, name.length() - ext.length()));
            }
        }
        return p;
    }
}
