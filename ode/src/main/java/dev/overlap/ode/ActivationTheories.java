package dev.overlap.ode;

import java.util.ServiceLoader;

import dev.overlap.model.Activation;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.StandardActivation;

/** The lookup behind {@link ActivationTheory#of}: the only place that inspects which activation σ is. */
final class ActivationTheories {

    private ActivationTheories() {
    }

    /** The provider of σ (see {@link ActivationTheory#of(Activation, SymbolicRightHandSide)}). */
    static ActivationTheory of(Activation sigma, SymbolicRightHandSide symbolic) {
        if (sigma instanceof PolynomialActivation poly) {
            return poly.isQuadratic() ? new QuadraticTheory(poly, symbolic) : new PolynomialTheory(poly, symbolic);
        }
        if (sigma == StandardActivation.ERF) {
            return ErfTheory.INSTANCE;
        }
        if (sigma == StandardActivation.RELU) {
            return new KernelOnlyTheory(sigma, PairKernel.RELU);
        }
        if (sigma == StandardActivation.ABS) {
            return new KernelOnlyTheory(sigma, PairKernel.ABS);
        }
        return new KernelOnlyTheory(sigma, null);
    }

    /** The first {@link SymbolicRightHandSide} registered with the service loader, or null; looked up once. */
    static SymbolicRightHandSide registeredSymbolic() {
        return Registered.SYMBOLIC;
    }

    /** Holder: the service loader runs on first use, once per class loader. */
    private static final class Registered {
        static final SymbolicRightHandSide SYMBOLIC = ServiceLoader
                .load(SymbolicRightHandSide.class, SymbolicRightHandSide.class.getClassLoader()).findFirst()
                .orElse(null);
    }
}
