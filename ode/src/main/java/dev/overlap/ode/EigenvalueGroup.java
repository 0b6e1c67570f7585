package dev.overlap.ode;

import java.util.ArrayList;
import java.util.List;

/**
 * A group of numerically equal eigenvalues: their mean, how many there are, and their range.
 *
 * @param value        the mean of the group's eigenvalues, or exactly 0 when the group lies within the tolerance
 *                     of 0 on both sides (its members are then zero to the accuracy of the computation)
 * @param multiplicity the number of eigenvalues in the group
 * @param min          the smallest member
 * @param max          the largest member
 */
public record EigenvalueGroup(double value, int multiplicity, double min, double max) {

    /** max − min: how far the members of the group are apart. */
    public double spread() {
        return max - min;
    }

    /**
     * Groups ascending eigenvalues: a new group starts wherever two neighbours differ by more than {@code tol}
     * (single linkage), so every member is within {@code tol} of its neighbour in the group. The groups come out
     * ascending and their multiplicities sum to the number of eigenvalues.
     *
     * @param ascending eigenvalues sorted ascending
     * @param tol       absolute tolerance ≥ 0
     */
    public static List<EigenvalueGroup> group(double[] ascending, double tol) {
        List<EigenvalueGroup> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= ascending.length; i++) {
            if (i == ascending.length || ascending[i] - ascending[i - 1] > tol) {
                double sum = 0;
                for (int k = start; k < i; k++) {
                    sum += ascending[k];
                }
                double lo = ascending[start];
                double hi = ascending[i - 1];
                double mean = lo >= -tol && hi <= tol ? 0.0 : sum / (i - start);
                out.add(new EigenvalueGroup(mean, i - start, lo, hi));
                start = i;
            }
        }
        return out;
    }
}
