package dev.overlap.ode.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The mutable accumulator follows the same error-free steps as {@link DoubleDouble}, so sums of products built either
 * way are equal bit for bit (10⁴ random sums of 12 terms with exponents over ±20 decades, seed fixed).
 */
class DoubleDoubleSumTest {

    @Test
    void equalsTheRecordArithmeticBitForBit() {
        SplittableRandom rng = new SplittableRandom(11);
        DoubleDoubleSum acc = new DoubleDoubleSum();
        for (int trial = 0; trial < 10_000; trial++) {
            acc.reset();
            DoubleDouble ref = DoubleDouble.ZERO;
            for (int term = 0; term < 12; term++) {
                DoubleDouble a = DoubleDouble.sum(value(rng), value(rng) * 1e-17);
                DoubleDouble b = DoubleDouble.sum(value(rng), value(rng) * 1e-17);
                double k = value(rng);
                if (term % 2 == 0) {
                    acc.addProduct(a.hi(), a.lo(), b.hi(), b.lo(), k);
                    ref = ref.add(a.multiply(b).multiply(k));
                } else {
                    acc.addScaled(a.hi(), a.lo(), k);
                    ref = ref.add(a.multiply(k));
                }
            }
            assertEquals(ref.hi(), acc.hi(), "high part, trial " + trial);
            assertEquals(ref.lo(), acc.lo(), "low part, trial " + trial);
        }
    }

    private static double value(SplittableRandom rng) {
        return (rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(-20, 21));
    }
}
