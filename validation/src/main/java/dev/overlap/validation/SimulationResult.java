package dev.overlap.validation;

import java.util.Arrays;
import java.util.List;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;

/**
 * All seeds of one simulation, and their statistics across seeds at each recorded α.
 *
 * @param spec           the model (initial condition Random(N, σ₀, master seed))
 * @param n              N
 * @param masterSeed     the master seed; seed k used {@link SgdSimulator#seedOf}(master, k)
 * @param seeds          the seeds' trajectories, in seed order
 * @param threads        worker threads used
 * @param wallSeconds    wall time of the whole simulation
 * @param totalSteps     SGD steps over all seeds
 * @param escapeFraction f of the escape definition ε_g ≤ f ε_g*
 * @param escapeStride   steps between two ε_g evaluations for the escape
 * @param engine         how the seeds were simulated (weights or the overlap chain)
 */
public record SimulationResult(ModelSpec spec, int n, long masterSeed, List<SeedTrajectory> seeds, int threads,
        double wallSeconds, long totalSteps, double escapeFraction, int escapeStride, Engine engine) {

    /**
     * Rows common to all seeds: all recorded α, or fewer if a seed diverged (the rows before the first
     * divergence).
     */
    public int rows() {
        return seeds.stream().mapToInt(SeedTrajectory::size).min().orElse(0);
    }

    /** The recorded α values of the common rows. */
    public double[] alphas() {
        return Arrays.copyOf(seeds.get(0).alphas(), rows());
    }

    /** ε_g of every seed at row i. */
    public double[] epsGAt(int i) {
        return seeds.stream().mapToDouble(s -> s.epsG()[i]).toArray();
    }

    /** Statistics of ε_g across seeds at row i. */
    public SampleStatistics epsGStatistics(int i) {
        return SampleStatistics.of(epsGAt(i));
    }

    /** The mean over seeds of the flat overlap state at row i. */
    public double[] meanState(int i) {
        int dim = Overlaps.stateDimension(spec.p(), spec.pstar());
        double[] m = new double[dim];
        for (SeedTrajectory s : seeds) {
            for (int c = 0; c < dim; c++) {
                m[c] += s.states()[i][c];
            }
        }
        for (int c = 0; c < dim; c++) {
            m[c] /= seeds.size();
        }
        return m;
    }

    /** SGD steps per second of wall time (all seeds together). */
    public double stepsPerSecond() {
        return totalSteps / wallSeconds;
    }

    /** Whether some seed diverged. */
    public boolean diverged() {
        return seeds.stream().anyMatch(s -> s.divergenceAlpha() != null);
    }

    /** The escape times of the seeds that escaped within the run. */
    public double[] escapeAlphas() {
        return seeds.stream().filter(s -> s.escapeAlpha() != null).mapToDouble(SeedTrajectory::escapeAlpha).toArray();
    }
}
