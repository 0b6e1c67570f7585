package dev.overlap.validation.symbolic;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.ode.AbstractOverlapDynamics;
import dev.overlap.symbolic.CompiledEquations;
import dev.overlap.symbolic.EquationCompiler;
import dev.overlap.symbolic.OverlapEquations;

/**
 * The right-hand side evaluated by the compiled symbolic equations ({@link dev.overlap.symbolic.Derivation}),
 * with the exact symbolic Jacobian. Works for any polynomial activation; for the quadratic one it must agree
 * with {@link dev.overlap.ode.QuadraticClosedFormDynamics}. It lives here rather than in ode, which does not
 * depend on Symja; ode reaches it through {@link SymbolicRhs}, its registered
 * {@link dev.overlap.ode.SymbolicRightHandSide}.
 */
public final class SymbolicDynamics extends AbstractOverlapDynamics {

    private final double[] tUpper;
    private final CompiledEquations compiled;
    private final OverlapEquations equations;
    private final double eta;
    private final double delta;

    /**
     * Compiles the equations (see {@link SymbolicRhs} for the evaluators compiled once per JVM).
     *
     * @param spec      the model (widths, activation, normalisation and η² switch must match the equations)
     * @param t         the teacher overlap T
     * @param equations derived equations
     */
    public SymbolicDynamics(ModelSpec spec, double[][] t, OverlapEquations equations) {
        this(spec, t, equations, null);
    }

    /**
     * @param compiled the evaluator of {@code equations} ({@link EquationCompiler#compile(OverlapEquations)}), or
     *                 null to compile them here
     */
    SymbolicDynamics(ModelSpec spec, double[][] t, OverlapEquations equations, CompiledEquations compiled) {
        super(spec, t);
        if (equations.p() != spec.p() || equations.pstar() != spec.pstar()
                || !equations.activation().equals(spec.activation())
                || equations.normalisation() != spec.normalisation() || equations.eta2() != spec.eta2()) {
            throw new SpecException("the derived equations do not match the model specification");
        }
        this.equations = equations;
        this.tUpper = new double[ps * (ps + 1) / 2];
        int k = 0;
        for (int r = 0; r < ps; r++) {
            for (int s = r; s < ps; s++) {
                tUpper[k++] = t[r][s];
            }
        }
        this.compiled = compiled != null ? compiled : EquationCompiler.compile(equations);
        this.eta = spec.eta();
        this.delta = spec.noise();
    }

    /** The equations this evaluator was compiled from. */
    public OverlapEquations equations() {
        return equations;
    }

    @Override
    public void derivatives(double[] y, double[] yDot) {
        compiled.rhs(y, tUpper, eta, delta, yDot);
    }

    @Override
    public double generalisationError(double[] y) {
        return compiled.epsG(y, tUpper);
    }

    @Override
    public double[][] jacobian(double[] y) {
        int d = dimension();
        double[] flat = new double[d * d];
        compiled.jacobian(y, tUpper, eta, delta, flat);
        double[][] j = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(flat, i * d, j[i], 0, d);
        }
        return j;
    }

    @Override
    public boolean exactJacobian() {
        return true;
    }

    @Override
    public boolean exactJacobian(double[] y, double[] rowMajor) {
        compiled.jacobian(y, tUpper, eta, delta, rowMajor);
        return true;
    }

    @Override
    public String evaluatorName() {
        return "symbolic";
    }
}
