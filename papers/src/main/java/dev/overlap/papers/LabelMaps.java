package dev.overlap.papers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Label maps π: {1…m} → {0, 1…r} (slot k of a width-m network carries teacher neuron π(k), or is zero type for
 * π(k) = 0) that take every value 1…r, enumerated one by one: the brute-force side of {@link SubspaceCounts}.
 */
final class LabelMaps {

    private LabelMaps() {
    }

    /**
     * @param zeroType whether label 0 (zero type) is allowed
     * @return every map {1…m} → {0, 1…r} (or {1…r}) that takes every value 1…r, in lexicographic order (slot 1 most
     *         significant)
     */
    static List<int[]> labelMaps(int r, int m, boolean zeroType) {
        List<int[]> out = new ArrayList<>();
        enumerate(r, m, zeroType, labels -> out.add(labels.clone()));
        return out;
    }

    /** @return counts of the maps of {@link #labelMaps} by their number j of zero-type slots (index j = 0…m) */
    static long[] countByZeroSlots(int r, int m, boolean zeroType) {
        long[] counts = new long[m + 1];
        enumerate(r, m, zeroType, labels -> counts[zeroSlots(labels)]++);
        return counts;
    }

    /** @return the number of zero-type slots (label 0) */
    static int zeroSlots(int[] labels) {
        int j = 0;
        for (int l : labels) {
            j += l == 0 ? 1 : 0;
        }
        return j;
    }

    /** @return the labels as a digit string, slot 1 first (e.g. {@code 102}) */
    static String digits(int[] labels) {
        StringBuilder sb = new StringBuilder();
        for (int l : labels) {
            sb.append(l);
        }
        return sb.toString();
    }

    /** Counts up through all maps like an odometer, keeping how often each label occurs. */
    private static void enumerate(int r, int m, boolean zeroType, Consumer<int[]> sink) {
        int lo = zeroType ? 0 : 1;
        int[] labels = new int[m];
        Arrays.fill(labels, lo);
        int[] hits = new int[r + 1];
        hits[lo] = m;
        while (true) {
            boolean covered = true;
            for (int i = 1; i <= r && covered; i++) {
                covered = hits[i] > 0;
            }
            if (covered) {
                sink.accept(labels);
            }
            int k = m - 1;
            while (k >= 0 && labels[k] == r) {
                hits[r]--;
                labels[k] = lo;
                hits[lo]++;
                k--;
            }
            if (k < 0) {
                return;
            }
            hits[labels[k]]--;
            labels[k]++;
            hits[labels[k]]++;
        }
    }
}
