package dev.overlap.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of a sweep: the Cartesian product of its axes (the first axis varies slowest, as in nested loops
 * written in the order of the flags), or with {@code zip} the i-th value of every axis together. Every point
 * also carries the fixed (unswept) arguments.
 */
public final class SweepGrid {

    /** Largest number of points a sweep may have. */
    public static final long MAX_POINTS = 10_000_000L;

    private final List<SweepAxis> axes;
    private final List<String> fixedArgs;
    private final boolean zip;
    private final int size;

    /**
     * @throws IllegalArgumentException if zipped axes differ in length, or the grid has more than
     *                                  {@link #MAX_POINTS} points
     */
    public SweepGrid(List<SweepAxis> axes, List<String> fixedArgs, boolean zip) {
        this.axes = List.copyOf(axes);
        this.fixedArgs = List.copyOf(fixedArgs);
        this.zip = zip;
        if (zip && !axes.isEmpty()) {
            int n = axes.get(0).values().size();
            for (SweepAxis a : axes) {
                if (a.values().size() != n) {
                    throw new IllegalArgumentException("--zip pairs the i-th values of every swept flag, so they need"
                            + " equal lengths: " + lengths());
                }
            }
            size = n;
        } else {
            long n = 1;
            for (SweepAxis a : axes) {
                n *= a.values().size();
                if (n > MAX_POINTS) {
                    throw new IllegalArgumentException("the sweep has more than " + MAX_POINTS + " points (" + lengths()
                            + "): split it");
                }
            }
            size = (int) n;
        }
    }

    private String lengths() {
        List<String> parts = new ArrayList<>();
        for (SweepAxis a : axes) {
            parts.add(a.flag() + " has " + a.values().size());
        }
        return String.join(", ", parts);
    }

    /**
     * The swept axes, in the order given.
     *
     * @return the axes (unmodifiable)
     */
    public List<SweepAxis> axes() {
        return axes;
    }

    /**
     * The arguments every point shares.
     *
     * @return the fixed arguments (unmodifiable)
     */
    public List<String> fixedArgs() {
        return fixedArgs;
    }

    /**
     * Whether the axes are zipped rather than crossed.
     *
     * @return true for --zip (the i-th values of all axes together), false for the cross product
     */
    public boolean zip() {
        return zip;
    }

    /**
     * Number of points.
     *
     * @return the length of the axes when zipped, the product of their lengths when crossed
     */
    public int size() {
        return size;
    }

    /**
     * The point at {@code index} (0-based, grid order).
     *
     * @return the point, its arguments the fixed ones followed by one value per axis
     */
    public SweepPoint point(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        Map<String, String> params = new LinkedHashMap<>();
        int rest = index;
        int[] digit = new int[axes.size()];
        for (int k = axes.size() - 1; k >= 0; k--) {
            int len = axes.get(k).values().size();
            digit[k] = zip ? index : rest % len;
            rest = zip ? rest : rest / len;
        }
        List<String> args = new ArrayList<>(fixedArgs);
        for (int k = 0; k < axes.size(); k++) {
            SweepAxis a = axes.get(k);
            String v = a.values().get(digit[k]);
            params.put(a.flag(), v);
            args.add(a.flag());
            args.add(v);
        }
        return new SweepPoint(index, params, args);
    }

    /**
     * All points in grid order.
     *
     * @return the {@link #size()} points
     */
    public List<SweepPoint> points() {
        List<SweepPoint> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(point(i));
        }
        return out;
    }
}
