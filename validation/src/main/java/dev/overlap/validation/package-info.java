/**
 * Independent validation of the exact theory by sampling. {@link dev.overlap.validation.GaussianMonteCarlo}
 * estimates Gaussian expectations E[f(Λ)], Λ ~ N(0, C), with standard errors, so that the closed-form moments
 * and the overlap ODE right-hand sides of the {@code ode} module can be checked against plain averages of the
 * polynomials they stand for (agreement is judged by z-scores). Randomness comes from
 * {@link dev.overlap.model.RandomStreams}, so every estimate is reproducible from its seed.
 */
package dev.overlap.validation;
