package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.Trajectory;
import dev.overlap.ode.finiten.EscapeTimeLaw;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overlap solve}: the exact N → ∞ learning curve. */
@Command(name = "solve", header = "Integrate the N → ∞ overlap ODEs and print the learning curve with its events.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Integrate the N → ∞ overlap ODEs (Q = W Wᵀ/N, R = W W*ᵀ/N) of one-pass SGD",
            "and print the learning curve.",
            "",
            "Model: ŷ = κ_s Σ_a σ(w_a·x/√N), y = κ_t Σ_r σ(w*_r·x/√N) + √Δ ξ (σ from",
            "--activation, z² by default), loss ½(ŷ − y)², step w_a ← w_a − (η/√N)(ŷ − y)",
            "κ_s σ'(λ_a) x, α = steps/N, ε_g = ½ E[(ŷ − y)²] on clean labels.",
            "",
            "Events: the plateau is the unspecialised fixed point reached from the initial",
            "state (R = 0 for even activations such as z²; the permutation-symmetric",
            "point for erf and odd polynomials); the run is on it while",
            "|ε_g − ε_g*| ≤ plateau-tol·ε_g*.",
            "The escape time is the first α with ε_g ≤ escape-fraction·ε_g*.",
            "Divergence (max Q_aa beyond 10⁶ × its initial scale) stops the run at the α",
            "where it happens.",
            ""},
        footerHeading = "%nOutput:%n",
        footer = {
            "CSV columns: alpha,eps_g,Q_1_1,Q_1_2,…,Q_p_p (upper triangle, 1-based),",
            "R_1_1,…,R_p_pstar; for the quadratic activation also K_1_1,…,K_pstar_pstar",
            "(the matrix conserved by gradient flow) and, for p ≥ p*, dist_closest (the",
            "distance to the closest zero-loss solution). With --finite-n N two more:",
            "eps_g_sd, the predicted standard deviation of ε_g across seeds at that N,",
            "and eps_g_mean_corrected, the predicted mean (the ODE from the mean start",
            "plus its O(1/N) correction up to the matching time α_m, then the mean",
            "over the ODEs from the effective starts of 'overlap escape', which carry",
            "the escape-time spread). Without --out the table goes to stdout.",
            "With --out F.csv,",
            "a JSON sidecar F.json records the spec, the initial overlaps, tolerances,",
            "versions, wall time and \"events\": {\"plateau\": {\"alpha\", \"eps_g\", …},",
            "\"escape\": {\"alpha\", …}, \"divergence\": …} (\"alpha\" is null where an event",
            "did not happen; \"plateau\" and \"escape\" are null if no bounded plateau",
            "exists). Files are written atomically. A summary goes to stderr.",
            "Before solving, the whole output set is checked: outputs that are the",
            "same file (F.json as --plot), an extension contradicting --format or",
            "the PNG, an output equal to --init-file, or an unwritable target is an",
            "error (exit 2) and nothing is written.",
            "",
            "Large sizes: for z² with the closed form, p + p* is limited to "
                    + LargeSizes.SOLVE_MAX_FIELDS_QUADRATIC + " (p = 100 takes",
            "seconds; the cost grows like p³); for other activations p is limited to "
                    + LargeSizes.SOLVE_MAX_P_OTHER + ".",
            "Larger sizes are refused (exit 2) with the reason. A progress line (phase,",
            "α reached, ETA) goes to stderr on a terminal, or with --progress.",
            "",
            "Exit codes: 0 ok; 2 invalid input or unwritable output; 3 the overlaps",
            "diverged (rows up to the divergence are still written); 130 interrupted (nothing",
            "written); 1 internal error.",
            "",
            "Example:",
            "  overlap solve --p 3 --pstar 2 --lr-per-width 0.05 --init random --N 2000 \\",
            "    --seed 1 --alpha-max 100 --out run.csv"})
