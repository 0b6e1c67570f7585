package dev.overlap.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import dev.overlap.model.InitialCondition;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.RandomStreams;
import dev.overlap.validation.OverlapChain;
import dev.overlap.validation.SgdRun;

/**
 * {@code overlap bench sgd}: the time of one SGD step of both finite-N engines, quadratic activation, mean
 * normalisation, η̃ = 0.05, Δ = 0, timed the same way throughout: every configuration is timed {@value #WARMUP}
 * times untimed and then {@value #REPEATS} times, and the median and the range are printed. Only the steps are
 * timed: drawing the start and recording are not.
 *
 * <ul>
 *   <li>The overlap chain ({@link OverlapChain}), one thread, N = 10⁴, for (p, p*) = (2,1), (4,2), (8,2), (16,4)
 *       (and --p, --pstar if not among them), in ns per step; then (4,2) again at N = 10⁹, since the chain's cost
 *       does not depend on N. Beside each, the "draws floor": the same loop doing only the random draws one step
 *       needs (p* + p Ziggurat Gaussians and one χ²_{N−p−p*}, from the chain's generator with the chain's
 *       samplers), the cost the chain tends to as its arithmetic gets cheaper. Every timing restarts the chain
 *       from the same drawn overlaps, so all timings do the same work; the number of steps is set once per size so
 *       that a timing lasts about {@value #CHAIN_SECONDS} s. Each size runs in a fresh JVM (this class's
 *       {@link #main}, like JMH's forks): the JIT compiles the chain's small loops for the sizes it has seen, and a
 *       chain timed after other sizes in the same JVM can be twice as slow as in a real run, which simulates one
 *       size per JVM. If no JVM can be started, the size is timed in this JVM and its line says so.</li>
 *   <li>The weight engine ({@link SgdRun}) for --p, --pstar (default 4, 2), as steps per second and ns per
 *       (step · N), at N = 10³ and 10⁴, on one thread and on all cores (one seed per thread, at least two seeds).
 *       Every run advances by about 2·10⁸ / N steps per timing, and continues from timing to timing.</li>
 *   <li>The ratio at N = 10⁴, one thread, for --p, --pstar: weight-engine ns per step over chain ns per step.</li>
 * </ul>
 */
final class SgdBench {

    static final int REPEATS = 5;
    static final int WARMUP = 2;
    /** Element updates (steps · N) per run and timing of the weight engine. */
    private static final double WORK = 2e8;
    /** Target wall time of one timing of the chain (and of its draws floor). */
    private static final double CHAIN_SECONDS = 0.2;
    /** (p, p*) of the chain timings. */
    private static final int[][] CHAIN_SIZES = {{2, 1}, {4, 2}, {8, 2}, {16, 4}};
    static final int CHAIN_N = 10_000;
    static final int CHAIN_HUGE_N = 1_000_000_000;
    private static final long SEED = 1;
    private static final String RESULT = "chain-result";

    /** Receives the draws of the floor loop so that the JIT cannot drop their final arithmetic. */
    static volatile double sink;

    private SgdBench() {
    }

    static int run(PrintWriter out, int p, int pstar) {
        return run(out, p, pstar, 1.0);
    }

    /**
     * @param scale multiplies every amount of work (1 for the benchmark; tests use a tiny scale to check the output)
     */
    static int run(PrintWriter out, int p, int pstar, double scale) {
        int cores = Runtime.getRuntime().availableProcessors();
        int parallel = Math.max(2, cores);
        out.printf(Locale.ROOT, "overlap bench sgd: time per SGD step of the overlap chain and of the weight engine,"
                + " quadratic mean η̃=0.05, Java %s, %d cores; median (min–max) of %d timings after %d untimed%n",
                Versions.java(), cores, REPEATS, WARMUP);

        out.printf(Locale.ROOT, "overlap chain (OverlapChain), 1 thread, N = %d (the cost per step does not depend on N),"
                + " each size in a fresh JVM; draws floor: the step's p*+p Gaussian and one χ² draws alone%n", CHAIN_N);
        out.flush();
        List<int[]> sizes = new ArrayList<>(Arrays.asList(CHAIN_SIZES));
        if (sizes.stream().noneMatch(s -> s[0] == p && s[1] == pstar)) {
            sizes.add(new int[] {p, pstar});
        }
        double chainNs = Double.NaN;
        for (int[] s : sizes) {
            double ns = chainLine(out, s[0], s[1], CHAIN_N, scale);
            if (s[0] == p && s[1] == pstar) {
                chainNs = ns;
            }
        }
        chainLine(out, 4, 2, CHAIN_HUGE_N, scale);

        out.printf(Locale.ROOT, "weight engine (SgdRun), p=%d p*=%d:%n", p, pstar);
        out.flush();
        double weightsNs = Double.NaN;
        for (int n : new int[] {1_000, 10_000}) {
            long steps = Math.max(1, Math.round(WORK * scale / n));
            double single = measureWeights(p, pstar, n, 1, steps, out, "1 thread ");
            double all = measureWeights(p, pstar, n, parallel, steps, out,
                    String.format(Locale.ROOT, "%d threads", parallel));
            out.printf(Locale.ROOT, "  N = %5d: speed-up with %d threads (%d seeds): %.2f×%n", n, parallel, parallel,
                    all / single);
            out.flush();
            if (n == CHAIN_N) {
                weightsNs = 1e9 / single;
            }
        }
        out.printf(Locale.ROOT, "weight engine / chain at p=%d p*=%d, N = %d, 1 thread: %.4g ns per step / %.4g ns per"
                + " step = %.0f×%n", p, pstar, CHAIN_N, weightsNs, chainNs, weightsNs / chainNs);
        out.flush();
        return 0;
    }

