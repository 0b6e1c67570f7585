package dev.overlap.papers;

/** Copies of matrices stored as arrays of rows (each row its own array). */
final class Matrices {

    private Matrices() {
    }

    /** @return a copy of {@code m} that shares no row with it */
    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    /** @return a copy of {@code m} that shares no row with it */
    static long[][] copy(long[][] m) {
        long[][] c = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
