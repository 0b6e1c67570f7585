package dev.overlap.model;

import java.util.Locale;

/**
 * Refuses, before allocating, a run whose arrays would not fit in the memory this JVM may use: a clear
 * {@link SpecException} with the size and the fix, instead of an {@link OutOfMemoryError} half-way through.
 */
public final class MemoryBudget {

    /** Longest Java array (a few elements below {@link Integer#MAX_VALUE} on HotSpot). */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private MemoryBudget() {
    }

    /**
     * Checks that {@code doubles} more doubles, in arrays of at most {@code longestArray} elements, fit: the arrays
     * must be allocatable and the bytes at most the JVM's maximum heap less what is in use now.
     *
     * @param doubles      number of doubles to allocate
     * @param longestArray length of the longest single array among them
     * @param what         what they are, for the message (e.g. "the weights W and W*, (p + p*)·N doubles")
     * @param smaller      how to make the run smaller, for the message (e.g. "a smaller {N}", with the parameters
     *                     written as {@link SpecException#mentioning} reads them)
     * @throws SpecException if they do not fit
     */
    public static void require(double doubles, double longestArray, String what, String smaller) {
        if (longestArray > MAX_ARRAY_LENGTH) {
            throw SpecException.mentioning(String.format(Locale.ROOT, "%s would need an array of %.3g elements, beyond"
                    + " Java's limit of 2³¹ − 9: use %s", what, longestArray, smaller), null);
        }
        Runtime rt = Runtime.getRuntime();
        double available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        double bytes = 8 * doubles;
        if (bytes > available) {
            throw SpecException.mentioning(String.format(Locale.ROOT, "%s need %s of memory, more than the %s this JVM may"
                    + " still use: use %s, or give Java more memory (OVERLAP_JAVA_OPTS=-Xmx%dg, at most the machine's"
                    + " memory)", what, size(bytes), size(available), smaller,
                    (long) Math.ceil(1.25 * bytes / (1L << 30)) + 1), null);
        }
    }

    /** Bytes in KB, MB or GB, three significant digits. */
    static String size(double bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.3g GB", bytes / (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.3g MB", bytes / (1L << 20));
        }
        return String.format(Locale.ROOT, "%.3g kB", bytes / 1024);
    }
}
