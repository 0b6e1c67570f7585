package dev.overlap.ode.tails;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Normalisation;
import dev.overlap.model.Overlaps;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.StandardActivation;
import dev.overlap.testing.Allocations;

/**
 * Not a test: a speed measurement of the tail evaluators for BENCHMARKS.md, in one JVM, the in-place evaluators beside
 * the record-based ones they replaced ({@link RecordErfDeviation}, {@link RecordPolynomialDeviation}). At the zero-loss
 * state Q = R = T = I plus a deviation of 10⁻⁷ (the tail's regime), for each evaluator: thread-CPU nanoseconds per call
 * of the rates and of ε_g (the best of 5 rounds of at least 0.3 s each, after a warm-up) and bytes allocated per call
 * ({@link Allocations#perCall}). Run after {@code mvn -B -q -o install -DskipTests} with
 * <pre>
 *   java -cp ode/target/test-classes:test-fixtures/target/classes:cli/target/overlap.jar \
 *       dev.overlap.ode.tails.TailEvaluatorTiming
 * </pre>
 */
final class TailEvaluatorTiming {

    private TailEvaluatorTiming() {
    }

    public static void main(String[] args) {
        ModelSpec erf22 = ModelSpec.builder().p(2).pstar(2).activation(StandardActivation.ERF)
                .normalisation(Normalisation.SUM).lr(0.5).build();
        ModelSpec erf33 = ModelSpec.builder().p(3).pstar(3).activation(StandardActivation.ERF).noise(0.1).build();
        ModelSpec poly22 = ModelSpec.builder().p(2).pstar(2).activation(PolynomialActivation.parse("0,1,0.5"))
                .lrPerWidth(0.15).build();
        ModelSpec poly33 = ModelSpec.builder().p(3).pstar(3).activation(PolynomialActivation.parse("0,1,0,-1/3"))
                .noise(0.1).build();
        ModelSpec quad44 = ModelSpec.builder().p(4).pstar(4).build();
        System.out.println("ns per call (thread CPU) and bytes per call; rates | eps_g");
        for (int round = 0; round < 2; round++) {
            compare("erf p = p* = 2, sum, eta = 0.5", erf22, RecordErfDeviation::new, ErfDeviation::new);
            compare("erf p = p* = 3, noise 0.1", erf33, RecordErfDeviation::new, ErfDeviation::new);
            compare("poly 0,1,0.5, p = p* = 2", poly22, RecordPolynomialDeviation::new, PolynomialDeviation::new);
            compare("poly 0,1,0,-1/3, p = p* = 3, noise 0.1", poly33, RecordPolynomialDeviation::new,
                    PolynomialDeviation::new);
            compare("quadratic p = p* = 4", quad44, null, QuadraticDeviation::new);
        }
    }

    private static void compare(String name, ModelSpec spec, BiFunction<ModelSpec, double[][], DeviationDynamics> before,
            BiFunction<ModelSpec, double[][], DeviationDynamics> after) {
        double[][] t = new double[spec.pstar()][spec.pstar()];
        for (int r = 0; r < t.length; r++) {
            t[r][r] = 1;
        }
        double[] centre = Overlaps.of(t, t, t).toState();
        double[] deviation = new double[centre.length];
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 0; k < deviation.length; k++) {
            deviation[k] = 1e-7 * (rng.nextDouble() - 0.5);
        }
        double[] a = before == null ? null : measure(before.apply(spec, t), centre, deviation);
        double[] b = measure(after.apply(spec, t), centre, deviation);
        if (a == null) {
            System.out.printf(Locale.ROOT, "%-40s %8.0f ns %6.0f B | %7.0f ns %6.0f B%n", name, b[0], b[1], b[2], b[3]);
        } else {
            System.out.printf(Locale.ROOT, "%-40s before %8.0f ns %6.0f B | %7.0f ns %6.0f B;  after %7.0f ns %4.0f B | %6.0f ns"
                    + " %4.0f B;  ratio %.1f | %.1f%n", name, a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], a[0] / b[0],
                    a[2] / b[2]);
        }
    }

    /** ns and bytes per call of the rates, then of ε_g. */
    private static double[] measure(DeviationDynamics dev, double[] centre, double[] deviation) {
        double[] out = new double[centre.length];
        double[] sink = new double[1];
        Runnable rates = () -> dev.derivatives(centre, deviation, out);
        Runnable eps = () -> sink[0] += dev.generalisationError(centre, deviation);
        return new double[] {nanos(rates), Allocations.perCall(rates, 2_000), nanos(eps), Allocations.perCall(eps, 2_000)};
    }

    private static double nanos(Runnable body) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 6; round++) {
            long calls = 0;
            long t0 = mx.getCurrentThreadCpuTime();
            long t1;
            do {
                for (int i = 0; i < 100; i++) {
                    body.run();
                }
                calls += 100;
                t1 = mx.getCurrentThreadCpuTime();
            } while (t1 - t0 < 300_000_000L);
            if (round > 0) {
                best = Math.min(best, (double) (t1 - t0) / calls);
            }
        }
        return best;
    }
}
