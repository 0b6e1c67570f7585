package dev.overlap.model;

/**
 * Where the overlaps start at α = 0.
 */
public sealed interface InitialCondition {

    /**
     * Identifier recorded in outputs: {@code random}, {@code isotropic} or {@code file}.
     *
     * @return the kind of start, as written in the outputs
     */
    String kind();

    /**
     * Draw W(0) with rows i.i.d. N(0, σ₀² I_N) (stream {@link RandomStreams#STUDENT_INIT} of {@code seed})
     * and the teacher at the same N and seed, and take their overlaps: Q(0) = σ₀² I + O(N^-½),
     * R(0) = O(σ₀ N^-½).
     */
    record Random(int n, double sigma0, long seed) implements InitialCondition {
        public Random {
            if (n < 1) {
                throw new SpecException("N", "the input dimension N", "must be at least 1 (got " + n + ")");
            }
            if (!Double.isFinite(sigma0) || sigma0 < 0) {
                throw new SpecException("sigma0", "σ₀", "must be a finite number ≥ 0 (got " + sigma0 + ")");
            }
        }

        @Override
        public String kind() {
            return "random";
        }
    }

    /**
     * Q(0) = q₀ I and R(0) = r₀ P, where P is the specialisation pattern P[a][r] = 1 if
     * r = a mod p* (0-based), else 0: student a starts aligned with teacher a mod p*.
     */
    record Isotropic(double q0, double r0) implements InitialCondition {
        public Isotropic {
            if (!Double.isFinite(q0) || q0 < 0) {
                throw new SpecException("q0", "q₀", "must be a finite number ≥ 0 (got " + q0 + ")");
            }
            if (!Double.isFinite(r0)) {
                throw new SpecException("r0", "r₀", "must be a finite number (got " + r0 + ")");
            }
        }

        @Override
        public String kind() {
            return "isotropic";
        }

        /**
         * The pattern P (p×p*) described above.
         *
         * @return a new p×p* matrix P
         */
        public static double[][] pattern(int p, int pstar) {
            double[][] m = new double[p][pstar];
            for (int a = 0; a < p; a++) {
                m[a][a % pstar] = 1.0;
            }
            return m;
        }
    }

    /** A state read from a JSON file {@code {"Q": [[…]], "R": [[…]], "T": [[…]]}} (T optional). */
    record FromFile(String path, Overlaps state) implements InitialCondition {
        @Override
        public String kind() {
            return "file";
        }
    }
}
