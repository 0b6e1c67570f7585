package dev.overlap.ode.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * Reads an integration off at a requested grid: after each step [α₀, α₁] the grid values α_k ≤ α₁ not yet
 * recorded are interpolated on the step's continuous output, y(α_k), and turned into rows by a {@link RowReader}.
 * As a Hipparchus {@link ODEStepHandler} it reads the step interpolator; other integrators call
 * {@link #fill(double, DenseOutput)}. Grid values ≤ 0 (before the first step) are recorded by {@link #start}.
 *
 * @param <R> the row type
 */
public final class GridSampler<R> implements ODEStepHandler {

    /** Turns the state at a recorded α into a row; the state array may be reused, so a row must copy it. */
    @FunctionalInterface
    public interface RowReader<R> {
        /**
         * The row at α.
         *
         * @return a row that does not share {@code state}
         */
        R row(double alpha, double[] state);
    }

    private final double[] grid;
    private final RowReader<R> reader;
    private final double[] work;
    private double[] alphas;
    private final List<R> rows;
    private int next;

    /**
     * @param grid      the α values to record, ascending
     * @param dimension the state's dimension
     * @param reader    state → row
     */
    public GridSampler(double[] grid, int dimension, RowReader<R> reader) {
        this.grid = grid.clone();
        this.reader = reader;
        this.work = new double[dimension];
        this.alphas = new double[grid.length + 1];
        this.rows = new ArrayList<>(grid.length);
    }

    /** Records the initial state at the grid values ≤ 0. */
    public void start(double[] initial) {
        while (next < grid.length && grid[next] <= 0) {
            add(grid[next++], initial);
        }
    }

    /** Records the grid values in (α₀, α₁] of the step from Hipparchus' interpolator. */
    @Override
    public void handleStep(ODEStateInterpolator interpolator) {
        fill(interpolator.getCurrentState().getTime(), (alpha, out) -> System.arraycopy(
                interpolator.getInterpolatedState(alpha).getPrimaryState(), 0, out, 0, out.length));
    }

    /** Records the grid values ≤ {@code upTo} not yet recorded, from a continuous output that covers them. */
    public void fill(double upTo, DenseOutput out) {
        while (next < grid.length && grid[next] <= upTo) {
            out.state(grid[next], work);
            add(grid[next++], work);
        }
    }

    /**
     * Records the next grid value with a given state (the end state, where the last grid value lies a rounding
     * error beyond the integrator's last step), if one is left.
     */
    public void fillNext(double[] state) {
        if (next < grid.length) {
            add(grid[next++], state);
        }
    }

    /** Records a row at an α off the grid (where a run stopped at an event), after the rows recorded so far. */
    public void append(double alpha, double[] state) {
        add(alpha, state);
    }

    private void add(double alpha, double[] state) {
        if (rows.size() == alphas.length) {
            alphas = Arrays.copyOf(alphas, 2 * alphas.length);
        }
        alphas[rows.size()] = alpha;
        rows.add(reader.row(alpha, state));
    }

    /**
     * Number of rows recorded.
     *
     * @return the count
     */
    public int size() {
        return rows.size();
    }

    /**
     * Whether every grid value has been recorded.
     *
     * @return true once the last grid value is recorded
     */
    public boolean complete() {
        return next == grid.length;
    }

    /**
     * The α of each recorded row.
     *
     * @return a copy, one value per row
     */
    public double[] alphas() {
        return Arrays.copyOf(alphas, rows.size());
    }

    /**
     * The recorded rows, in order.
     *
     * @return an unmodifiable copy
     */
    public List<R> rows() {
        return List.copyOf(rows);
    }
}
