package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.ode.tails.TailRefinement;

/**
 * A solved learning curve: the α values reached, the flat state and ε_g at each, the events, and how the
 * run went. If the run diverged, the arrays stop at the last grid value before the divergence.
 *
 * @param spec          the model
 * @param teacher       T
 * @param evaluator     name of the right-hand side used
 * @param options       the solver options
 * @param gridDescription how the α grid was chosen
 * @param alphas        α values reported
 * @param states        flat states (upper triangle of Q, then R), one per α
 * @param epsG          ε_g per α
 * @param events        events
 * @param rhsEvaluations number of right-hand-side evaluations (the main integration and the refined tail)
 * @param wallSeconds   wall time of the whole solve (plateau search included)
 * @param exactJacobian whether the evaluator's Jacobian (fixed-point stability, the Rosenbrock steps) is exact
 *                      rather than finite differences
 * @param tail          the rows whose ε_g was recomputed to relative accuracy
 *                      ({@link TailRefinement})
 */
public record Trajectory(ModelSpec spec, double[][] teacher, String evaluator, SolverOptions options,
        String gridDescription, double[] alphas, double[][] states, double[] epsG, Events events, long rhsEvaluations,
        double wallSeconds, boolean exactJacobian, TailRefinement.Refined tail) {

    /** Number of rows. */
    public int size() {
        return alphas.length;
    }

    /** Column names ({@link TrajectoryColumns}): alpha, eps_g, the state, then the derived columns. */
    public String[] columns() {
        return TrajectoryColumns.names(spec);
    }

    /** Row i in column order. */
    public double[] row(int i) {
        return TrajectoryColumns.row(spec, alphas[i], epsG[i], states[i], teacher);
    }

    /** The overlaps at row i. */
    public Overlaps overlaps(int i) {
        return Overlaps.fromState(spec.p(), spec.pstar(), states[i], teacher);
    }

    /** Whether the run stopped because the norms diverged. */
    public boolean diverged() {
        return events.divergence() != null;
    }
}
