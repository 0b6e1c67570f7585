package dev.overlap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.testing.ClassFiles;

/**
 * The generated straight-line steps ({@link ChainKernels}) against the generic loops of {@link OverlapChain}: bitwise
 * the same states over thousands of steps, for several (p, p*), quadratic and erf activations, with label noise, from
 * a singular G (zero pivots) and at N = p + p*.
 */
@Tag("slow")
class OverlapChainKernelTest {

    private static ModelSpec spec(int p, int pstar, String activation, double noise) {
        return ModelSpec.builder().p(p).pstar(pstar).activation(Activation.parse(activation.replace(';', ','))).lr(0.5).noise(noise)
                .build();
    }

    /** Steps a chain with the kernel and a twin with the loops, from the same seed, and compares every state. */
    private static void assertTwins(OverlapChain fast, OverlapChain loops, int steps) {
        assertTrue(fast.usesKernel());
        loops.useLoops();
        assertFalse(loops.usesKernel());
        for (int t = 0; t < steps; t++) {
            fast.step();
            loops.step();
            double[] a = fast.rawState();
            double[] b = loops.rawState();
            for (int i = 0; i < a.length; i++) {
                if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                    assertEquals(b[i], a[i], 0.0, "entry " + i + " differs at step " + (t + 1));
                    throw new AssertionError("entry " + i + " differs in its bits at step " + (t + 1));
                }
            }
        }
        assertEquals(loops.steps(), fast.steps());
        assertEquals(loops.overlaps(), fast.overlaps());
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1, quadratic, 0", "2, 1, quadratic, 0.3", "2, 2, quadratic, 0", "3, 3, quadratic, 0.1",
        "4, 2, quadratic, 0.1", "4, 1, quadratic, 0", "5, 3, quadratic, 0.2", "7, 1, quadratic, 0.1",
        "2, 6, quadratic, 0", "4, 2, erf, 0.1", "3, 1, erf, 0", "2, 2, poly:0;1;1/2, 0.2", "6, 2, erf, 0.05"
    })
    void randomStartSameBitsAsLoops(int p, int pstar, String activation, double noise) {
        ModelSpec spec = spec(p, pstar, activation, noise);
        for (int n : new int[] {p + pstar, p + pstar + 1, 50, 100000}) {
            long seed = 17L * n + p;
            assertTwins(OverlapChain.random(spec, n, 1.0, seed), OverlapChain.random(spec, n, 1.0, seed), 3000);
        }
    }

    /** G singular (rank 1 or 0, so zero pivots are clamped and G re-formed), at N = p + p* and beyond. */
    @ParameterizedTest
    @CsvSource({
        "4, 2, quadratic, 0.1", "3, 3, quadratic, 0", "3, 1, quadratic, 0.2", "4, 2, erf, 0.1", "2, 1, erf, 0"
    })
    void singularStartSameBitsAsLoops(int p, int pstar, String activation, double noise) {
        ModelSpec spec = spec(p, pstar, activation, noise);
        double[][] r = new double[p][pstar];
        double[][] q = new double[p][p];
        double[][] t = new double[pstar][pstar];
        for (int k = 0; k < pstar; k++) {
            t[k][k] = 1.0;
        }
        // Student rows: row 0 in the teacher's span only, the others equal to row 0 (rank-deficient G = 0).
        for (int a = 0; a < p; a++) {
            r[a][0] = 0.5;
            for (int b = 0; b < p; b++) {
                q[a][b] = 0.25;
            }
        }
        Overlaps zeroGram = Overlaps.of(q, r, t);
        // Rows 0 and 1 with a component outside the teacher's span along the same direction: G of rank 1.
        double[][] q1 = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                q1[a][b] = 0.25 + (a < 2 && b < 2 ? 0.5 : 0.0);
            }
        }
        Overlaps rankOne = Overlaps.of(q1, r, t);
        for (Overlaps start : new Overlaps[] {zeroGram, rankOne}) {
            for (int n : new int[] {p + pstar, 1000}) {
                long seed = 31L * n + pstar;
                assertTwins(OverlapChain.from(spec, start, n, seed), OverlapChain.from(spec, start, n, seed), 3000);
            }
        }
    }

    @Test
    void kernelsAreCachedPerSizeAndKind() {
        assertSame(ChainKernels.get(4, 2, true), ChainKernels.get(4, 2, true));
        assertTrue(ChainKernels.get(4, 2, true) != ChainKernels.get(4, 2, false));
        assertTrue(ChainKernels.get(4, 2, true) != ChainKernels.get(2, 4, true));
        assertFalse(ChainKernels.covers(ChainKernels.MAX_SIZE, 1));
        assertFalse(OverlapChain.random(spec(16, 4, "quadratic", 0), 100, 1.0, 1).usesKernel());
        assertTrue(OverlapChain.random(spec(4, 2, "quadratic", 0), 100, 1.0, 1).usesKernel());
    }

    /** Every generated step method up to the cutoff is under HotSpot's 8000-byte limit for JIT compilation. */
    @Test
    void generatedMethodsAreUnderTheJitLimit() throws IOException {
        int largest = 0;
        for (int p = 1; p < ChainKernels.MAX_SIZE; p++) {
            for (int pstar = 1; p + pstar <= ChainKernels.MAX_SIZE; pstar++) {
                for (boolean quadratic : new boolean[] {true, false}) {
                    int length = ClassFiles.methodCodeLengths(ChainKernels.bytecode(p, pstar, quadratic)).get("step");
                    assertTrue(length > 0 && length < 8000, "p = " + p + ", p* = " + pstar + ": " + length + " bytes");
                    largest = Math.max(largest, length);
                }
            }
        }
        System.out.println("largest generated chain step: " + largest + " bytes of bytecode");
    }
}
