package dev.overlap.validation;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.FixedPoint;
import dev.overlap.ode.FixedPoints;
import dev.overlap.ode.TrajectoryColumns;

/**
 * What one seed of the simulation measured: the overlaps and ε_g at the recorded α values, and its events.
 * If the run diverged, the arrays stop at the last recorded α before the divergence.
 *
 * @param index           k, the seed's index 0 … S − 1
 * @param seed            the seed of its random streams, {@link SgdSimulator#seedOf}(master, k)
 * @param spec            the model with this seed's initial condition: {@code Random(N, σ₀, seed)}, so that
 *                        {@code spec.initialOverlaps()} reproduces {@code overlaps(0)}
 * @param teacherOverlap  T = W* W*ᵀ/N of this seed's teacher
 * @param alphas          recorded α = steps/N
 * @param states          flat overlaps (upper triangle of Q, then R), recomputed from the weights at each α
 * @param epsG            ε_g at each α, exact from the overlaps
 * @param plateauEpsG     ε_g* of the plateau reached from this seed's initial overlaps (NaN if none)
 * @param escapeAlpha     first α with ε_g ≤ f ε_g* (null if not reached, or no plateau)
 * @param divergenceAlpha α at which max_a Q_aa left the bounded range (null if it did not)
 * @param steps           SGD steps taken
 * @param plateau         the plateau fixed point itself ({@link FixedPoints#plateauFrom} from {@code states[0]}
 *                        with this spec and T), kept so that the per-seed ODE does not search it again; null if
 *                        there is none or it is not known
 */
public record SeedTrajectory(int index, long seed, ModelSpec spec, double[][] teacherOverlap, double[] alphas,
        double[][] states, double[] epsG, double plateauEpsG, Double escapeAlpha, Double divergenceAlpha,
        long steps, FixedPoint plateau) {

    /** A seed whose plateau fixed point is not known (a per-seed ODE searches it). */
    public SeedTrajectory(int index, long seed, ModelSpec spec, double[][] teacherOverlap, double[] alphas,
            double[][] states, double[] epsG, double plateauEpsG, Double escapeAlpha, Double divergenceAlpha,
            long steps) {
        this(index, seed, spec, teacherOverlap, alphas, states, epsG, plateauEpsG, escapeAlpha, divergenceAlpha,
                steps, null);
    }

    /** Number of recorded rows. */
    public int size() {
        return alphas.length;
    }

    /** The overlaps at row i. */
    public Overlaps overlaps(int i) {
        return Overlaps.fromState(spec.p(), spec.pstar(), states[i], teacherOverlap);
    }

    /** Column names, those of {@code overlap solve} ({@link TrajectoryColumns}). */
    public String[] columns() {
        return TrajectoryColumns.names(spec);
    }

    /** Row i in column order. */
    public double[] row(int i) {
        return TrajectoryColumns.row(spec, alphas[i], epsG[i], states[i], teacherOverlap);
    }
}
