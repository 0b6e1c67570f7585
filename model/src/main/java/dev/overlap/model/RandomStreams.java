package dev.overlap.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent, reproducible random streams derived from a master seed and a stream index.
 *
 * <p>The stream seed is the SplitMix64 finaliser of {@code master} combined with the index, so streams
 * for different indices (or masters) are decorrelated; the generator is XoRoShiRo128++ (Commons RNG),
 * which Commons RNG seeds from a {@code long} through SplitMix64. Stream 0 of a seed is the teacher,
 * stream 1 the student's initial weights, stream 2 the inputs x of the SGD steps, stream 3 the label
 * noise ξ, stream 4 the samples of a Monte Carlo ε_g; the exact overlap chain (no weights) draws its initial
 * overlaps from stream 5 and its per-step fields from stream 6; later modules take further indices.
 */
public final class RandomStreams {

    /** Stream index used to draw the teacher weights. */
    public static final long TEACHER = 0;
    /** Stream index used to draw the student's initial weights. */
    public static final long STUDENT_INIT = 1;
    /** Stream index of the SGD inputs x ~ N(0, I_N), one fresh vector per step. */
    public static final long INPUTS = 2;
    /** Stream index of the label noise ξ ~ N(0, 1), one value per step (drawn only when Δ &gt; 0). */
    public static final long LABEL_NOISE = 3;
    /** Stream index of the Gaussian field samples of a Monte Carlo ε_g (activations without a closed form). */
    public static final long EPS_G_MONTE_CARLO = 4;
    /** Stream index of the overlap chain's draw of the initial overlaps from their exact finite-N law. */
    public static final long CHAIN_START = 5;
    /** Stream index of the overlap chain's per-step draws: the field components z and the χ² of the rest of x. */
    public static final long CHAIN_STEPS = 6;

    private RandomStreams() {
    }

    /**
     * A new generator for stream {@code index} of {@code master}.
     *
     * @return a generator seeded with {@link #streamSeed(long, long)}
     */
    public static UniformRandomProvider stream(long master, long index) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(streamSeed(master, index));
    }

    /**
     * The seed of stream {@code index} of {@code master}: two rounds of the SplitMix64 finaliser.
     *
     * @return the 64-bit seed of the stream
     */
    public static long streamSeed(long master, long index) {
        return mix(mix(master) + 0x9E3779B97F4A7C15L * (index + 1));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
