package dev.overlap.cli;

import java.io.PrintWriter;
import java.util.Locale;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.QuadraticClosedFormDynamics;
import dev.overlap.ode.OverlapDynamics;
import dev.overlap.symbolic.Derivation;
import dev.overlap.symbolic.OverlapEquations;
import dev.overlap.validation.symbolic.SymbolicDynamics;

/**
 * {@code overlap bench symbolic}: derivation and compile times, and the speed of the compiled symbolic
 * right-hand side against the closed form, for the quadratic activation at several widths.
 */
final class SymbolicBench {

    private static final int[][] SIZES = {{2, 1}, {3, 2}, {4, 2}, {4, 4}, {8, 2}};

    private final PrintWriter out;

    SymbolicBench(PrintWriter out) {
        this.out = out;
    }

    int run() {
        long s0 = System.nanoTime();
        Derivation.derive(ModelSpec.builder().p(1).pstar(1).build());
        out.printf(Locale.ROOT, "overlap bench symbolic (Java %s): Symja start-up and a first (1,1) derivation %.2f s%n",
                Versions.java(), (System.nanoTime() - s0) * 1e-9);
        out.println("  (p,p*)  derive_s  compile_s  terms  symbolic_ns  closed_form_ns  symbolic/closed");
        for (int[] size : SIZES) {
            ModelSpec spec = ModelSpec.builder().p(size[0]).pstar(size[1]).lrPerWidth(0.05).noise(0.01)
                    .init(new InitialCondition.Isotropic(0.8, 0.05)).build();
            Overlaps init = spec.initialOverlaps();
            long t0 = System.nanoTime();
            OverlapEquations eq = Derivation.derive(spec);
            double derive = (System.nanoTime() - t0) * 1e-9;
            t0 = System.nanoTime();
            SymbolicDynamics sym = new SymbolicDynamics(spec, init.teacherOverlap(), eq);
            double compile = (System.nanoTime() - t0) * 1e-9;
            OverlapDynamics closed = new QuadraticClosedFormDynamics(spec, init.teacherOverlap());
            double[] y = init.toState();
            double nsSym = nanosPerCall(sym, y);
            double nsClosed = nanosPerCall(closed, y);
            out.printf(Locale.ROOT, "  (%d,%d)   %8.3f  %9.3f  %5d  %11.1f  %14.1f  %15.2f%n", size[0], size[1], derive,
                    compile, eq.termCount(), nsSym, nsClosed, nsSym / nsClosed);
        }
        out.flush();
        return 0;
    }

    /** Median over 5 rounds of 0.2 s of back-to-back evaluations, after 0.5 s of warm-up. */
    private static double nanosPerCall(OverlapDynamics f, double[] y) {
        double[] yDot = new double[y.length];
        long warm = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < warm) {
            for (int i = 0; i < 1000; i++) {
                f.derivatives(y, yDot);
            }
        }
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            long calls = 0;
            long t0 = System.nanoTime();
            long end = t0 + 200_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    f.derivatives(y, yDot);
                }
                calls += 1000;
            }
            rounds[r] = (System.nanoTime() - t0) / (double) calls;
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
