package dev.overlap.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.PlateauTheory;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code overlap demo}: the main job on defaults. */
@Command(name = "demo", header = "A quick default run with a plot: plateau, escape, closed-form values.", mixinStandardHelpOptions = true,
        description = {
            "A quick default run: p = 3 students learn p* = 2 orthonormal teachers (quadratic activation, mean"
                + " normalisation, η̃ = 0.05 so η = 0.15, η² term on, Δ = 0), starting from overlaps drawn at"
                + " N = 2000, seed 1, to α = 200.",
            "Writes demo.csv (the learning curve), demo.json (spec and events) and demo.png (ε_g(α) with the"
                + " plateau interval shaded and its entry and the escape marked) into --out-dir, and prints where the"
                + " plateau and the escape are, next to the closed-form plateau values.",
            "",
            "Exit codes: 0 ok; 2 unwritable output; 130 interrupted; 1 internal error."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Output directory, created if needed (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("overlap-demo");

    @Override
    public Integer call() {
        Path csv = outDir.resolve("demo.csv");
        Path json = outDir.resolve("demo.json");
        Path png = outDir.resolve("demo.png");
        OutputSet outputs = new OutputSet().directory("--out-dir", outDir, true)
                .derived("--out-dir", outDir, csv, "table").derived("--out-dir", outDir, json, "report")
                .derived("--out-dir", outDir, png, "plot").check();
        ModelSpec spec = ModelSpec.builder().p(ModelOptions.DEFAULT_P).pstar(ModelOptions.DEFAULT_PSTAR)
                .lrPerWidth(ModelOptions.DEFAULT_LR_PER_WIDTH).build();
        AlphaGrid grid = AlphaGrid.log(0.01, 200, 301);
        Overlaps initial = spec.initialOverlaps();
        Trajectory t = new OverlapSolver(SolverOptions.DEFAULTS)
                .solve(OverlapDynamics.of(spec, initial.teacherOverlap()), initial, grid);

        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(csv, Reports.csv(t).getBytes(StandardCharsets.UTF_8));
        files.put(json, Reports.write(Reports.metadata("demo", t, initial)).getBytes(StandardCharsets.UTF_8));
        files.put(png, Plots.learningCurve(t, true));
        outputs.write(files);

        PrintWriter out = commandSpec.commandLine().getOut();
        out.println("overlap demo: " + spec.describe() + ", N = 2000, seed 1");
        PlateauTheory th = Reports.closedFormPlateau(t);
        if (t.events().plateau() != null) {
            var p = t.events().plateau();
            out.printf(Locale.ROOT, "  plateau   ε_g* = %.6f  (closed form %.6f; gradient-flow value 1/p* + 1/(p+2) = %.6f)%n",
                    p.epsG(), th.epsG(), 1.0 / spec.pstar() + 1.0 / (spec.p() + 2));
            out.printf(Locale.ROOT, "            Q = %.6f·I (closed form %.6f), escape rate %.6f per unit α (closed form %.6f)%n",
                    p.q()[0], th.q(), p.escapeRate(), th.escapeRate());
            out.printf(Locale.ROOT, "            on the plateau (within %.0f%% of ε_g*) from α = %s to α = %s%n",
                    100 * p.tolerance(), fmt(p.alpha()), fmt(p.alphaExit()));
            out.printf(Locale.ROOT, "  escape    ε_g ≤ ½ ε_g* at α = %s%n", fmt(t.events().escape().alpha()));
        }
        int last = t.size() - 1;
        out.printf(Locale.ROOT, "  final     ε_g(%.0f) = %.3e%n", t.alphas()[last], t.epsG()[last]);
        out.printf(Locale.ROOT, "  solved in %.3f s (%d RHS evaluations)%n", t.wallSeconds(), t.rhsEvaluations());
        out.println("  wrote " + csv + ", " + json + ", " + png);
        out.flush();
        return t.diverged() ? Main.EXIT_DIVERGED : 0;
    }

    private static String fmt(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }
}
