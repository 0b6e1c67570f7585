package dev.overlap.ode;

import java.util.Arrays;
import java.util.Locale;

import dev.overlap.model.MemoryBudget;
import dev.overlap.model.SpecException;

/**
 * The α values at which a trajectory is reported: ascending, finite, ≥ 0, without repeats. The integrator
 * steps adaptively and the values are read off its dense output, so the grid does not affect accuracy.
 */
public final class AlphaGrid {

    private final double[] values;
    private final String description;

    private AlphaGrid(double[] values, String description) {
        this.values = values;
        this.description = description;
    }

    /** The grid's values, and a trajectory's α and ε_g on it, must fit ({@link MemoryBudget}). */
    private static void requireMemory(int points) {
        MemoryBudget.require(3.0 * points, points, "the grid's " + points + " α values, with α and ε_g per row,",
                "fewer {points}");
    }

    /**
     * {@code points} equally spaced values from 0 to alphaMax inclusive (points ≥ 2).
     *
     * @return the grid 0, alphaMax/(points−1), …, alphaMax
     */
    public static AlphaGrid linear(double alphaMax, int points) {
        checkMax(alphaMax);
        if (points < 2) {
            throw new SpecException("points", "the number of grid points",
                    "must be at least 2 for a linear grid (got " + points + ")");
        }
        requireMemory(points);
        double[] v = new double[points];
        for (int i = 0; i < points; i++) {
            v[i] = alphaMax * i / (points - 1);
        }
        v[points - 1] = alphaMax;
        return new AlphaGrid(v, String.format(Locale.ROOT, "linear 0..%g, %d points", alphaMax, points));
    }

    /**
     * α = 0 followed by {@code points − 1} logarithmically spaced values from alphaMin to alphaMax inclusive
     * (points ≥ 3, 0 &lt; alphaMin &lt; alphaMax).
     *
     * @return the grid
     */
    public static AlphaGrid log(double alphaMin, double alphaMax, int points) {
        checkMax(alphaMax);
        if (!Double.isFinite(alphaMin) || alphaMin <= 0 || alphaMin >= alphaMax) {
            throw new SpecException("alpha_min", "α_min", "must satisfy 0 < α_min < α_max (got α_min = " + alphaMin
                    + ", α_max = " + alphaMax + ")");
        }
        if (points < 3) {
            throw new SpecException("points", "the number of grid points",
                    "must be at least 3 for a log grid (got " + points + ")");
        }
        requireMemory(points);
        double[] v = new double[points];
        double lo = Math.log(alphaMin);
        double hi = Math.log(alphaMax);
        for (int i = 1; i < points; i++) {
            v[i] = Math.exp(lo + (hi - lo) * (i - 1) / (points - 2));
        }
        v[1] = alphaMin;
        v[points - 1] = alphaMax;
        return new AlphaGrid(v, String.format(Locale.ROOT, "log %g..%g, %d points (plus α = 0)", alphaMin, alphaMax,
                points - 1));
    }

    /**
     * Explicit values (sorted ascending; duplicates removed).
     *
     * @return the grid of the distinct values
     */
    public static AlphaGrid of(double... alphas) {
        if (alphas.length == 0) {
            throw new SpecException("alphas", "the list of α", "needs at least one value");
        }
        for (double a : alphas) {
            if (!Double.isFinite(a) || a < 0) {
                throw new SpecException("alphas", "the list of α", "values must be finite and ≥ 0 (got " + a + ")");
            }
        }
        double[] v = Arrays.stream(alphas).sorted().distinct().toArray();
        return new AlphaGrid(v, "explicit, " + v.length + " values");
    }

    /**
     * Parses a comma-separated list such as {@code 0.5,2,7}.
     *
     * @return the grid of the listed values
     * @throws SpecException naming the first entry that is not a number
     */
    public static AlphaGrid parse(String list) {
        String[] parts = list.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw SpecException.mentioning("{alphas} entry '" + parts[i].trim() + "' is not a number", e);
            }
        }
        return of(v);
    }

    private static void checkMax(double alphaMax) {
        if (!Double.isFinite(alphaMax) || alphaMax <= 0) {
            throw new SpecException("alpha_max", "α_max", "must be a finite number > 0 (got " + alphaMax + ")");
        }
    }

    /**
     * A copy of the values.
     *
     * @return a new array of the values, ascending
     */
    public double[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public double get(int i) {
        return values[i];
    }

    /**
     * The last (largest) value.
     *
     * @return the largest α of the grid
     */
    public double last() {
        return values[values.length - 1];
    }

    /**
     * Human description, recorded in outputs.
     *
     * @return the kind of grid, its range and size, e.g. {@code linear 0..10, 101 points}
     */
    public String description() {
        return description;
    }
}
