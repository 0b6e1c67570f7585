package dev.overlap.model;

import java.util.function.DoubleUnaryOperator;

/**
 * Non-polynomial activations with their derivatives.
 * <ul>
 * <li>{@link #ERF}: σ(z) = erf(z/√2), σ'(z) = √(2/π) e^{−z²/2} (the soft committee machine of Saad &amp; Solla; erf
 * by {@link ErrorFunction}, to 10⁻¹⁴);</li>
 * <li>{@link #RELU}: σ(z) = max(0, z), σ'(z) = 1 for z &gt; 0, else 0;</li>
 * <li>{@link #ABS}: σ(z) = |z|, σ'(z) = sign(z).</li>
 * </ul>
 */
public final class StandardActivation implements Activation {

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    /** σ(z) = erf(z/√2). */
    public static final StandardActivation ERF = new StandardActivation("erf", z -> ErrorFunction.erf(z * INV_SQRT2),
            z -> SQRT_2_OVER_PI * Math.exp(-0.5 * z * z));
    /** σ(z) = max(0, z). */
    public static final StandardActivation RELU = new StandardActivation("relu", z -> z > 0 ? z : 0.0,
            z -> z > 0 ? 1.0 : 0.0);
    /** σ(z) = |z|. */
    public static final StandardActivation ABS = new StandardActivation("abs", Math::abs, Math::signum);

    private final String name;
    private final DoubleUnaryOperator value;
    private final DoubleUnaryOperator derivative;

    private StandardActivation(String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
        this.name = name;
        this.value = value;
        this.derivative = derivative;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double value(double z) {
        return value.applyAsDouble(z);
    }

    @Override
    public double derivative(double z) {
        return derivative.applyAsDouble(z);
    }

    @Override
    public String toString() {
        return name;
    }
}
