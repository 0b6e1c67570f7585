package dev.overlap.model;

/**
 * How the teacher's weights W* (p*×N) are chosen; the ODE only sees T = W* W*ᵀ/N.
 */
public sealed interface TeacherSpec {

    /**
     * Identifier recorded in outputs: {@code orthonormal}, {@code gaussian} or {@code file}.
     *
     * @return the kind of teacher, as written in the outputs
     */
    String kind();

    /**
     * Orthogonal rows with |w*_r|² = N (default), so T = I exactly. At finite N the rows are Gaussian
     * vectors orthonormalised by Gram–Schmidt and scaled by √N.
     */
    record Orthonormal() implements TeacherSpec {
        @Override
        public String kind() {
            return "orthonormal";
        }
    }

    /**
     * Rows i.i.d. N(0, I_N), drawn at width {@code n} from stream {@link RandomStreams#TEACHER} of
     * {@code seed}; T = I + O(N^-½).
     */
    record Gaussian(int n, long seed) implements TeacherSpec {
        public Gaussian {
            if (n < 1) {
                throw new SpecException("a Gaussian teacher needs the input dimension N ≥ 1 (got " + n + ")");
            }
        }

        @Override
        public String kind() {
            return "gaussian";
        }
    }

    /**
     * A teacher overlap T given in a file ({@code {"T": [[…]]}}). At finite N, weights with exactly this
     * T are built as W* = V Λ^½ O √N from the eigen-decomposition T = V Λ Vᵀ and orthonormal rows O.
     */
    record FromFile(String path, double[][] t) implements TeacherSpec {
        public FromFile {
            t = Overlaps.copy(t);
        }

        @Override
        public String kind() {
            return "file";
        }

        @Override
        public double[][] t() {
            return Overlaps.copy(t);
        }
    }
}
