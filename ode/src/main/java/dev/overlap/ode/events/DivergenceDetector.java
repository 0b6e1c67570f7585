package dev.overlap.ode.events;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventHandler;

import dev.overlap.model.StateLayout;
import dev.overlap.ode.DivergenceRule;

/**
 * The {@link DivergenceRule} as an event: the switching function
 * <pre>
 *   g_div(α) = bound − size(y(α))       (−1 if the size is not finite),
 * </pre>
 * with size = max_a |Q_aa| of the flat state ({@link #onStudentNorms}) or the largest |entry| of a reduced
 * state ({@link #onLargestEntry}); its decreasing zero is the blow-up. By default the integration stops there.
 */
public final class DivergenceDetector extends StateDetector<DivergenceDetector> {

    private final DivergenceRule rule;
    /** The flat layout whose diagonal is measured, or null to measure every entry. */
    private final StateLayout layout;

    private DivergenceDetector(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler, DivergenceRule rule,
            StateLayout layout) {
        super(maxCheck, maxIter, solver, handler);
        this.rule = rule;
        this.layout = layout;
    }

    private DivergenceDetector(DivergenceRule rule, StateLayout layout) {
        super(STOP_WHEN_DECREASING);
        this.rule = rule;
        this.layout = layout;
    }

    /**
     * The rule on the student norms of a flat overlap state.
     *
     * @return a detector of bound − max_a |Q_aa|
     */
    public static DivergenceDetector onStudentNorms(DivergenceRule rule, StateLayout layout) {
        return new DivergenceDetector(rule, layout);
    }

    /**
     * The rule on the largest entry of a reduced state (eigenvalues of Q, or the symmetric (q, c, r)).
     *
     * @return a detector of bound − max_i |y_i|
     */
    public static DivergenceDetector onLargestEntry(DivergenceRule rule) {
        return new DivergenceDetector(rule, null);
    }

    @Override
    protected DivergenceDetector create(AdaptableInterval maxCheck, int maxIter,
            BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler) {
        return new DivergenceDetector(maxCheck, maxIter, solver, handler, rule, layout);
    }

    /**
     * The rule.
     *
     * @return the divergence rule whose bound this detects
     */
    public DivergenceRule rule() {
        return rule;
    }

    @Override
    public EventKind kind() {
        return EventKind.DIVERGENCE;
    }

    /** bound − size(y), −1 if the size is not finite. */
    @Override
    public double g(double alpha, double[] state) {
        return rule.margin(layout != null ? layout.largestDiagonal(state) : largestEntry(state));
    }

    private static double largestEntry(double[] state) {
        double big = 0;
        for (double v : state) {
            big = Math.max(big, Math.abs(v));
        }
        return big;
    }
}
