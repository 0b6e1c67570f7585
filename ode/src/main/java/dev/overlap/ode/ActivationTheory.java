package dev.overlap.ode;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.ode.finiten.Diffusion;

/**
 * What the project knows about one activation σ: the one place that answers "what theory does this activation
 * have". Callers look the provider up once with {@link #of(Activation)} and ask it; nothing else inspects the type
 * or name of an activation.
 *
 * <p>A provider answers
 * <ul>
 * <li>which evaluators of the N → ∞ right-hand side dy/dα exist ({@link #rightHandSides()}: the closed form, the
 * compiled symbolic equations, or none) and builds them ({@link #dynamics});</li>
 * <li>which closed forms exist: the population-loss kernel K(a, b, c) = E[σ(u)σ(v)] ({@link #populationLossKernel}),
 * and the consequences of the student's rotation symmetry (z² only: {@link #rotationSymmetric});</li>
 * <li>which finite-N diffusion D(Ω) applies ({@link #diffusion}: a closed form, or Gauss–Hermite quadrature);</li>
 * <li>which weight-space Hessian method applies ({@link #weightSpaceHessian}).</li>
 * </ul>
 *
 * <p>The providers of z², erf, ReLU, |z| and the other polynomials live in this package. The compiled symbolic
 * right-hand side needs a computer-algebra system, so ode does not hold it: it is a {@link SymbolicRightHandSide}
 * found with {@link java.util.ServiceLoader} (overlap-validation registers one), and without it a polynomial other
 * than z² has no overlap ODEs.
 */
public interface ActivationTheory {

    /** The activation this theory is about. */
    Activation activation();

    /** The evaluators of the overlap ODEs that exist for σ; empty when σ has no overlap ODEs. */
    Set<RhsKind> rightHandSides();

    /**
     * The evaluator used when none is asked for: the closed form where there is one, else the symbolic equations
     * (which {@link #dynamics} refuses when they do not exist either).
     */
    RhsKind defaultRightHandSide();

    /**
     * Whether {@link #dynamics}(spec, T, {@link #defaultRightHandSide()}) succeeds for the widths of the spec: the
     * activation has overlap ODEs, and they are within the size limits of their evaluator.
     */
    boolean hasDynamics(ModelSpec spec);

    /**
     * The N → ∞ right-hand side of the overlap ODEs evaluated by {@code kind}.
     *
     * @param spec the model (its activation is {@link #activation()})
     * @param t    the teacher overlap T
     * @throws SpecException if the evaluator does not exist for σ or for these widths
     */
    OverlapDynamics dynamics(ModelSpec spec, double[][] t, RhsKind kind);

    /** K(a, b, c) = E[σ(u)σ(v)] in closed form, which gives the population loss exactly; empty if none is known. */
    Optional<PairKernel> populationLossKernel();

    /**
     * Whether the dynamics have the rotation symmetry of σ(z) = z² in the student space, with its closed forms: the
     * conserved matrix K(α) of {@link RotationalSymmetry}, the distance to the closest zero-loss solution, the
     * plateau from the O(p) eigenvalue dynamics of Q ({@link IsotropicPlateau}), and the closed-form plateau of
     * {@link PlateauTheory}.
     */
    boolean rotationSymmetric();

    /**
     * Whether the plateau is the permutation-symmetric fixed point of Saad &amp; Solla (erf), on which the escape-time
     * law has been validated against the exact chain even where R = 0 is not invariant.
     */
    boolean permutationSymmetricPlateau();

    /**
     * The finite-N diffusion D(Ω) and drift of the model: a closed form where one is known, else Gauss–Hermite
     * quadrature.
     *
     * @throws SpecException if the quadrature would need too many points for these widths
     */
    Diffusion diffusion(ModelSpec spec, double[][] t);

    /** The degree k of σ when it is a polynomial (Gaussian expectations are then finite sums); empty otherwise. */
    OptionalInt polynomialDegree();

    /** How the weight-space Hessian of the population loss is computed; empty if it is not supported. */
    Optional<WeightSpaceHessian.Method> weightSpaceHessian();

    /** The theory of σ, with the registered symbolic right-hand side (if any; see the class comment). */
    static ActivationTheory of(Activation sigma) {
        return ActivationTheories.of(sigma, ActivationTheories.registeredSymbolic());
    }

    /**
     * The theory of σ, with the given symbolic right-hand side (for example one with its own equation cache).
     *
     * @param symbolic the symbolic right-hand side, or null for none
     */
    static ActivationTheory of(Activation sigma, SymbolicRightHandSide symbolic) {
        return ActivationTheories.of(sigma, symbolic);
    }
}
