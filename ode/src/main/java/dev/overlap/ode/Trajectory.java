package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;

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
 * @param rhsEvaluations number of right-hand-side evaluations of the main integration
 * @param wallSeconds   wall time of the whole solve (plateau search included)
 */
public record Trajectory(ModelSpec spec, double[][] teacher, String evaluator, SolverOptions options,
        String gridDescription, double[] alphas, double[][] states, double[] epsG, Events events, long rhsEvaluations,
        double wallSeconds) {

    /** Number of rows. */
    public int size() {
        return alphas.length;
    }

    /** Column names: {@code alpha, eps_g, Q_1_1, …, Q_p_p, R_1_1, …, R_p_pstar}. */
    public String[] columns() {
        String[] s = Overlaps.stateNames(spec.p(), spec.pstar());
        String[] c = new String[s.length + 2];
        c[0] = "alpha";
        c[1] = "eps_g";
        System.arraycopy(s, 0, c, 2, s.length);
        return c;
    }

    /** Row i as numbers in column order. */
    public double[] row(int i) {
        double[] r = new double[states[i].length + 2];
        r[0] = alphas[i];
        r[1] = epsG[i];
        System.arraycopy(states[i], 0, r, 2, states[i].length);
        return r;
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
