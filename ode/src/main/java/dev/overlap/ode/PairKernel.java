package dev.overlap.ode;

import dev.overlap.model.Activation;
import dev.overlap.model.SpecException;

/**
 * K(a, b, c) = E[σ(u) σ(v)] for (u, v) centred Gaussian with Var u = a, Var v = b, Cov(u, v) = c, and its
 * partial derivatives, in closed form:
 * <ul>
 * <li>quadratic σ(z) = z²: K = ab + 2c² (Isserlis);</li>
 * <li>erf σ(z) = erf(z/√2): K = (2/π) arcsin(c/√((1+a)(1+b))), ∂K/∂c = (2/π)/√((1+a)(1+b) − c²),
 * ∂K/∂a = −(c/π)/((1+a)√((1+a)(1+b) − c²)) (Saad &amp; Solla 1995);</li>
 * <li>ReLU: the arc-cosine kernel of degree 1 (Cho &amp; Saul, NeurIPS 2009),
 * K = √(ab)/(2π) (sin θ + (π − θ) cos θ), cos θ = c/√(ab); by Price's theorem ∂K/∂c = P(u &gt; 0, v &gt; 0)
 * = (π − θ)/(2π) and ∂K/∂a = ½ E[δ(u) relu(v)] = √(ab − c²)/(4π a);</li>
 * <li>|z|: K = (2/π)(√(ab − c²) + c arcsin ρ), ρ = c/√(ab); ∂K/∂c = E[sign u sign v] = (2/π) arcsin ρ,
 * ∂K/∂a = ½ E[2δ(u) |v|] = √(ab − c²)/(π a).</li>
 * </ul>
 */
public interface PairKernel {

    double value(double a, double b, double c);

    /** ∂K/∂a (by symmetry ∂K/∂b(a, b, c) = ∂K/∂a(b, a, c)). */
    double dVariance(double a, double b, double c);

    /** ∂K/∂c. */
    double dCovariance(double a, double b, double c);

    /**
     * The kernel of an activation, as its {@link ActivationTheory#populationLossKernel()}.
     *
     * @throws SpecException if no closed form is known
     */
    static PairKernel of(Activation sigma) {
        return ActivationTheory.of(sigma).populationLossKernel().orElseThrow(() -> new SpecException(
                "no closed-form population loss for activation '" + sigma.name() + "'"));
    }

    PairKernel QUADRATIC = new PairKernel() {
        @Override
        public double value(double a, double b, double c) {
            return a * b + 2 * c * c;
        }

        @Override
        public double dVariance(double a, double b, double c) {
            return b;
        }

        @Override
        public double dCovariance(double a, double b, double c) {
            return 4 * c;
        }
    };

    PairKernel ERF = new PairKernel() {
        @Override
        public double value(double a, double b, double c) {
            return 2 / Math.PI * Math.asin(c / Math.sqrt((1 + a) * (1 + b)));
        }

        @Override
        public double dVariance(double a, double b, double c) {
            return -c / (Math.PI * (1 + a) * Math.sqrt((1 + a) * (1 + b) - c * c));
        }

        @Override
        public double dCovariance(double a, double b, double c) {
            return 2 / Math.PI / Math.sqrt((1 + a) * (1 + b) - c * c);
        }
    };

    PairKernel RELU = new PairKernel() {
        private double cosTheta(double a, double b, double c) {
            double ab = Math.sqrt(a * b);
            return ab == 0 ? 0 : Math.max(-1, Math.min(1, c / ab));
        }

        @Override
        public double value(double a, double b, double c) {
            double cos = cosTheta(a, b, c);
            double theta = Math.acos(cos);
            return Math.sqrt(a * b) / (2 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * cos);
        }

        @Override
        public double dVariance(double a, double b, double c) {
            return a <= 0 ? 0 : Math.sqrt(Math.max(0, a * b - c * c)) / (4 * Math.PI * a);
        }

        @Override
        public double dCovariance(double a, double b, double c) {
            return (Math.PI - Math.acos(cosTheta(a, b, c))) / (2 * Math.PI);
        }
    };

    PairKernel ABS = new PairKernel() {
        private double rho(double a, double b, double c) {
            double ab = Math.sqrt(a * b);
            return ab == 0 ? 0 : Math.max(-1, Math.min(1, c / ab));
        }

        @Override
        public double value(double a, double b, double c) {
            return 2 / Math.PI * (Math.sqrt(Math.max(0, a * b - c * c)) + c * Math.asin(rho(a, b, c)));
        }

        @Override
        public double dVariance(double a, double b, double c) {
            return a <= 0 ? 0 : Math.sqrt(Math.max(0, a * b - c * c)) / (Math.PI * a);
        }

        @Override
        public double dCovariance(double a, double b, double c) {
            return 2 / Math.PI * Math.asin(rho(a, b, c));
        }
    };
}