final class SolveCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    ModelFlags modelFlags;

    @Mixin
    GridFlags gridFlags;

    @Mixin
    SolverFlagsMixin solverFlags;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nEquations:%n", validate = false)
    RhsOptions rhsOptions = new RhsOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the table here (atomically) instead of stdout; - is stdout.")
    Path out;

    @Option(names = "--format", paramLabel = "csv|json", converter = TableFormat.Converter.class,
            description = "Table format: csv, or json (one document with metadata and \"data\" rows; no sidecar). "
                    + "Default: ${DEFAULT-VALUE}.")
    TableFormat format = TableFormat.CSV;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also write a PNG of ε_g(α) with plateau and escape marked.")
    Path plot;

    @Option(names = "--finite-n", paramLabel = "N",
            description = "Add the finite-N columns eps_g_sd and eps_g_mean_corrected for seeds at this N (see Output).")
    Integer finiteN;

    @Option(names = "--samples", paramLabel = "K",
            description = "Effective starts of the finite-N ensemble (with --finite-n; default: ${DEFAULT-VALUE}).")
    int samples = 1024;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
    boolean quiet;

    @Option(names = "--progress", description = "Print the progress line (phase, α reached, ETA) even when stderr is"
            + " not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        String fmt = format.spelling();
        out = AtomicFiles.standardOutput(out) ? null : out;
        Path sidecar = out != null && fmt.equals("csv") ? AtomicFiles.sibling(out, "json") : null;
        OutputSet outputs = new OutputSet()
                .named("--out", out, fmt, "--format " + fmt + " (name the file ." + fmt + ", or change --format)")
                .derived("--out", out, sidecar, "JSON sidecar")
                .named("--plot", plot, "png", "the PNG image written there (name it .png)");
        modelFlags.options.inputsOf(outputs).check();
        if (finiteN != null && samples < 2) {
            throw new UserError("--samples must be at least 2 (got " + samples + ")");
        }
        ModelSpec spec = modelFlags.options.toSpec();
        if (finiteN != null && finiteN < spec.p() + spec.pstar()) {
            throw new UserError("--finite-n must be at least p + p* = " + (spec.p() + spec.pstar()) + " (got "
                    + finiteN + ")");
        }
        AlphaGrid grid = gridFlags.options.toGrid();
        long plotted = java.util.Arrays.stream(grid.values()).filter(a -> a > 0).count();
        if (plot != null && plotted < 2) {
            throw new UserError("--plot needs at least two α > 0 to draw a curve (the grid has " + plotted
                    + "): give more --alphas");
        }
        LargeSizes.checkSolve(spec, rhsOptions.kind(spec));
        PrintWriter err = commandSpec.commandLine().getErr();
        Overlaps initial = spec.initialOverlaps();
        Trajectory t;
        EscapeTimeLaw.Curve curve = null;
        Map<Path, byte[]> files = new LinkedHashMap<>();
        String table;
        try (ProgressLine line = ProgressLine.startAlphaIfWanted("solve", "finding the plateau", grid.last(), err,
                progress)) {
            OverlapSolver solver = new OverlapSolver(solverFlags.flags.toOptions(grid.last()));
            if (line != null) {
                solver = solver.withProgress(ProgressLine.alphaSink(line)).withPhases(name -> enter(line, name));
            }
            t = solver.solve(rhsOptions.dynamics(spec, initial.teacherOverlap()), initial, grid);
            String[] extraNames = new String[0];
            double[][] extra = new double[0][];
            if (finiteN != null) {
                enter(line, "the finite-N ensemble");
                curve = EscapeTimeLaw.of(spec, solverFlags.flags.toOptions(grid.last()).escapeFraction()).curve(finiteN, samples,
                        t.alphas(), Runtime.getRuntime().availableProcessors());
                extraNames = new String[] {"eps_g_sd", "eps_g_mean_corrected"};
                extra = new double[][] {curve.sd(), curve.mean()};
            }
            enter(line, "writing the outputs");
            ObjectNode meta = Reports.metadata("solve", t, initial);
            if (curve != null) {
                ObjectNode fn = meta.putObject("finite_n");
                fn.put("N", finiteN);
                fn.put("samples", samples);
                fn.put("matching_alpha", curve.matchingAlpha());
                fn.put("columns", "eps_g_sd: predicted sd of eps_g across seeds; eps_g_mean_corrected: predicted mean");
            }
            table = fmt.equals("csv") ? Reports.csv(t, extraNames, extra) : Reports.fullJson(meta, t, extra);
            if (out != null) {
                files.put(out, table.getBytes(StandardCharsets.UTF_8));
                if (sidecar != null) {
                    files.put(sidecar, Reports.write(meta).getBytes(StandardCharsets.UTF_8));
                }
            }
            if (plot != null) {
                files.put(plot, Plots.learningCurve(t, gridFlags.options.logarithmic()));
            }
            outputs.write(files);
        }
        if (out == null) {
            PrintWriter w = commandSpec.commandLine().getOut();
            w.print(table);
            w.flush();
        }
        if (!quiet) {
            List<String> writtenFiles = new ArrayList<>();
            if (out != null) {
                writtenFiles.add(out.toString());
                if (fmt.equals("csv")) {
                    writtenFiles.add(AtomicFiles.sibling(out, "json").toString());
                }
                if (plot != null) {
                    writtenFiles.add(plot.toString());
                }
            }
            String written = writtenFiles.isEmpty() ? "" : " Wrote " + Words.list(writtenFiles) + ".";
            err.println(Reports.summary(t) + rhsOptions.provenance() + written);
        }
        if (t.diverged()) {
            err.println("overlap: " + t.events().divergence().reason());
            err.flush();
            return Main.EXIT_DIVERGED;
        }
        err.flush();
        return 0;
    }

    private static void enter(ProgressLine line, String phase) {
        if (line != null) {
            line.enterPhase(phase);
        }
    }
}