    /**
     * Child JVM entry: {@code chain P PSTAR N SCALE} times one chain size and prints one {@value #RESULT} line (the
     * chain's median, min and max ns per step, the same for the draws floor, steps per timing, bytes allocated per
     * step).
     */
    public static void main(String[] args) {
        if (args.length != 5 || !args[0].equals("chain")) {
            System.err.println("usage: SgdBench chain P PSTAR N SCALE (started by overlap bench sgd)");
            System.exit(2);
        }
        ChainTiming t = timeChain(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Double.parseDouble(args[4]));
        System.out.println(RESULT + " " + t.encode());
    }

    /** Times one chain size (in a fresh JVM when possible), prints its line and returns its median ns per step. */
    private static double chainLine(PrintWriter out, int p, int pstar, int n, double scale) {
        Optional<ChainTiming> forked = timeChainInFreshJvm(p, pstar, n, scale);
        ChainTiming t = forked.orElseGet(() -> timeChain(p, pstar, n, scale));
        out.printf(Locale.ROOT, "  p=%2d p*=%d%s: %6.1f ns per step (%.1f–%.1f); draws floor %5.1f ns (%.1f–%.1f), chain"
                + " %.2f× floor; %d steps per timing, %.3f bytes allocated per step%s%n", p, pstar,
                n == CHAIN_N ? "" : ", N = " + n, t.chain[REPEATS / 2], t.chain[0], t.chain[REPEATS - 1],
                t.floor[REPEATS / 2], t.floor[0], t.floor[REPEATS - 1], t.chain[REPEATS / 2] / t.floor[REPEATS / 2],
                t.steps, t.bytesPerStep, forked.isPresent() ? "" : " (timed in this JVM: no fresh JVM could be started)");
        out.flush();
        return t.chain[REPEATS / 2];
    }

    /** The chain's and the floor's ns per step over the timed repeats (sorted), the steps per timing, allocation. */
    private static final class ChainTiming {
        final double[] chain;
        final double[] floor;
        final long steps;
        final double bytesPerStep;

        ChainTiming(double[] chain, double[] floor, long steps, double bytesPerStep) {
            this.chain = chain;
            this.floor = floor;
            this.steps = steps;
            this.bytesPerStep = bytesPerStep;
        }

        String encode() {
            StringBuilder b = new StringBuilder();
            for (double v : chain) {
                b.append(Double.toString(v)).append(' ');
            }
            for (double v : floor) {
                b.append(Double.toString(v)).append(' ');
            }
            return b.append(steps).append(' ').append(Double.toString(bytesPerStep)).toString();
        }

