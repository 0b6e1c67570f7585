package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.overlap.model.ModelSpec;
import dev.overlap.validation.EscapeComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overlap escape}: the finite-N law of the plateau escape time, optionally against the overlap chain. */
@Command(name = "escape", header = "Finite-N law of the plateau escape time (mean, sd, quantiles, CDF) per N; --simulate checks it.",
        resourceBundle = "dev.overlap.cli.NListHelp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Predict the law of the escape time α_esc (first α with ε_g ≤ F·ε_g*, ε_g*",
            "the plateau's error) at each --N, from the finite-N theory:",
            "  1. the linear-noise covariance Σ of √N(Ω − φ) along the path φ from",
            "     the mean start (Σ' = JΣ + ΣJᵀ + D(φ), D the diffusion matrix of one",
            "     SGD step, Σ(0) from the exact law of the random start), up to the",
            "     matching time α_m where the fluctuation along the plateau's",
            "     unstable directions, √(wᵀΣw/N), reaches 0.05, or φ reaches the",
            "     plateau (the R = 0 point of z², the symmetric point of erf);",
            "  2. the plateau noise still to come in the unstable directions (rates",
            "     γ_i of the plateau's Jacobian, η² term included), added at α_m;",
            "  3. the N → ∞ ODE from --samples quasi-random effective starts drawn",
            "     from that Gaussian, each to its escape.",
            "The mean grows like ln N/(2γ) + c (γ the largest rate; printed).",
            "",
            "--simulate S runs S seeds of the exact overlap chain per N (master",
            "seed --seed) and compares: AGREE if at every N the predicted mean is",
            "within 3 standard errors of the simulated one and the one-sample",
            "Kolmogorov–Smirnov p-value of the simulated escape times against the",
            "predicted CDF is at least 0.01/m (m = number of N, Bonferroni); each",
            "seed stops at its escape, and a seed that does not escape counts as a",
            "failure.",
            ""},
        footerHeading = "%nOutput:%n",
        footer = {
            "PREFIX.csv, one row per N: N,mean,sd,q10,q50,q90 (predicted), then",
            "matching_alpha, and with --simulate sim_mean,sim_sem,sim_sd,ks_pvalue,",
            "sim_escaped. PREFIX.json: the same keys per N under \"per_N\", the",
            "predicted CDF (sorted samples) and the simulated escape times, the",
            "plateau, γ, the large-N constant c, the verdict. PREFIX.png: predicted",
            "and simulated CDFs per N, and mean escape α against ln N. The table",
            "goes to stdout (with --simulate the verdict is its last line). Files",
            "are written atomically at the end.",
            "",
            "Exit codes: 0 ok (AGREE); 4 DISAGREE; 2 invalid input or unwritable",
            "output; 130 interrupted; 1 internal error.",
            "",
            "Example:",
            "  overlap escape --p 4 --pstar 2 --lr-per-width 0.05 \\",
            "    --N 1000,10000,100000 --simulate 1000 --out esc"})
final class EscapeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    ModelFlags modelFlags;

    @Option(names = "--samples", paramLabel = "K", description = "Quasi-random effective starts per N (default: ${DEFAULT-VALUE}).")
    int samples = 1024;

    @Option(names = "--simulate", paramLabel = "S", description = "Also simulate S seeds of the overlap chain per N (default: none).")
    int simulate = 0;

    @Option(names = "--escape-fraction", paramLabel = "F",
            description = "Escape = first α with ε_g ≤ F·ε_g(plateau) (default: ${DEFAULT-VALUE}).")
    double escapeFraction = 0.5;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores, here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "PREFIX", description = "Output prefix: PREFIX.csv, PREFIX.json, PREFIX.png (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("esc");

    @Option(names = {"-q", "--quiet"}, description = "No report on stdout (the files are written all the same; the exit code "
            + "gives the verdict).")
    boolean quiet;

    @Option(names = "--progress", description = "Print the progress line even when stderr is not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        Path base = CompareCommand.stripExtension(out, "esc");
        Path csv = base.resolveSibling(base.getFileName() + ".csv");
        Path json = base.resolveSibling(base.getFileName() + ".json");
        Path png = base.resolveSibling(base.getFileName() + ".png");
        OutputSet outputs = CompareCommand.prefixOutputs(out, csv, json, png);
        modelFlags.options.inputsOf(outputs).check();
        if (samples < 2) {
            throw new UserError("--samples must be at least 2 (got " + samples + ")");
        }
        if (threads < 1) {
            throw new UserError("--threads must be at least 1 (got " + threads + ")");
        }
        int[] dims = modelFlags.options.dimensionList();
        long[] ns = Arrays.stream(dims).asLongStream().toArray();
        ModelSpec spec = modelFlags.options.toSpec(dims[0]);

        long t0 = System.nanoTime();
        PrintWriter err = commandSpec.commandLine().getErr();
        if (simulate < 0) {
            throw new UserError("--simulate must be at least 0 (got " + simulate + ")");
        }
        EscapeComparison.Predictions predictions = EscapeComparison.predict(spec, ns, samples, escapeFraction, threads);
        EscapeComparison.Report report;
        try (ProgressLine line = simulate > 0 ? ProgressLine.startIfWanted("escape", "steps",
                predictions.simulationSteps(simulate), err, progress) : null) {
            report = EscapeComparison.compare(spec, predictions, simulate, modelFlags.options.masterSeed(), threads,
                    ProgressLine.sink(line));
        }
        double wall = (System.nanoTime() - t0) * 1e-9;

        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(csv, EscapeReports.csv(report).getBytes(StandardCharsets.UTF_8));
        files.put(json, Reports.write(EscapeReports.json(report, samples, simulate, modelFlags.options.masterSeed(), wall))
                .getBytes(StandardCharsets.UTF_8));
        files.put(png, EscapeReports.plot(report));
        outputs.write(files);

        PrintWriter w = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : commandSpec.commandLine().getOut();
        for (String l : EscapeReports.text(report)) {
            w.println(l);
        }
        w.printf(Locale.ROOT, "wrote %s, %s, %s (%.1f s)%n", csv, json, png, wall);
        if (simulate > 0) {
            w.println(report.verdict() + ": " + String.join("; ", report.findings()));
        }
        w.flush();
        return report.agree() ? 0 : CompareCommand.EXIT_DISAGREE;
    }
}
