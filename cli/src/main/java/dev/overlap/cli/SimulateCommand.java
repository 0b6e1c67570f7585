package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.validation.SeedTrajectory;
import dev.overlap.validation.SgdSimulator;
import dev.overlap.validation.SimulationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overlap simulate}: finite-N one-pass SGD over many seeds. */
@Command(name = "simulate", header = "Run one-pass SGD at finite N over many seeds; ε_g statistics, per-seed tables.", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "dev.overlap.cli.SimulateHelp",
        description = {
            "Run one-pass SGD at finite N, exactly the step of the model",
            "  w_a ← w_a − (η/√N)(ŷ − y) κ_s σ'(λ_a) x,",
            "one fresh x ~ N(0, I_N) per step, α = steps/N, for --seeds independent",
            "seeds in parallel, and report ε_g and the overlaps across seeds.",
            "",
            "Engines (--engine): 'overlaps' (default) runs the exact Markov chain of",
            "the overlaps: per step it draws the fields (λ, ν) ~ N(0, C) through a",
            "factor of C, the χ²_{N−p−p*} squared norm of the rest of x, and updates",
            "  Q' = Q − (gλᵀ + λgᵀ)/N + g gᵀ|x|²/N²,  R' = R − g νᵀ/N,",
            "g_a = η κ_s (ŷ − y) σ'(λ_a): the same law as moving the weights, at a",
            "cost independent of N (any N up to 2³¹−1 in a small heap). 'weights'",
            "moves W (p×N) literally, O((p + p*) N) per step.",
            "",
            "--N is the simulation's input dimension and --seed its master seed: seed",
            "k (k = 0 … seeds−1) uses seed_k = master + k for all its streams. With",
            "--init random each seed draws its own start: the weights engine draws its",
            "teacher and W(0) ~ N(0, σ₀² I), so its α = 0 overlaps are those of",
            "'overlap solve --init random --N N --seed seed_k'; the overlaps engine",
            "draws the overlaps from their exact finite-N law (Bartlett), equal in",
            "law, not in value. --init isotropic and --init file (overlaps engine",
            "only) start every seed from the same given Q, R, T at that N.",
            "",
            "ε_g is exact from the overlaps (closed form), not a test-set estimate.",
            "The weights engine tracks the overlaps every step and recomputes them",
            "from the weights at each recorded α = round(αN)/N (α = 0 is always the",
            "first row).",
            "Escape: the first α with ε_g ≤ escape-fraction·ε_g*, ε_g* the plateau",
            "reached from the seed's own start (as in solve); ε_g is checked every",
            "max(1, ⌊N/100⌋) steps and the crossing interpolated linearly. Results",
            "are bitwise identical for any --threads.",
            ""},
        footerHeading = "%nOutput:%n",
        footer = {
            "CSV (--out F.csv, else stdout): alpha,eps_g_mean,eps_g_std,eps_g_sem,",
            "eps_g_median,eps_g_q10,eps_g_q90, then the means over seeds",
            "Q_1_1_mean,…,R_p_pstar_mean (std and SE are sample statistics, NaN for",
            "one seed; quantiles interpolate linearly). The sidecar F.json records",
            "the spec, engine, N, master_seed, seeds, the seed rule, per_seed escape_alpha,",
            "plateau_eps_g and initial overlaps, steps_per_second and wall_seconds.",
            "--per-seed DIR writes DIR/seed-<k>.csv with the columns of",
            "'overlap solve' (first row α = 0). Files are written atomically at the",
            "end, so an interrupted run writes nothing; outputs that collide (F.json",
            "as --out, --out inside --per-seed), overwrite --init-file or cannot be",
            "written are refused before simulating (exit 2). A summary goes to stderr",
            "(-q: none); a progress line too when stderr is a terminal, or with",
            "--progress.",
            "",
            "Exit codes: 0 ok; 2 invalid input or unwritable output; 3 a seed",
            "diverged (the rows before the first divergence are written);",
            "130 interrupted; 1 internal error.",
            "",
            "Example:",
            "  overlap simulate --p 4 --pstar 2 --lr-per-width 0.05 --N 4000 \\",
            "    --seeds 1000 --alpha-max 60 --points 61 --grid linear --out sim.csv"})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    ModelFlags modelFlags;

    @Mixin
    GridFlags gridFlags;

    @Option(names = "--engine", paramLabel = "overlaps|weights", converter = EngineChoice.Converter.class,
            description = "overlaps: the exact overlap chain, cost independent of N; weights: move W (default: ${DEFAULT-VALUE}).")
    EngineChoice engine = EngineChoice.OVERLAPS;

    @Option(names = "--seeds", paramLabel = "S", description = "Number of seeds (default: ${DEFAULT-VALUE}).")
    int seeds = 16;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores, here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--escape-fraction", paramLabel = "F",
            description = "Escape = first α with ε_g ≤ F·ε_g(plateau) (default: ${DEFAULT-VALUE}).")
    double escapeFraction = 0.5;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the table here (atomically), with a JSON sidecar, instead of stdout; - is stdout.")
    Path out;

    @Option(names = "--per-seed", paramLabel = "DIR", description = "Also write DIR/seed-<k>.csv for every seed (DIR is created if needed).")
    Path perSeed;

    @Option(names = "--progress", description = "Print the progress line even when stderr is not a terminal.")
    boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        out = AtomicFiles.standardOutput(out) ? null : out;
        Path sidecar = out == null ? null : AtomicFiles.sibling(out, "json");
        OutputSet outputs = new OutputSet()
                .named("--out", out, "csv", "the CSV table written there (name it .csv; the JSON sidecar goes next to it)")
                .derived("--out", out, sidecar, "JSON sidecar")
                .directory("--per-seed", perSeed, false);
        if (perSeed != null) {
            for (int k = 0; k < seeds; k++) {
                outputs.derived("--per-seed", perSeed, perSeedFile(k), "seed file");
            }
        }
        modelFlags.options.inputsOf(outputs).check();
        ModelSpec spec = modelFlags.options.toSpec();
        if (!spec.eta2()) {
            throw new UserError("--no-eta2 only applies to the ODE: SGD always has its η² noise (use it with solve or"
                    + " compare)");
        }
        AlphaGrid grid = gridFlags.options.toGrid();
        SgdSimulator simulator = new SgdSimulator(spec, engine.engine(), modelFlags.options.dimensions()[0],
                modelFlags.options.masterSeed(), seeds, grid, escapeFraction, threads);

        PrintWriter err = commandSpec.commandLine().getErr();
        SimulationResult result;
        try (ProgressLine line = ProgressLine.startIfWanted("simulate", "steps", simulator.totalSteps(), err, progress)) {
            result = simulator.run(ProgressLine.sink(line));
        }

        Map<Path, String> files = new LinkedHashMap<>();
        String table = SimulationReports.simulateCsv(result);
        if (out != null) {
            files.put(out, table);
            files.put(sidecar,
                    Reports.write(SimulationReports.simulateJson(result, simulator, grid.description())));
        }
        if (perSeed != null) {
            for (SeedTrajectory s : result.seeds()) {
                files.put(perSeedFile(s.index()), SimulationReports.seedCsv(s));
            }
        }
        outputs.writeText(files);
        if (out == null) {
            PrintWriter w = commandSpec.commandLine().getOut();
            w.print(table);
            w.flush();
        }
        if (!quiet) {
            List<String> written = new ArrayList<>();
            if (out != null) {
                written.add(out.toString());
                written.add(AtomicFiles.sibling(out, "json").toString());
            }
            if (perSeed != null) {
                written.add(Words.count(seeds, "seed file") + " in " + perSeed);
            }
            err.println(SimulationReports.simulateSummary(result, simulator)
                    + (written.isEmpty() ? "" : " Wrote " + Words.list(written) + "."));
        }
        for (SeedTrajectory s : result.seeds()) {
            if (s.divergenceAlpha() != null) {
                err.println("overlap: seed " + s.index() + " diverged at α = " + ModelSpec.compact(s.divergenceAlpha())
                        + ": max Q_aa left the bounded range; the learning rate η = " + ModelSpec.compact(spec.eta())
                        + " is too large for bounded norms");
                err.flush();
                return Main.EXIT_DIVERGED;
            }
        }
        err.flush();
        return 0;
    }

    private Path perSeedFile(int k) {
        return perSeed.resolve("seed-" + k + ".csv");
    }
}