        static ChainTiming decode(String s) {
            String[] f = s.trim().split(" ");
            if (f.length != 2 * REPEATS + 2) {
                throw new IllegalArgumentException(s);
            }
            double[] chain = new double[REPEATS];
            double[] floor = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                chain[i] = Double.parseDouble(f[i]);
                floor[i] = Double.parseDouble(f[REPEATS + i]);
            }
            return new ChainTiming(chain, floor, Long.parseLong(f[2 * REPEATS]), Double.parseDouble(f[2 * REPEATS + 1]));
        }
    }

    /** Runs {@link #main} in a child JVM with this JVM's class path; empty if that is not possible or fails. */
    private static Optional<ChainTiming> timeChainInFreshJvm(int p, int pstar, int n, double scale) {
        Optional<String> java = ProcessHandle.current().info().command();
        String classPath = System.getProperty("java.class.path");
        if (java.isEmpty() || classPath == null || classPath.isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = List.of(java.get(), "-cp", classPath, SgdBench.class.getName(), "chain",
                Integer.toString(p), Integer.toString(pstar), Integer.toString(n), Double.toString(scale));
        try {
            Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            proc.getOutputStream().close();
            String result = null;
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith(RESULT + " ")) {
                        result = line.substring(RESULT.length() + 1);
                    }
                }
            }
            if (proc.waitFor() != 0 || result == null) {
                return Optional.empty();
            }
            return Optional.of(ChainTiming.decode(result));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }

    /** Times the chain and its draws floor at one size, in this JVM. */
    private static ChainTiming timeChain(int p, int pstar, int n, double scale) {
        ModelSpec spec = ModelSpec.builder().p(p).pstar(pstar).lrPerWidth(0.05)
                .init(new InitialCondition.Random(n, 1.0, SEED)).build();
        double[] u = new double[pstar];
        double[] z = new double[p];
        // Warm the JIT up, then choose the number of steps per timing from a short timed run.
        long probe = Math.max(1, Math.round(200_000 * scale));
        for (int i = 0; i < 3; i++) {
            OverlapChain.random(spec, n, 1.0, SEED).advance(probe);
            drawsOnly(p, pstar, n, probe, u, z);
        }
        OverlapChain c = OverlapChain.random(spec, n, 1.0, SEED);
        long t0 = System.nanoTime();
        c.advance(probe);
        double perStep = Math.max(1e-9, (System.nanoTime() - t0) * 1e-9 / probe);
        long steps = Math.max(1, roundTo2Digits(CHAIN_SECONDS * scale / perStep));

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double[] chain = new double[REPEATS];
        double[] floor = new double[REPEATS];
        long bytes = 0;
        for (int rep = -WARMUP; rep < REPEATS; rep++) {
            OverlapChain run = OverlapChain.random(spec, n, 1.0, SEED);
            long b0 = mx.getThreadAllocatedBytes(tid);
            long s0 = System.nanoTime();
            run.advance(steps);
            long s1 = System.nanoTime();
            long b1 = mx.getThreadAllocatedBytes(tid);
            double f = drawsOnly(p, pstar, n, steps, u, z);
            if (rep >= 0) {
                chain[rep] = (s1 - s0) / (double) steps;
                floor[rep] = f;
                bytes += b1 - b0;
            }
        }
        Arrays.sort(chain);
        Arrays.sort(floor);
        return new ChainTiming(chain, floor, steps, (double) bytes / (REPEATS * steps));
    }

    /**
     * The random draws of {@code steps} chain steps and nothing else, in the chain's order (p* then p Ziggurat
     * Gaussians into arrays, then one χ²_{N−p−p*}), from the chain's generator ({@link RandomStreams#CHAIN_STEPS}
     * of the seed) and samplers (the χ² is FactoredOverlaps.chiSquareSampler, written out here since that method is
     * package-private: Gamma((N − p − p*)/2, 2) by Marsaglia–Tsang). Returns ns per step.
     */
    private static double drawsOnly(int p, int pstar, int n, long steps, double[] u, double[] z) {
        UniformRandomProvider rng = RandomStreams.stream(SEED, RandomStreams.CHAIN_STEPS);
        NormalizedGaussianSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        long rest = (long) n - p - pstar;
        ContinuousSampler chi = rest == 0 ? null : AhrensDieterMarsagliaTsangGammaSampler.of(rng, 0.5 * rest, 2.0);
        double acc = 0;
        long t0 = System.nanoTime();
        for (long i = 0; i < steps; i++) {
            for (int r = 0; r < pstar; r++) {
                u[r] = gauss.sample();
            }
            for (int a = 0; a < p; a++) {
                z[a] = gauss.sample();
            }
            acc += chi == null ? 0.0 : chi.sample();
        }
        long t1 = System.nanoTime();
        sink = acc + u[0] + z[0];
        return (t1 - t0) / (double) steps;
    }

    private static long roundTo2Digits(double v) {
        if (v < 100) {
            return Math.round(v);
        }
        double unit = Math.pow(10, Math.floor(Math.log10(v)) - 1);
        return Math.round(Math.round(v / unit) * unit);
    }

    /** Times {@code seeds} runs advanced concurrently on one thread each; returns the median steps per second. */
    private static double measureWeights(int p, int pstar, int n, int seeds, long steps, PrintWriter out, String label) {
        List<SgdRun> runs = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            ModelSpec spec = ModelSpec.builder().p(p).pstar(pstar).lrPerWidth(0.05)
                    .init(new InitialCondition.Random(n, 1.0, 1 + k)).build();
            runs.add(new SgdRun(spec));
        }
        double[] seconds = new double[REPEATS];
        for (int rep = -WARMUP; rep < REPEATS; rep++) {
            double s = timeConcurrently(runs, steps);
            if (rep >= 0) {
                seconds[rep] = s;
            }
        }
        Arrays.sort(seconds);
        double total = (double) steps * seeds;
        double median = seconds[REPEATS / 2];
        out.printf(Locale.ROOT, "  N = %5d, %s: %.3g steps/s (%.3g–%.3g), %.2f ns per step·N (%.2f–%.2f)%n", n, label,
                total / median, total / seconds[REPEATS - 1], total / seconds[0], 1e9 * median / (total * n),
                1e9 * seconds[0] / (total * n), 1e9 * seconds[REPEATS - 1] / (total * n));
        out.flush();
        return total / median;
    }

    private static double timeConcurrently(List<SgdRun> runs, long steps) {
        if (runs.size() == 1) {
            long t0 = System.nanoTime();
            runs.get(0).advance(steps);
            return (System.nanoTime() - t0) * 1e-9;
        }
        CyclicBarrier start = new CyclicBarrier(runs.size() + 1);
        List<Thread> threads = new ArrayList<>();
        for (SgdRun r : runs) {
            Thread t = new Thread(() -> {
                await(start);
                r.advance(steps);
            }, "bench-sgd");
            t.start();
            threads.add(t);
        }
        await(start);
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            }
        }
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }
}
