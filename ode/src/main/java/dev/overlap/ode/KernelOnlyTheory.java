package dev.overlap.ode;

import java.util.Optional;

import dev.overlap.model.Activation;

/**
 * An activation without overlap ODEs (ReLU, |z|, or one this project does not know): at most a closed-form pair
 * kernel (ReLU's arc-cosine kernel, |z|'s), which gives the population loss and the simulator's exact ε_g, and the
 * diffusion by quadrature.
 */
final class KernelOnlyTheory extends AbstractActivationTheory {

    private final PairKernel kernel;

    /** @param kernel the closed-form pair kernel, or null if none is known */
    KernelOnlyTheory(Activation sigma, PairKernel kernel) {
        super(sigma);
        this.kernel = kernel;
    }

    @Override
    public Optional<PairKernel> populationLossKernel() {
        return Optional.ofNullable(kernel);
    }
}
