package dev.overlap.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.overlap.model.Activation;
import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.ActivationTheory;
import dev.overlap.ode.AlphaGrid;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.Integrator;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.ode.OverlapSolver;
import dev.overlap.ode.RhsKind;
import dev.overlap.ode.SolverOptions;
import dev.overlap.ode.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code overlap bench}: speed measurements (never asserted in tests). */
@Command(name = "bench", header = "Benchmarks: ode, symbolic, sgd.", mixinStandardHelpOptions = true,
        description = {
            "Benchmarks. Target 'symbolic': for (p, p*) = (2,1), (3,2), (4,2), (4,4), (8,2), the derivation time (Symja"
                + " started beforehand, cache bypassed), the compile time, the number of terms, and nanoseconds per"
                + " right-hand-side evaluation of the compiled symbolic equations and of the closed form.",
            "Target 'ode': right-hand-side evaluations per second (and bytes allocated per evaluation), and the wall"
                + " time of a warm solve of p = 4, p* = 2 (quadratic, mean, η̃ = 0.05, η² on, random start drawn at"
                + " N = 10000) to α = 1000 at rtol 1e-9, with its number of RHS evaluations. Reports the median and the"
                + " range over --repeats warm solves, after --warmup untimed ones. Then, on new lines: the same solves"
                + " in thread CPU time, the plateau search's share, and the same solve with --integrator rosenbrock.",
            "Target 'sgd': both finite-N engines. The overlap chain: ns per step on one thread for (p, p*) = (2,1),"
                + " (4,2), (8,2), (16,4) and --p, --pstar at N = 10000, and (4,2) at N = 10⁹ (its cost does not depend"
                + " on N), each size in a fresh JVM, beside the 'draws floor' (the step's random draws alone). The"
                + " weight engine: steps per second and ns per (step·N) for --p, --pstar at N = 1000 and 10000, on one"
                + " thread and on all cores (one seed per thread, at least two seeds). Then the ratio of the two at"
                + " N = 10000 on one thread. Median and range of 5 timings after 2 untimed ones (the ODE options do"
                + " not apply).",
            "",
            "Exit codes: 0 ok; 2 invalid input; 130 interrupted; 1 internal error."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "What to benchmark: ode, symbolic or sgd.")
    String target;

    @Option(names = "--p", paramLabel = "P", description = "Student width (default: ${DEFAULT-VALUE}).")
    int p = 4;

    @Option(names = "--pstar", paramLabel = "P*", description = "Teacher width (default: ${DEFAULT-VALUE}).")
    int pstar = 2;

    @Option(names = "--alpha-max", paramLabel = "A", description = "End of the solve (default: ${DEFAULT-VALUE}).")
    double alphaMax = 1000;

    @Option(names = "--rtol", paramLabel = "TOL", description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol = 1e-9;

    @Option(names = "--repeats", paramLabel = "K", description = "Timed solves (default: ${DEFAULT-VALUE}).")
    int repeats = 20;

    @Option(names = "--warmup", paramLabel = "K", description = "Untimed warm-up solves (default: ${DEFAULT-VALUE}).")
    int warmup = 20;

    @Option(names = "--activation", paramLabel = "NAME", description = "Activation for 'ode' (default: ${DEFAULT-VALUE}).")
    String activation = "quadratic";

    @Option(names = "--norm", paramLabel = "mean|sum|sqrt", description = "Normalisation for 'ode' (default: ${DEFAULT-VALUE}).")
    String norm = "mean";

    @Option(names = "--rhs", paramLabel = "closed-form|symbolic",
            description = "Evaluator benchmarked by 'ode' (default: ${DEFAULT-VALUE}).")
    String rhs = "closed-form";

    @Override
    public Integer call() {
        if (target.equals("symbolic")) {
            return new SymbolicBench(commandSpec.commandLine().getOut()).run();
        }
        if (target.equals("sgd")) {
            // the widths are checked here, not in the child JVMs that time the chain (a trace there)
            ModelSpec.builder().p(p).pstar(pstar).build();
            return SgdBench.run(commandSpec.commandLine().getOut(), p, pstar);
        }
        if (!target.equals("ode")) {
            throw new UserError("unknown bench target '" + target + "': available: ode, sgd, symbolic");
        }
        if (repeats < 1 || warmup < 0) {
            throw new UserError("--repeats must be ≥ 1 and --warmup ≥ 0");
        }
        PrintWriter out = commandSpec.commandLine().getOut();
        ModelSpec spec = ModelSpec.builder().p(p).pstar(pstar).activation(Activation.parse(activation))
                .normalisation(Normalisation.parse(norm)).init(new InitialCondition.Random(10_000, 1.0, 1L)).build();
        Overlaps init = spec.initialOverlaps();
        ActivationTheory theory = ActivationTheory.of(spec.activation());
        // an activation whose only evaluator is the closed form (erf) is benchmarked with it, whatever --rhs says
        RhsKind kind = theory.rightHandSides().equals(Set.of(RhsKind.CLOSED_FORM)) ? RhsKind.CLOSED_FORM
                : RhsKind.parse(rhs);
        LargeSizes.checkSolve(spec, kind);
        OverlapDynamics f = theory.dynamics(spec, init.teacherOverlap(), kind);
        out.println("overlap bench ode: " + spec.describe() + ", N = 10000 draw, rhs " + kind.flag() + ", Java "
                + Versions.java());

        double[] y = init.toState();
        double[] yDot = new double[y.length];
        long calls = 0;
        for (int i = 0; i < 200_000; i++) {
            f.derivatives(y, yDot);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long bytes0 = mx.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        long deadline = t0 + 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 10_000; i++) {
                f.derivatives(y, yDot);
            }
            calls += 10_000;
        }
        double secs = (System.nanoTime() - t0) * 1e-9;
        long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
        out.printf(Locale.ROOT, "  RHS evaluations: %.3g per second (%.1f ns each), %.3f bytes allocated per evaluation%n",
                calls / secs, 1e9 * secs / calls, (double) bytes / calls);

        OverlapSolver solver = new OverlapSolver(SolverOptions.DEFAULTS.withTolerances(rtol, 1e-12));
        AlphaGrid grid = AlphaGrid.log(0.01, alphaMax, 201);
        Trajectory t = null;
        for (int i = 0; i < warmup; i++) {
            t = solver.solve(f, init, grid);
        }
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long c = mx.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            t = solver.solve(f, init, grid);
            wall[i] = (System.nanoTime() - s) * 1e-9;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c) * 1e-9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        out.printf(Locale.ROOT,
                "  warm solve to α = %s at rtol %s: median %.4f s (min %.4f, max %.4f over %d), %d RHS evaluations (the"
                        + " integration and its refined tail), final ε_g = %.3e%n",
                ModelSpec.compact(alphaMax), ModelSpec.compact(rtol), wall[repeats / 2], wall[0], wall[repeats - 1], repeats, t.rhsEvaluations(),
                t.epsG()[t.size() - 1]);
        out.printf(Locale.ROOT, "  the same solves in thread CPU time (not inflated by other processes' load): median %.4f s"
                + " (min %.4f, max %.4f)%n", cpu[repeats / 2], cpu[0], cpu[repeats - 1]);
        double[] plateau = new double[repeats];
        double[] y0 = init.toState();
        for (int i = 0; i < repeats; i++) {
            long c = mx.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            FixedPoints.plateauFrom(f, y0);
            plateau[i] = (System.nanoTime() - s) * 1e-9;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c) * 1e-9;
        }
        Arrays.sort(plateau);
        Arrays.sort(cpu);
        out.printf(Locale.ROOT, "  of which the plateau search (FixedPoints.plateauFrom): median %.4f s (CPU %.4f s)"
                + " over %d%n", plateau[repeats / 2], cpu[repeats / 2], repeats);
        OverlapSolver rosenbrock = new OverlapSolver(SolverOptions.DEFAULTS.withTolerances(rtol, 1e-12)
                .withIntegrator(Integrator.ROSENBROCK));
        Trajectory r = null;
        for (int i = 0; i < warmup; i++) {
            r = rosenbrock.solve(f, init, grid);
        }
        for (int i = 0; i < repeats; i++) {
            long c = mx.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            r = rosenbrock.solve(f, init, grid);
            wall[i] = (System.nanoTime() - s) * 1e-9;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c) * 1e-9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        out.printf(Locale.ROOT, "  the same with --integrator rosenbrock (Jacobian: %s): median %.4f s (min %.4f, max"
                + " %.4f over %d; CPU median %.4f s), %d RHS evaluations (tail included), final ε_g = %.3e%n",
                f.exactJacobian(y0, new double[y0.length * y0.length]) ? "exact" : "forward differences",
                wall[repeats / 2], wall[0], wall[repeats - 1],
                repeats, cpu[repeats / 2], r.rhsEvaluations(), r.epsG()[r.size() - 1]);
        out.flush();
        return 0;
    }
}
