package dev.overlap.symbolic;

/**
 * A numeric evaluator of derived overlap equations, generated as Java source and compiled in memory.
 * Arguments: the flat state y (Q upper triangle, then R), the teacher overlap as its upper triangle
 * t = (T[1,1], T[1,2], …, T[p*,p*]), and the parameters η, Δ. Implementations allocate nothing and are
 * stateless (thread-safe).
 */
public interface CompiledEquations {

    /**
     * Dimension of the state.
     *
     * @return p(p+1)/2 + p p*, the length of y
     */
    int dimension();

    /** out[i] = dy_i/dα. */
    void rhs(double[] y, double[] t, double eta, double delta, double[] out);

    /**
     * ε_g.
     *
     * @return the generalisation error ε_g at the state y and teacher overlaps t
     */
    double epsG(double[] y, double[] t);

    /** out[i·d + j] = ∂(dy_i/dα)/∂y_j (row-major, d = dimension). */
    void jacobian(double[] y, double[] t, double eta, double delta, double[] out);
}
